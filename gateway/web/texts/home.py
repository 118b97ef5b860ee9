"""UI texts of the start page (what a learner can do here) and the status page (operators)."""

from __future__ import annotations

from gateway.web.texts.common import Texts

TEXTS: Texts = {
    "home.headline": {
        "sv": "Dina studieresultat, i hela Europa",
        "en": "Your study results, across Europe",
    },
    "home.lead": {
        "sv": "Här skickar du dina verifierade studieresultat till ett lärosäte utomlands, hämtar "
        "resultat som du har tagit utomlands och sparar dem i din digitala plånbok.",
        "en": "Here you send your verified study results to a university abroad, fetch the "
        "results you earned abroad, and keep them in your digital wallet.",
    },
    "home.login": {"sv": "Logga in", "en": "Log in"},
    "home.login_hint": {
        "sv": "Logga in för att se dina resultat, hämta resultat och se vad du har delat.",
        "en": "Log in to see your results, fetch results and see what you have shared.",
    },
    "home.login_institution": {
        "sv": "Du loggar in med ditt konto vid lärosätet när du väljer något nedan.",
        "en": "You log in with your university account when you choose one of these.",
    },
    "home.services": {"sv": "Vad du kan göra här", "en": "What you can do here"},
    "home.send.title": {"sv": "Skicka dina resultat utomlands", "en": "Send your results abroad"},
    "home.send.text": {
        "sv": "Ett lärosäte utomlands som använder EMREX skickar dig hit från sin ansökan. Du "
        "loggar in, väljer resultat och ser exakt vad som skickas innan du godkänner.",
        "en": "A university abroad that uses EMREX sends you here from its application. You log "
        "in, choose your results and see exactly what is sent before you agree.",
    },
    "home.fetch.title": {"sv": "Hämta resultat från utlandet", "en": "Fetch results from abroad"},
    "home.fetch.text": {
        "sv": "Välj ett lärosäte i ett annat land, logga in där och välj resultaten: de kommer "
        "tillbaka hit, verifierade.",
        "en": "Choose a university in another country, log in there and pick your results: they "
        "come back here, verified.",
    },
    "home.wallet.title": {
        "sv": "Lägg till i din digitala plånbok",
        "en": "Add to your digital wallet",
    },
    "home.wallet.text": {
        "sv": "Spara dina resultat som verifierbara intyg i en EU-plånbok för digital identitet.",
        "en": "Keep your results as verifiable credentials in an EU digital identity wallet.",
    },
    "home.transfers.title": {"sv": "Se vad du har delat", "en": "See what you have shared"},
    "home.transfers.text": {
        "sv": "Varje gång dina resultat har skickats: vad, till vem och när.",
        "en": "Every time your results were sent: what, to whom and when.",
    },
    "home.results_from": {
        "sv": "Resultaten här kommer från",
        "en": "The results kept here come from",
    },
    "home.operators": {
        "sv": "För den som driver tjänsten: status",
        "en": "For those who operate this service: status",
    },
    "nav.login": {"sv": "Logga in", "en": "Log in"},
    "status.title": {"sv": "Tjänstens status", "en": "Service status"},
}
