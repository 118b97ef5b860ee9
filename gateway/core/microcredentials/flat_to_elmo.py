"""A verified flat micro-credential (vct ``VerifiableMicroCredential``) → unsigned ELMO 1.7.

The claims are those of the SUNET type metadata (``core/microcredentials/flat.py`` writes
them): one report for the awarding body with one learningOpportunitySpecification carrying the
title, credits (or hours), EQF level, grade and award date. Only what the claims state is
written; a claim of the wrong shape is refused (``InvalidInput``), never guessed around.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from gateway.core.elm.to_elmo import ELMO_COUNTRIES, NATIONAL_ID
from gateway.core.elmo.model import (
    Credit,
    Elmo,
    GradingScheme,
    Identifier,
    Issuer,
    Learner,
    LearningOpportunityInstance,
    LearningOpportunitySpecification,
    Level,
    Report,
    Text,
)
from gateway.core.elmo.write import elmo_to_xml
from gateway.errors import InvalidInput

MAX_TEXT: Final = 1000
SCHEME_ID: Final = "1"
_EQF: Final = re.compile(r"EQF-([1-8])")
_DOMAIN: Final = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)+")


def _text(claims: Mapping[str, Any], name: str, *, required: bool = True) -> str | None:
    value = claims.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise InvalidInput(f"the micro-credential claim {name} is missing or not a short text")
    return value.strip()


def _date(claims: Mapping[str, Any], name: str, *, required: bool = True) -> date | None:
    value = _text(claims, name, required=required)
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InvalidInput(f"the micro-credential claim {name} is not a date") from None


def _workload(claims: Mapping[str, Any]) -> tuple[tuple[Credit, ...], Decimal | None]:
    workload = claims.get("notionalWorkload")
    if not isinstance(workload, Mapping) or workload.get("unit") not in ("ECTS", "hours"):
        raise InvalidInput("the micro-credential claim notionalWorkload is not ECTS or hours")
    raw = workload.get("value")
    try:
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            raise InvalidOperation
        value = Decimal(str(raw))
    except InvalidOperation:
        raise InvalidInput("the micro-credential notional workload is not a number") from None
    if not value.is_finite() or value < 0:
        raise InvalidInput("the micro-credential notional workload is not a number")
    if workload["unit"] == "ECTS":
        return (Credit("ECTS", value),), None
    return (), value


def _issuer(claims: Mapping[str, Any]) -> Issuer:
    name = _text(claims, "awardingBody")
    assert name is not None
    identifier = _text(claims, "awardingBodyIdentifier", required=False)
    if identifier is None:
        identifiers = (Identifier("local", name),)
    else:  # our institutions are SCHAC home organisations (a domain name)
        scheme = "schac" if _DOMAIN.fullmatch(identifier.lower()) else "local"
        identifiers = (Identifier(scheme, identifier),)
    country = (_text(claims, "issuerCountry") or "").upper()
    homepage = _text(claims, "awardingBodyHomepage", required=False) or ""
    return Issuer(identifiers, (Text(name, "en"),), homepage, country or None)


def _learner(claims: Mapping[str, Any]) -> Learner:
    national = _text(claims, "nationalID", required=False)
    return Learner(
        given_names=_text(claims, "givenName") or "",
        family_name=_text(claims, "familyName") or "",
        identifiers=(Identifier(NATIONAL_ID, national),) if national else (),
        bday=_date(claims, "dateOfBirth", required=False),
    )


def flat_micro_to_elmo(
    claims: Mapping[str, Any], *, generated: datetime | None = None
) -> tuple[bytes, Elmo]:
    """The ELMO (XML, model) of one verified flat micro-credential's disclosed claims."""
    issuer = _issuer(claims)
    if issuer.country is not None and issuer.country not in ELMO_COUNTRIES:
        issuer = Issuer(issuer.identifiers, issuer.titles, issuer.url, None)
    awarded = _date(claims, "issuanceDate")
    assert awarded is not None
    credits, hours = _workload(claims)
    level = _EQF.fullmatch(_text(claims, "level") or "")
    if level is None:
        raise InvalidInput("the micro-credential claim level is not EQF-1 … EQF-8")
    grade = _text(claims, "grade", required=False)
    scheme = _text(claims, "gradingScheme", required=False)
    identifier = _text(claims, "identifier", required=False)
    instance = LearningOpportunityInstance(
        identifiers=(Identifier("local", identifier),) if identifier else (),
        date=awarded,
        status="passed",
        grading_scheme_local_id=SCHEME_ID if scheme and grade else None,
        result_label=grade,
        credits=credits,
        levels=(Level("EQF", level.group(1)),),
        engagement_hours=hours,
    )
    specification = LearningOpportunitySpecification(
        titles=(Text(_text(claims, "title") or "", "en"),), instance=instance, type="Course"
    )
    report = Report(
        issuer=issuer,
        issue_date=datetime(awarded.year, awarded.month, awarded.day, tzinfo=UTC),
        opportunities=(specification,),
        grading_schemes=(GradingScheme(SCHEME_ID, (Text(scheme, "en"),)),)
        if scheme and grade
        else (),
    )
    when = generated or datetime.now(UTC).replace(microsecond=0)
    elmo = Elmo(when, _learner(claims), (report,))
    return elmo_to_xml(elmo), elmo
