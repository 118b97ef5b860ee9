"""The ELM SD-JWT VC (vct urn:eudi:elm:1, DC4EU `elm` claim) and its summary claims; metadata."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from gateway.core.keys import SigningKey
from gateway.core.oid4vci.issuance import Issuance
from gateway.core.oid4vci.metadata import (
    ClaimSpec,
    CredentialConfiguration,
    Display,
    SdJwtVcType,
)
from gateway.core.sdjwt import SD, IssuedSdJwt, RandomBytes
from gateway.errors import InvalidInput

ELM_VCT: Final = "urn:eudi:elm:1"
ELM_CONFIGURATION_ID: Final = "elm_transcript_sd_jwt"
ELM_SCOPE: Final = "elm_transcript"
SD_SLOTS: Final = 8
"""The top-level ``_sd`` always holds this many digests: decoys hide which claims are absent."""


@dataclass(frozen=True, repr=False)  # personal data: no field values in reprs or logs
class ElmSummary:
    """Flat values shown by wallets and disclosable one by one; the ELM stays the full record.

    The flow fills these from the same source as the ELM document; nothing here parses ELM.
    """

    given_name: str
    family_name: str
    birthdate: dt.date | None = None
    achievements: tuple[str, ...] = ()
    """Titles of the achievements (courses, modules, programmes), in display order."""
    ects_total: Decimal | int | None = None
    awarding_institution: str | None = None


def _number(value: Decimal | int) -> int | float:
    if isinstance(value, Decimal):
        if not value.is_finite() or value < 0:
            raise InvalidInput("ects_total must be a finite, non-negative number")
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def elm_claims(elm: Mapping[str, Any], summary: ElmSummary) -> dict[str, Any]:
    """The credential's own claims with ``SD`` marks (every one selectively disclosable).

    ``elm`` is one disclosure holding the whole ELM JSON-LD document (as DC4EU issues it);
    each achievement title is a disclosable array element as well.
    """
    if not isinstance(elm, Mapping) or not elm:
        raise InvalidInput("the ELM document must be a non-empty JSON object")
    claims: dict[str, Any] = {
        "given_name": SD(summary.given_name),
        "family_name": SD(summary.family_name),
    }
    if summary.birthdate is not None:
        claims["birthdate"] = SD(summary.birthdate.isoformat())
    if summary.achievements:
        claims["achievements"] = SD([SD(title) for title in summary.achievements])
    if summary.ects_total is not None:
        claims["ects_total"] = SD(_number(summary.ects_total))
    if summary.awarding_institution:
        claims["awarding_institution"] = SD(summary.awarding_institution)
    claims["elm"] = SD(dict(elm))
    return claims


def elm_sd_jwt(elm: Mapping[str, Any], summary: ElmSummary, issuance: Issuance) -> IssuedSdJwt:
    """The ELM SD-JWT VC of one dataset, signed as ``issuance`` says (the transcript kind)."""
    claims = elm_claims(elm, summary)
    return issuance.sd_jwt_vc(claims, vct=ELM_VCT, decoys=max(0, SD_SLOTS - len(claims)))


def issue_elm_credential(
    elm: Mapping[str, Any],
    summary: ElmSummary,
    *,
    issuer: str,
    signing_key: SigningKey,
    holder_jwk: Mapping[str, Any],
    now: dt.datetime,
    lifetime: dt.timedelta | None,
    random_bytes: RandomBytes,
    time_granularity: dt.timedelta = dt.timedelta(days=1),
) -> IssuedSdJwt:
    """Issue the ELM SD-JWT VC bound to ``holder_jwk`` (from a validated key proof).

    ``iat`` is rounded down to ``time_granularity`` (OID4VCI §14.4.1: time claims SHOULD be
    rounded against correlation); ``exp`` = ``iat`` + ``lifetime`` (None: no expiry).
    """
    issuance = Issuance(
        issuer=issuer,
        signing_key=signing_key,
        holder_jwk=holder_jwk,
        now=now,
        lifetime=lifetime,
        random_bytes=random_bytes,
        time_granularity=time_granularity,
    )
    return elm_sd_jwt(elm, summary, issuance)


def _labels(en: str, sv: str) -> dict[str, str]:
    return {"en": en, "sv": sv}


ELM_CLAIMS: Final = (
    ClaimSpec(
        ("given_name",), _labels("Given name", "Förnamn"), mandatory=True, svg_id="given_name"
    ),
    ClaimSpec(
        ("family_name",), _labels("Family name", "Efternamn"), mandatory=True, svg_id="family_name"
    ),
    ClaimSpec(("birthdate",), _labels("Date of birth", "Födelsedatum"), svg_id="birthdate"),
    ClaimSpec(
        ("awarding_institution",),
        _labels("Awarding institution", "Utfärdande lärosäte"),
        svg_id="awarding_institution",
    ),
    ClaimSpec(("achievements",), _labels("Achievements", "Studieresultat")),
    ClaimSpec(("achievements", None)),
    ClaimSpec(
        ("ects_total",), _labels("Credits (ECTS)", "Högskolepoäng (ECTS)"), svg_id="ects_total"
    ),
    ClaimSpec(
        ("elm",), _labels("Europass credential (ELM)", "Europass-intyg (ELM)"), mandatory=True
    ),
)

ELM_DISPLAY: Final = (
    Display(
        locale="en",
        name="Study results (Europass ELM)",
        description="Learning achievements from EMREX as a European Learning Model credential.",
    ),
    Display(
        locale="sv",
        name="Studieresultat (Europass ELM)",
        description="Studieresultat från EMREX som intyg enligt European Learning Model.",
    ),
)

ELM_TYPE: Final = SdJwtVcType(
    vct=ELM_VCT,
    name="ELM Credential",
    description="A European Learning Model (ELM 3) document in claim elm, with summaries.",
    display=ELM_DISPLAY,
    claims=ELM_CLAIMS,
)
"""The type of vct ``urn:eudi:elm:1``: every configuration issuing that vct uses this type."""

ELM_CONFIGURATION: Final = CredentialConfiguration(
    id=ELM_CONFIGURATION_ID,
    scope=ELM_SCOPE,
    display=ELM_DISPLAY,
    claims=ELM_CLAIMS,
    vct_type=ELM_TYPE,
)
