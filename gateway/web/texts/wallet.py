"""UI texts of the wallet (OpenID4VCI) pages (sv, en)."""

from __future__ import annotations

from gateway.web.texts.common import Texts

TEXTS: Texts = {
    "wallet.nav": {"sv": "Digital plånbok", "en": "Digital wallet"},
    "wallet.title": {
        "sv": "Lägg till studieresultat i din digitala plånbok",
        "en": "Add study results to your digital wallet",
    },
    "wallet.intro": {
        "sv": "Dina resultat blir ett europeiskt intyg (Europass, European Learning Model) som "
        "din EU-plånbok kan visa upp. Intyget är elektroniskt förseglat av den här tjänsten; "
        "lärosätet står som utfärdare av resultaten.",
        "en": "Your results become a European credential (Europass, European Learning Model) "
        "that your EU digital identity wallet can present. The credential is electronically "
        "sealed by this service; the institution is named as the awarding body.",
    },
    "wallet.own.title": {"sv": "Dina resultat här", "en": "Your results here"},
    "wallet.own.help": {
        "sv": "Markera det du vill ha i plånboken. Du får ett intyg per lärosäte.",
        "en": "Tick what you want in the wallet. You get one credential per institution.",
    },
    "wallet.own.none": {
        "sv": "Det finns inga avslutade resultat för dig här.",
        "en": "There are no finished results for you here.",
    },
    "wallet.add": {"sv": "Lägg till i plånboken", "en": "Add to wallet"},
    "wallet.unavailable": {"sv": "Kan inte läggas till", "en": "Cannot be added"},
    "wallet.imports.title": {
        "sv": "Resultat hämtade från andra länder",
        "en": "Results fetched from other countries",
    },
    "wallet.imports.none": {
        "sv": "Du har inte hämtat några resultat via EMREX ännu.",
        "en": "You have not fetched any results through EMREX yet.",
    },
    "wallet.imports.received": {"sv": "mottaget", "en": "received"},
    "wallet.imports.results": {"sv": "resultat", "en": "results"},
    "wallet.grade": {"sv": "Betyg", "en": "Grade"},
    "wallet.credits": {"sv": "hp", "en": "ECTS credits"},
    "wallet.status.passed": {"sv": "godkänd", "en": "passed"},
    "wallet.status.failed": {"sv": "underkänd", "en": "failed"},
    "wallet.status.in-progress": {"sv": "pågående", "en": "in progress"},
    "wallet.status.annulled": {"sv": "makulerad", "en": "annulled"},  # every status has its text
    "wallet.history.title": {"sv": "Tidigare erbjudanden", "en": "Earlier offers"},
    "wallet.history.none": {
        "sv": "Du har inte lagt till något i en plånbok ännu.",
        "en": "You have not added anything to a wallet yet.",
    },
    "wallet.history.created": {"sv": "Skapat", "en": "Created"},
    "wallet.history.credential": {"sv": "Intyg", "en": "Credential"},
    "wallet.history.state": {"sv": "Status", "en": "Status"},
    "wallet.history.wallet_said": {"sv": "Plånboken meddelade", "en": "The wallet reported"},
    "wallet.state.issued": {"sv": "Utfärdat till plånbok", "en": "Issued to a wallet"},
    "wallet.state.waiting": {"sv": "Väntar på plånboken", "en": "Waiting for the wallet"},
    "wallet.state.expired": {"sv": "Gick ut utan att hämtas", "en": "Expired, not collected"},
    "wallet.state.not_collected": {"sv": "Inte hämtat", "en": "Not collected"},
    "wallet.event.credential_accepted": {
        "sv": "intyget sparades i plånboken",
        "en": "the credential was stored in the wallet",
    },
    "wallet.event.credential_failure": {
        "sv": "intyget kunde inte sparas",
        "en": "the credential could not be stored",
    },
    "wallet.event.credential_deleted": {
        "sv": "intyget avvisades eller raderades",
        "en": "the credential was declined or deleted",
    },
    "wallet.source.own": {"sv": "egna resultat", "en": "own results"},
    "wallet.source.import": {"sv": "hämtade resultat", "en": "fetched results"},
    "wallet.offer.title": {"sv": "Skanna med din plånbok", "en": "Scan with your wallet"},
    "wallet.offer.scan": {
        "sv": "Öppna din digitala plånbok och skanna QR-koden, eller öppna länken på den "
        "enhet där plånboken finns.",
        "en": "Open your digital wallet and scan the QR code, or open the link on the device "
        "that holds the wallet.",
    },
    "wallet.offer.qr_alt": {
        "sv": "QR-kod med erbjudandet till din plånbok",
        "en": "QR code with the offer for your wallet",
    },
    "wallet.offer.open": {"sv": "Öppna i plånboksappen", "en": "Open in the wallet app"},
    "wallet.offer.tx_code": {"sv": "Engångskod", "en": "Transaction code"},
    "wallet.offer.tx_code_help": {
        "sv": "Plånboken frågar efter den här koden. Skriv in den där – ge den aldrig till "
        "någon annan.",
        "en": "Your wallet will ask for this code. Type it there, and never give it to anyone "
        "else.",
    },
    "wallet.offer.valid": {"sv": "Erbjudandet gäller i", "en": "The offer is valid for"},
    "wallet.offer.minutes": {
        "sv": "minuter och kan bara användas en gång. Koden visas bara nu.",
        "en": "minutes and can be used once. The code is shown only now.",
    },
    "wallet.offer.contents": {"sv": "Det här får plånboken", "en": "What the wallet receives"},
    "wallet.offer.back": {"sv": "Tillbaka till plånbokssidan", "en": "Back to the wallet page"},
    "wallet.report.title": {
        "sv": "EU:s mikromeriter: de 11 obligatoriska uppgifterna",
        "en": "EU micro-credentials: the 11 mandatory elements",
    },
    "wallet.report.help": {
        "sv": "Rådets rekommendation om mikromeriter (2022) kräver elva uppgifter. Så här "
        "uppfyller intyget dem, med platsen i ELM-dokumentet.",
        "en": "The Council Recommendation on micro-credentials (2022) requires eleven elements. "
        "This is how the credential meets them, with their place in the ELM document.",
    },
    "wallet.report.element": {"sv": "Uppgift", "en": "Element"},
    "wallet.report.status": {"sv": "Finns", "en": "Present"},
    "wallet.report.path": {"sv": "Plats i ELM", "en": "ELM path"},
    "wallet.report.present": {"sv": "finns", "en": "present"},
    "wallet.report.missing": {"sv": "saknas", "en": "missing"},
    "wallet.report.json": {"sv": "Rapporten som JSON", "en": "The report as JSON"},
    # The 11 elements of Annex I (Council Recommendation 2022/C 243/02), as the report names them.
    "wallet.element.1": {
        "sv": "Identifiering av den studerande",
        "en": "Identification of the learner",
    },
    "wallet.element.2": {"sv": "Mikromeritens titel", "en": "Title of the micro-credential"},
    "wallet.element.3": {
        "sv": "Utfärdarens land eller region",
        "en": "Country(ies)/Region(s) of the issuer",
    },
    "wallet.element.4": {"sv": "Utfärdande organ", "en": "Awarding body(ies)"},
    "wallet.element.5": {"sv": "Utfärdandedatum", "en": "Date of issuing"},
    "wallet.element.6": {"sv": "Läranderesultat", "en": "Learning outcomes"},
    "wallet.element.7": {
        "sv": "Beräknad studietid för läranderesultaten (helst i ECTS)",
        "en": "Notional workload needed to achieve the learning outcomes (in ECTS, wherever "
        "possible)",
    },
    "wallet.element.8": {
        "sv": "Nivå (och cykel) för lärandet (EQF, QF-EHEA), om tillämpligt",
        "en": "Level (and cycle, if applicable) of the learning experience (EQF, QF-EHEA), if "
        "applicable",
    },
    "wallet.element.9": {"sv": "Typ av bedömning", "en": "Type of assessment"},
    "wallet.element.10": {
        "sv": "Form för deltagande i lärandeaktiviteten",
        "en": "Form of participation in the learning activity",
    },
    "wallet.element.11": {
        "sv": "Typ av kvalitetssäkring bakom mikromeriten",
        "en": "Type of quality assurance used to underpin the micro-credential",
    },
}
