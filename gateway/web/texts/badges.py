"""UI texts of Open Badges (sv, en): the badge section of Digital wallet and the share page."""

from __future__ import annotations

from gateway.web.texts.common import Texts

TEXTS: Texts = {
    "badge.title": {"sv": "Märken (Open Badges)", "en": "Badges (Open Badges)"},
    "badge.help": {
        "sv": "Varje kurs som är en fullständig mikromerit kan du också få som ett digitalt "
        "märke enligt Open Badges 3.0: en bild med intyget inbakat, som lärplattformar, "
        "märkesryggsäckar och arbetsgivare kan läsa och kontrollera. Märket är undertecknat av "
        "lärosätet; ditt personnummer står bara som ett saltat hashvärde.",
        "en": "Every course that is a complete micro-credential can also be had as an Open "
        "Badges 3.0 digital badge: an image with the credential baked in, which learning "
        "platforms, badge backpacks and employers can read and check. The badge is signed by "
        "the institution; your personal identity number appears only as a salted hash.",
    },
    "badge.none": {
        "sv": "Du har inga kurser som är fullständiga mikromeriter här.",
        "en": "You have no courses here that are complete micro-credentials.",
    },
    "badge.download": {"sv": "Ladda ned märket", "en": "Download badge"},
    "badge.download.svg": {"sv": "bild (SVG)", "en": "image (SVG)"},
    "badge.download.png": {"sv": "bild (PNG)", "en": "image (PNG)"},
    "badge.download.json": {"sv": "intyget (JSON)", "en": "credential (JSON)"},
    "badge.share": {"sv": "Skapa delningslänk", "en": "Create share link"},
    "badge.shares.title": {"sv": "Dina delningslänkar", "en": "Your share links"},
    "badge.shares.none": {
        "sv": "Du har inte delat något märke.",
        "en": "You have shared no badge.",
    },
    "badge.shares.created": {"sv": "Skapad", "en": "Created"},
    "badge.shares.revoked": {"sv": "Återkallad", "en": "Revoked"},
    "badge.revoke": {"sv": "Återkalla länken", "en": "Revoke link"},
    "badge.page.title": {"sv": "Digitalt märke", "en": "Digital badge"},
    "badge.page.certifies": {
        "sv": "Märket intygar att innehavaren har klarat kursen",
        "en": "This badge certifies that its holder passed the course",
    },
    "badge.page.institution": {"sv": "Lärosäte", "en": "Institution"},
    "badge.page.course": {"sv": "Kurs", "en": "Course"},
    "badge.page.credits": {"sv": "Omfattning", "en": "Credits"},
    "badge.page.level": {"sv": "Nivå", "en": "Level"},
    "badge.page.awarded": {"sv": "Datum", "en": "Date"},
    "badge.page.outcomes": {"sv": "Läranderesultat", "en": "Learning outcomes"},
    "badge.page.status": {"sv": "Giltighet", "en": "Validity"},
    "badge.page.downloads": {"sv": "Ladda ned intyget", "en": "Download the credential"},
    "badge.page.jwt": {"sv": "undertecknat intyg (VC-JWT)", "en": "signed credential (VC-JWT)"},
    "badge.page.json": {"sv": "intyget som JSON", "en": "the credential as JSON"},
    "badge.page.svg": {"sv": "märket som SVG", "en": "the badge as SVG"},
    "badge.page.png": {"sv": "märket som PNG", "en": "the badge as PNG"},
    "badge.page.verify": {
        "sv": "Intyget är undertecknat med lärosätets nyckel; nyckeln finns i utfärdarprofilen",
        "en": "The credential is signed with the institution's key, published in its issuer "
        "profile",
    },
    "badge.validity.valid": {"sv": "Giltigt", "en": "Valid"},
    "badge.validity.link-revoked": {
        "sv": "Innehavaren har återkallat den här länken.",
        "en": "The holder has withdrawn this link.",
    },
    "badge.validity.revoked": {
        "sv": "Återkallat: lärosätet har sedan ändrat eller tagit bort resultatet",
        "en": "Revoked: the institution has since changed or withdrawn the result",
    },
    "badge.validity.expired": {"sv": "Har upphört att gälla", "en": "Expired"},
    "badge.validity.not-verified": {
        "sv": "Kunde inte kontrolleras",
        "en": "Could not be verified",
    },
}
