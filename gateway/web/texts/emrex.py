"""UI texts of the EMREX contact point and client pages (sv, en)."""

from __future__ import annotations

from gateway.web.texts.common import Texts

TEXTS: Texts = {
    # -- contact point: shared pieces -------------------------------------------------------
    "cp.expiry.before": {"sv": "Begäran går ut om", "en": "This request expires in"},
    "cp.expiry.minutes": {"sv": "minuter", "en": "minutes"},
    "cp.expiry.after": {
        "sv": "Blir du inte klar innan dess avbryts överföringen och du skickas tillbaka.",
        "en": "If you do not finish by then, the transfer is cancelled and you are sent back.",
    },
    "cp.kind.programme": {"sv": "Program", "en": "Programme"},
    "cp.kind.course": {"sv": "Kurs", "en": "Course"},
    "cp.kind.module": {"sv": "Modul", "en": "Module"},
    "cp.grade": {"sv": "Betyg", "en": "Grade"},
    "cp.credits": {"sv": "hp", "en": "ECTS credits"},
    "cp.status.passed": {"sv": "godkänd", "en": "passed"},
    "cp.status.failed": {"sv": "underkänd", "en": "failed"},
    "cp.status.in-progress": {"sv": "pågående", "en": "in progress"},
    "cp.status.annulled": {"sv": "makulerad", "en": "annulled"},  # every status has its text
    "cp.cancel": {"sv": "Avbryt överföringen", "en": "Cancel the transfer"},
    "cp.return_to": {"sv": "Tillbaka till", "en": "Return to"},
    # -- refused request ---------------------------------------------------------------------
    "cp.refused.title": {
        "sv": "Begäran om överföring kan inte tas emot",
        "en": "This transfer request cannot be accepted",
    },
    "cp.refused.explain": {
        "sv": "Tjänsten som skickade dig hit gav en ogiltig begäran. Av säkerhetsskäl skickas "
        "inga uppgifter dit, och du skickas inte tillbaka automatiskt.",
        "en": "The service that sent you here made an invalid request. For your safety nothing "
        "is sent to it and you are not sent back automatically.",
    },
    "cp.refused.next": {
        "sv": "Gå tillbaka till tjänsten du kom från och försök igen, eller kontakta den.",
        "en": "Go back to the service you came from and try again, or contact it.",
    },
    # -- selection -----------------------------------------------------------------------------
    "cp.select.title": {"sv": "Välj resultat att skicka", "en": "Choose the results to send"},
    "cp.select.intro": {
        "sv": "Du har ombetts att skicka verifierade studieresultat till",
        "en": "You have been asked to send verified study results to",
    },
    "cp.select.help": {
        "sv": "Markera det du vill skicka. Väljer du ett program eller en kurs följer dess "
        "delar med.",
        "en": "Tick what you want to send. Choosing a programme or a course includes its parts.",
    },
    "cp.select.none_chosen": {
        "sv": "Välj minst ett resultat, eller avbryt överföringen.",
        "en": "Choose at least one result, or cancel the transfer.",
    },
    "cp.select.all": {"sv": "Välj alla", "en": "Select all"},
    "cp.select.none": {"sv": "Välj inga", "en": "Select none"},
    "cp.select.continue": {"sv": "Fortsätt", "en": "Continue"},
    # -- nothing to send ---------------------------------------------------------------------
    "cp.nothing.title": {
        "sv": "Det finns inga resultat att skicka",
        "en": "There are no results to send",
    },
    "cp.nothing.explain": {
        "sv": "Här finns inga avslutade, godkända resultat för dig. Tjänsten du kom från får "
        "veta att det inte fanns något att skicka.",
        "en": "There are no finished, passed results for you here. The service you came from "
        "will be told that there was nothing to send.",
    },
    # -- consent -------------------------------------------------------------------------------
    "cp.consent.title": {"sv": "Godkänn överföringen", "en": "Agree to the transfer"},
    "cp.consent.recipient": {"sv": "Mottagare:", "en": "Recipient:"},
    "cp.consent.address": {"sv": "Fullständig adress:", "en": "Full address:"},
    "cp.consent.what": {"sv": "Det här skickas", "en": "What will be sent"},
    "cp.consent.personal": {
        "sv": "Dina personuppgifter, så att mottagaren kan se att resultaten är dina:",
        "en": "Your personal details, so that the recipient can see the results are yours:",
    },
    "cp.consent.name": {"sv": "Namn", "en": "Name"},
    "cp.consent.born": {"sv": "Födelsedatum", "en": "Date of birth"},
    "cp.consent.national_id": {"sv": "Personnummer", "en": "National identity number"},
    "cp.consent.pdf": {
        "sv": "Resultaten skickas elektroniskt signerade, med en PDF-sammanställning.",
        "en": "The results are sent electronically signed, with a PDF transcript.",
    },
    "cp.consent.missing": {
        "sv": "Kryssa i rutan för att godkänna överföringen, eller avbryt den.",
        "en": "Tick the box to agree to the transfer, or cancel it.",
    },
    "cp.consent.checkbox": {
        "sv": "Jag godkänner att uppgifterna ovan skickas till",
        "en": "I agree that the details above are sent to",
    },
    "cp.consent.send": {"sv": "Skicka resultaten", "en": "Send the results"},
    "cp.consent.change": {"sv": "Ändra urvalet", "en": "Change the selection"},
    # -- expired -------------------------------------------------------------------------------
    "cp.expired.title": {"sv": "Begäran har gått ut", "en": "This request has expired"},
    "cp.expired.explain": {
        "sv": "Överföringen slutfördes inte i tid. Inga resultat har skickats.",
        "en": "The transfer was not completed in time. No results have been sent.",
    },
    "cp.expired.next": {
        "sv": "Gå tillbaka och starta en ny överföring hos",
        "en": "Go back and start a new transfer at",
    },
    # -- the auto-posted answer ------------------------------------------------------------------
    "cp.outcome.NCP_OK": {"sv": "Dina resultat skickas", "en": "Sending your results"},
    "cp.outcome.NCP_CANCEL": {"sv": "Överföringen avbröts", "en": "The transfer was cancelled"},
    "cp.outcome.NCP_NO_RESULTS": {
        "sv": "Inga resultat att skicka",
        "en": "No results to send",
    },
    "cp.outcome.NCP_ERROR": {
        "sv": "Resultaten kunde inte skickas",
        "en": "The results could not be sent",
    },
    "cp.autopost.to": {"sv": "Du skickas vidare till", "en": "You are being taken to"},
    "cp.autopost.results": {"sv": "resultat", "en": "results"},
    "cp.autopost.nojs": {
        "sv": "Händer inget? Tryck på knappen.",
        "en": "Nothing happening? Press the button.",
    },
    "cp.autopost.continue": {"sv": "Fortsätt till", "en": "Continue to"},
    # -- EMREX client --------------------------------------------------------------------------
    "client.start.heading": {
        "sv": "Du skickas till kontaktpunkten",
        "en": "Taking you to the contact point",
    },
    "client.title": {
        "sv": "Hämta resultat från ett annat land",
        "en": "Fetch results from another country",
    },
    "client.intro": {
        "sv": "Välj var du har studerat. Du loggar in där, väljer resultat och skickas sedan "
        "tillbaka hit med elektroniskt signerade resultat.",
        "en": "Choose where you studied. You log in there, choose results, and are sent back "
        "here with electronically signed results.",
    },
    "client.registry_unavailable": {
        "sv": "EMREX-registret går inte att nå just nu, så inga kontaktpunkter kan visas. "
        "Försök igen senare.",
        "en": "The EMREX registry is unavailable right now, so no contact points can be shown. "
        "Please try again later.",
    },
    "client.registry_stale": {
        "sv": "Registret kunde inte uppdateras; listan är den senaste fungerande kopian",
        "en": "The registry could not be refreshed; this list is the last good copy",
    },
    "client.registry_empty": {
        "sv": "Det finns ingen kontaktpunkt att hämta resultat från: EMREX-registret listar "
        "ingen annan än den här tjänsten.",
        "en": "There is no contact point to fetch results from: the EMREX registry lists none "
        "other than this service.",
    },
    "client.fetch": {"sv": "Hämta resultat", "en": "Fetch results"},
    "client.login_there": {
        "sv": "Du behöver logga in hos kontaktpunkten du väljer.",
        "en": "You will need to log in at the contact point you choose.",
    },
    "client.history": {"sv": "Tidigare hämtningar", "en": "Earlier fetches"},
    "client.history_none": {"sv": "Du har inte hämtat något ännu.", "en": "No fetches yet."},
    "client.when": {"sv": "När", "en": "When"},
    "client.contact_point": {"sv": "Kontaktpunkt", "en": "Contact point"},
    "client.outcome": {"sv": "Utfall", "en": "Outcome"},
    "client.view": {"sv": "Visa resultaten", "en": "View the results"},
    "client.outcome.pending": {"sv": "Väntar på svar", "en": "Waiting for an answer"},
    "client.outcome.abandoned": {"sv": "Inget svar (gick ut)", "en": "No answer (expired)"},
    "client.outcome.imported": {"sv": "Resultat mottagna", "en": "Results received"},
    "client.outcome.cancelled": {"sv": "Avbruten", "en": "Cancelled"},
    "client.outcome.no_results": {"sv": "Inga resultat", "en": "No results"},
    "client.outcome.peer_error": {
        "sv": "Kontaktpunkten rapporterade ett fel",
        "en": "The contact point reported an error",
    },
    "client.outcome.unknown_session": {
        "sv": "Avvisat: okänd eller redan använd överföring",
        "en": "Refused: unknown or already used transfer",
    },
    "client.outcome.expired": {
        "sv": "Avvisat: överföringen hade gått ut",
        "en": "Refused: the transfer had expired",
    },
    "client.outcome.unknown_contact_point": {
        "sv": "Avvisat: kontaktpunkten finns inte i registret",
        "en": "Refused: the contact point is not in the registry",
    },
    "client.outcome.bad_signature": {
        "sv": "Avvisat: signaturen är inte giltig",
        "en": "Refused: the signature is not valid",
    },
    "client.outcome.person_mismatch": {
        "sv": "Avvisat: resultaten gäller inte dig",
        "en": "Refused: the results are not about you",
    },
    "client.outcome.malformed": {
        "sv": "Avvisat: svaret gick inte att läsa",
        "en": "Refused: the answer could not be read",
    },
    "client.returned.imported": {
        "sv": "Verifierade resultat har sparats:",
        "en": "Verified results have been stored:",
    },
    "client.returned.results": {"sv": "resultat", "en": "results"},
    "client.returned.from": {"sv": "från", "en": "from"},
    "client.returned.refused": {
        "sv": "Svaret från kontaktpunkten avvisades.",
        "en": "The answer from the contact point was refused.",
    },
    "client.returned.nothing_stored": {
        "sv": "Inga resultat har sparats.",
        "en": "No results have been stored.",
    },
    "client.returned.peer_error": {
        "sv": "Meddelande från",
        "en": "Message from",
    },
    "client.returned.cancelled": {
        "sv": "Du avbröt överföringen. Inga resultat har sparats.",
        "en": "You cancelled the transfer. No results have been stored.",
    },
    "client.returned.no_results": {
        "sv": "Kontaktpunkten hade inga resultat att skicka.",
        "en": "The contact point had no results to send.",
    },
    "client.returned.continue": {"sv": "Fortsätt där du var", "en": "Continue where you were"},
    "client.returned.again": {"sv": "Till hämtningssidan", "en": "Back to fetching results"},
    "client.imported.title": {"sv": "Hämtade resultat", "en": "Fetched results"},
    "client.imported.intro": {
        "sv": "Resultaten har verifierats mot kontaktpunktens certifikat i EMREX-registret.",
        "en": "These results were verified against the contact point's certificate in the "
        "EMREX registry.",
    },
    "client.imported.received": {"sv": "Mottaget", "en": "Received"},
    "client.imported.signature": {"sv": "Signatur", "en": "Signature"},
    "client.imported.totals": {
        "sv": "Rapporter · resultat · poäng",
        "en": "Reports · results · credits",
    },
    "client.imported.download": {
        "sv": "Ladda ner det signerade dokumentet (ELMO) som det togs emot",
        "en": "Download the signed document (ELMO) as received",
    },
    "client.imported.result": {"sv": "Resultat", "en": "Result"},
    "client.imported.date": {"sv": "Datum", "en": "Date"},
    "client.imported.issuer": {"sv": "Lärosäte", "en": "Institution"},
}
