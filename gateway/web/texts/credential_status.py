"""UI texts about credential status (issue #15): the wallet credentials on My transfers (sv, en)."""

from __future__ import annotations

from gateway.web.texts.common import Texts

TEXTS: Texts = {
    "credstatus.heading": {"sv": "Dina plånboksintyg", "en": "Your wallet credentials"},
    "credstatus.intro": {
        "sv": "Intyg i din digitala plånbok. Ändras eller annulleras ett resultat, eller "
        "återkallas en examen, återkallas intygen som innehåller det gamla värdet; mottagare "
        "kan se det. Du kan hämta ett nytt intyg med dagens uppgifter, och själv återkalla ett "
        "intyg (till exempel om du har tappat telefonen).",
        "en": "Credentials in your digital wallet. When a result is changed or annulled, or a "
        "degree withdrawn, the credentials holding the old value are revoked; verifiers can see "
        "that. You can get a fresh credential with today's data, and revoke one yourself (if "
        "you lost your phone, say).",
    },
    "credstatus.none": {"sv": "Inga intyg i plånboken ännu.", "en": "No credentials yet."},
    "credstatus.credential": {"sv": "Intyg", "en": "Credential"},
    "credstatus.issued": {"sv": "Utfärdat", "en": "Issued"},
    "credstatus.state": {"sv": "Status", "en": "Status"},
    "credstatus.state.valid": {"sv": "Giltigt", "en": "Valid"},
    "credstatus.state.revoked": {"sv": "Återkallat", "en": "Revoked"},
    "credstatus.state.suspended": {"sv": "Tillfälligt spärrat", "en": "Suspended"},
    "credstatus.why": {"sv": "Varför", "en": "Why"},
    "credstatus.by.import": {
        "sv": "Uppgifterna har ändrats hos lärosätet",
        "en": "The institution changed the data",
    },
    "credstatus.by.learner": {"sv": "Du återkallade det", "en": "You revoked it"},
    "credstatus.by.operator": {"sv": "Återkallat av tjänsten", "en": "Revoked by the service"},
    "credstatus.fresh": {"sv": "Hämta ett nytt intyg", "en": "Get a fresh one"},
    "credstatus.revoke": {"sv": "Återkalla", "en": "Revoke"},
    "credstatus.revoke.help": {
        "sv": "Återkallandet går inte att ångra.",
        "en": "A revocation cannot be undone.",
    },
}
