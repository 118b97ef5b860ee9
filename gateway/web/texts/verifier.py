"""UI texts of the "Present from wallet" (OpenID4VP verifier) pages (sv, en)."""

from __future__ import annotations

from gateway.web.texts.common import Texts

TEXTS: Texts = {
    "verifier.title": {"sv": "Visa upp från plånboken", "en": "Present from wallet"},
    "verifier.intro": {
        "sv": "Visa upp ett studieintyg från din EU-plånbok. Tjänsten kontrollerar intyget och "
        "sparar resultaten som verifierade resultat bland dina hämtade resultat.",
        "en": "Present an education credential from your EU wallet. The service verifies it "
        "and stores the results as verified results among your fetched results.",
    },
    "verifier.start": {"sv": "Starta", "en": "Start"},
    "verifier.scan": {
        "sv": "Skanna koden med plånboken, eller öppna länken på den här enheten.",
        "en": "Scan the code with your wallet, or open the link on this device.",
    },
    "verifier.qr_alt": {"sv": "QR-kod för plånboken", "en": "QR code for the wallet"},
    "verifier.open": {"sv": "Öppna plånboken", "en": "Open the wallet"},
    "verifier.waiting": {"sv": "Väntar på plånboken …", "en": "Waiting for the wallet …"},
    "verifier.verified": {
        "sv": "Intyget är verifierat och resultaten är sparade.",
        "en": "The credential is verified and the results are stored.",
    },
    "verifier.refused": {
        "sv": "Intyget kunde inte godtas.",
        "en": "The credential could not be accepted.",
    },
    "verifier.reason": {"sv": "Orsak", "en": "Reason"},
    "verifier.show": {"sv": "Visa resultaten", "en": "Show the results"},
    "verifier.again": {"sv": "Försök igen", "en": "Try again"},
    "verifier.back": {"sv": "Tillbaka", "en": "Back"},
    "verifier.emrex.heading": {
        "sv": "Resultat från din plånbok",
        "en": "Results from your wallet",
    },
    "verifier.emrex.help": {
        "sv": "Du kan också skicka resultat som du har visat upp från din plånbok och som "
        "tjänsten har verifierat.",
        "en": "You can also send results you presented from your wallet and this service verified.",
    },
    "verifier.emrex.results": {"sv": "resultat", "en": "results"},
    "verifier.emrex.signed": {
        "sv": "Resultaten från plånboken skickas med sitt lärosäte som utfärdare; den här "
        "tjänsten signerar helheten.",
        "en": "Results from the wallet are sent with their institution as issuer; this "
        "service signs the whole.",
    },
}
