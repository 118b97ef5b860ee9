"""The wallet configuration of badges (OID4VCI 1.0 Appendix A.1.1 ``jwt_vc_json``), sv/en.

``open_badge_jwt_vc``: a W3C VC signed as a JWT (the OB 3.0 VC-JWT of ``jwt.py``),
``credential_definition.type`` ``["VerifiableCredential", "OpenBadgeCredential"]``; the claims
a wallet may show are labelled in Swedish and English. The holder is bound by
``credentialSubject.id`` = the ``did:jwk`` of the wallet key from the key proof.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from gateway.core import jose
from gateway.core.badges.credential import CREDENTIAL_TYPES
from gateway.core.oid4vci.metadata import (
    FORMAT_JWT_VC_JSON,
    ClaimSpec,
    CredentialConfiguration,
    Display,
)

BADGE_CONFIGURATION_ID: Final = "open_badge_jwt_vc"


def _claim(*path: str, en: str, sv: str) -> ClaimSpec:
    return ClaimSpec(path, {"en": en, "sv": sv})


BADGE_CLAIMS: Final = (
    _claim("name", en="Badge", sv="Märke"),
    _claim("issuer", "name", en="Awarding institution", sv="Lärosäte"),
    _claim("validFrom", en="Issued", sv="Utfärdat"),
    _claim("credentialSubject", "achievement", "name", en="Course", sv="Kurs"),
    _claim(
        "credentialSubject", "achievement", "criteria", "narrative",
        en="Learning outcomes", sv="Läranderesultat",
    ),
    _claim(
        "credentialSubject", "achievement", "creditsAvailable",
        en="Credits (ECTS)", sv="Högskolepoäng",
    ),
    _claim("credentialSubject", "creditsEarned", en="Credits earned", sv="Erhållna poäng"),
)  # fmt: skip

BADGE_DISPLAY: Final = (
    Display(
        locale="en",
        name="Open Badge",
        description="One course as an Open Badges 3.0 credential, signed by the institution.",
    ),
    Display(
        locale="sv",
        name="Open Badge (märke)",
        description="En kurs som Open Badges 3.0-intyg, undertecknat av lärosätet.",
    ),
)
BADGE_CONFIGURATION: Final = CredentialConfiguration(
    id=BADGE_CONFIGURATION_ID,
    format=FORMAT_JWT_VC_JSON,
    scope="open_badge",
    display=BADGE_DISPLAY,
    claims=BADGE_CLAIMS,
    credential_types=CREDENTIAL_TYPES,
)


def holder_did(holder_jwk: Mapping[str, Any]) -> str:
    """``did:jwk`` of the wallet key (its public members only)."""
    public = jose.jwk_from_public_key(jose.public_key_from_jwk(holder_jwk))
    return "did:jwk:" + jose.b64url_encode(jose.json_dumps(public))
