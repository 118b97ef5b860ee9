"""An eligible micro-credential course as an Open Badges 3.0 OpenBadgeCredential (OB 3.0 §8).

The values are the ones every micro-credential output uses (``core/microcredentials``: the
candidate of ``eligibility_of``); nothing is derived. What OB 3.0 has a field for goes there
(``docs/badges.md`` has the table of the 11 Annex I elements); the EQF level, the forms of
assessment and participation and the quality assurance, which OB 3.0 has no field for, are
``alignment`` entries to the ELM concept IRIs with extension target types (``ext:…``), as the
extension mechanism of OB 3.0 §9.1 allows. Swedish names and texts travel next to the English
ones under three terms of an inline context (``nameSv``, ``descriptionSv``, ``narrativeSv``:
schema.org ``name``/``description`` and OB ``narrative`` with ``@language`` ``sv``), because OB
3.0's JSON Schema allows only one string per ``name``.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Final

from gateway.core.elmo.model import Issuer
from gateway.core.microcredentials.candidates import Candidate
from gateway.core.microcredentials.concepts import ACCREDITATION_IRIS, ASSESSMENT_IRIS, MODE_IRIS

VC_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT: Final = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_EXTENSIONS_CONTEXT: Final = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
SCHEMA_URL: Final = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
SCHEMA_TYPE: Final = "1EdTechJsonSchemaValidator2019"
CREDENTIAL_TYPES: Final = ("VerifiableCredential", "OpenBadgeCredential")
_OB_VOCAB: Final = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
SWEDISH_TERMS: Final = {
    "nameSv": {"@id": "https://schema.org/name", "@language": "sv"},
    "descriptionSv": {"@id": "https://schema.org/description", "@language": "sv"},
    "narrativeSv": {"@id": f"{_OB_VOCAB}narrative", "@language": "sv"},
}
CONTEXT: Final = (VC_CONTEXT, OB_CONTEXT, OB_EXTENSIONS_CONTEXT, SWEDISH_TERMS)
ISSUERS_PATH: Final = "/badges/issuers/"
IDENTITY_TYPE: Final = "nationalIdentityNumber"
_NAMESPACE: Final = uuid.UUID("5b0c7e1e-4d5a-4f57-9a55-0b7f3e0c1d17")

#: Target types of the alignments that carry what OB 3.0 has no field for (OB 3.0 §9.1 ext:).
EQF_TARGET: Final = "ext:EQFLevel"
ASSESSMENT_TARGET: Final = "ext:AssessmentType"
PARTICIPATION_TARGET: Final = "ext:ModeOfLearningAndAssessment"
QUALITY_TARGET: Final = "ext:QualityAssurance"


class NotABadge(ValueError):
    """The candidate is not a complete micro-credential (or its institution has no SCHAC code)."""


def issuer_id(base_url: str, schac: str) -> str:
    """The stable, resolvable URL of an awarding institution's issuer profile."""
    return f"{base_url.rstrip('/')}{ISSUERS_PATH}{schac}"


def badge_id(candidate: Candidate, issued: datetime) -> str:
    """A content-derived credential id: the same course issued at the same time, the same id."""
    a, h = candidate.achievement, candidate.holder
    key = f"{a.institution}|{a.code}|{a.source}|{h.national_id}|{h.birth_date}|{issued.isoformat()}"
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'badge|{key}')}"


def achievement_id(base_url: str, schac: str, code: str) -> str:
    return f"{issuer_id(base_url, schac)}/achievements/{code}"


def identity_hash(value: str, salt: str) -> str:
    """OB 3.0 IdentityHash: ``sha256$`` + hex SHA-256 of the UTF-8 value with the salt appended."""
    return "sha256$" + hashlib.sha256((value + salt).encode("utf-8")).hexdigest()


def _utc(moment: datetime) -> str:
    """An XML Schema dateTime in UTC, to the second (``2026-12-07T03:45:00Z``)."""
    if moment.tzinfo is None:
        raise ValueError("badge times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(value: date) -> str:
    return f"{value.isoformat()}T00:00:00Z"


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _names(body: Issuer) -> dict[str, str]:
    return {t.lang or "": t.value for t in body.titles if t.value.strip()}


def issuer_profile(body: Issuer, base_url: str) -> dict[str, Any]:
    """The awarding institution as an OB 3.0 ``Profile`` (without keys: see ``profile.py``)."""
    schac = body.identifier("schac")
    if not schac:
        raise NotABadge("the awarding institution has no SCHAC code")
    names = _names(body)
    english = names.get("en") or next(iter(names.values()), schac)
    profile: dict[str, Any] = {
        "id": issuer_id(base_url, schac),
        "type": ["Profile"],
        "name": english,
    }
    if names.get("sv"):
        profile["nameSv"] = names["sv"]
    if body.url:
        profile["url"] = body.url
    if body.country:
        profile["address"] = {
            "type": ["Address"],
            "addressCountryCode": body.country.strip().upper(),
        }
    profile["otherIdentifier"] = [
        {"type": "IdentifierEntry", "identifier": schac, "identifierType": "identifier"}
    ]
    return profile


def _bulleted(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _criteria(candidate: Candidate) -> dict[str, str]:
    syllabus = candidate.syllabus
    assert syllabus is not None
    pairs = syllabus.outcomes()
    english = [en for _, en in pairs if en]
    swedish = [sv for sv, _ in pairs if sv]
    criteria: dict[str, str] = {}
    if english:
        criteria["narrative"] = "Learning outcomes:\n\n" + _bulleted(english)
    if swedish:
        criteria["narrativeSv"] = "Lärandemål:\n\n" + _bulleted(swedish)
        criteria.setdefault("narrative", "Lärandemål:\n\n" + _bulleted(swedish))
    return criteria


def _alignments(candidate: Candidate) -> list[dict[str, Any]]:
    achievement, syllabus = candidate.achievement, candidate.syllabus
    assert syllabus is not None
    assert syllabus.participation is not None
    eqf = achievement.eqf
    found: list[dict[str, Any]] = [
        {
            "type": ["Alignment"],
            "targetName": f"EQF level {eqf}",
            "targetUrl": f"http://data.europa.eu/snb/eqf/{eqf}",
            "targetCode": str(eqf),
            "targetFramework": "European Qualifications Framework",
            "targetType": EQF_TARGET,
        }
    ]
    for code in syllabus.assessment:
        found.append(
            {
                "type": ["Alignment"],
                "targetName": code.label_en.capitalize(),
                "targetUrl": ASSESSMENT_IRIS[code],
                "targetCode": code.value,
                "targetFramework": "Europass assessment types",
                "targetType": ASSESSMENT_TARGET,
            }
        )
    participation = syllabus.participation
    found.append(
        {
            "type": ["Alignment"],
            "targetName": participation.label_en,
            "targetUrl": MODE_IRIS[participation],
            "targetCode": participation.value,
            "targetFramework": "Europass modes of learning and assessment",
            "targetType": PARTICIPATION_TARGET,
        }
    )
    for entry in candidate.quality:
        when = f", {entry.decision_date.isoformat()}" if entry.decision_date else ""
        found.append(
            {
                "type": ["Alignment"],
                "targetName": entry.title_en,
                "targetUrl": entry.report_url or ACCREDITATION_IRIS[entry.type],
                "targetCode": entry.type.value,
                "targetDescription": f"{entry.type.label_en} by {entry.agent_name_en} "
                f"({entry.agent_country}{when})",
                "targetFramework": "Europass accreditation types",
                "targetType": QUALITY_TARGET,
            }
        )
    return found


def _result_description(candidate: Candidate, achievement_iri: str) -> dict[str, Any] | None:
    achievement = candidate.achievement
    if not achievement.scheme:
        return None
    descriptions = {t.lang or "": t.value for t in achievement.scheme_descriptions}
    name = descriptions.get("en") or next(iter(descriptions.values()), achievement.scheme)
    found: dict[str, Any] = {
        "id": f"{achievement_iri}#grading-scale-{achievement.scheme}",
        "type": ["ResultDescription"],
        "name": name,
        "resultType": "LetterGrade",
    }
    if descriptions.get("sv"):
        found["nameSv"] = descriptions["sv"]
    return found


def _descriptions(
    candidate: Candidate, credits: str, institution: dict[str, str]
) -> dict[str, str]:
    a = candidate.achievement
    en_inst = institution.get("en") or next(iter(institution.values()), "")
    sv_inst = institution.get("sv") or en_inst
    return {
        "description": f"{a.title('en')}: a {credits}-credit (ECTS) course at EQF level {a.eqf}, "
        f"passed at {en_inst}; a complete EU micro-credential (all 11 elements of Council "
        "Recommendation 2022/C 243/02, Annex I).",
        "descriptionSv": f"{a.title('sv')}: en kurs om {credits} högskolepoäng på EQF-nivå "
        f"{a.eqf}, godkänd vid {sv_inst}; en fullständig EU-mikromerit (alla elva uppgifter i "
        "rådets rekommendation 2022/C 243/02, bilaga I).",
    }


def _check(candidate: Candidate) -> tuple[str, Decimal]:
    achievement, syllabus = candidate.achievement, candidate.syllabus
    schac = achievement.institution
    if not schac:
        raise NotABadge(f"{achievement.source}: the awarding institution has no SCHAC code")
    complete = (
        syllabus is not None
        and bool(syllabus.assessment)
        and syllabus.participation is not None
        and bool(syllabus.learning_outcomes_en or syllabus.learning_outcomes_sv)
        and bool(candidate.quality)
        and achievement.eqf is not None
        and bool(achievement.credits)
        and bool(candidate.holder.national_id)
    )
    if not complete or achievement.credits is None:
        raise NotABadge(f"{achievement.source}: not a complete micro-credential")
    return schac, achievement.credits


def open_badge(
    candidate: Candidate,
    *,
    base_url: str,
    issued: datetime,
    salt: str,
    subject_id: str | None = None,
    credential_id: str | None = None,
) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential of an eligible candidate.

    ``issued`` (aware) is ``validFrom`` (Annex I element 5); the award date (the result's date)
    is ``awardedDate`` and ``activityEndDate``. ``salt`` salts the hashed national identifier
    (never written in clear); ``subject_id`` is the holder's DID when a wallet key is bound.
    NotABadge for a candidate that lacks an element.
    """
    schac, credits = _check(candidate)
    achievement, holder = candidate.achievement, candidate.holder
    assert holder.national_id is not None
    titles = {t.lang or "": t.value for t in achievement.titles}
    institution = _names(achievement.body)
    credits_text = f"{credits.normalize():f}"
    achievement_iri = achievement_id(base_url, schac, achievement.code)
    node: dict[str, Any] = {
        "id": achievement_iri,
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": titles.get("en") or achievement.title(),
    }
    if titles.get("sv"):
        node["nameSv"] = titles["sv"]
    node.update(_descriptions(candidate, credits_text, institution))
    node["criteria"] = _criteria(candidate)
    node["creditsAvailable"] = _number(credits)
    if achievement.isced_f:
        node["fieldOfStudy"] = f"ISCED-F 2013 {achievement.isced_f}"
    node["humanCode"] = achievement.code
    if achievement.language:
        node["inLanguage"] = achievement.language
    node["alignment"] = _alignments(candidate)
    description = _result_description(candidate, achievement_iri)
    if description is not None:
        node["resultDescription"] = [description]
    subject: dict[str, Any] = {"type": ["AchievementSubject"]}
    if subject_id:
        subject["id"] = subject_id
    subject["identifier"] = [
        {
            "type": "IdentityObject",
            "identityType": IDENTITY_TYPE,
            "hashed": True,
            "identityHash": identity_hash(holder.national_id, salt),
            "salt": salt,
        }
    ]
    subject["achievement"] = node
    if achievement.grade and description is not None:
        subject["result"] = [
            {"type": ["Result"], "resultDescription": description["id"], "value": achievement.grade}
        ]
    earned = achievement.received or credits
    subject["creditsEarned"] = _number(earned)
    if achievement.awarded is not None:
        subject["activityEndDate"] = achievement.awarded.isoformat()
    credential: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": credential_id or badge_id(candidate, issued),
        "type": list(CREDENTIAL_TYPES),
        "name": node["name"],
        "description": node["description"],
        "issuer": issuer_profile(achievement.body, base_url),
        "validFrom": _utc(issued),
    }
    if achievement.awarded is not None:
        credential["awardedDate"] = _day(achievement.awarded)
    credential["credentialSubject"] = subject
    credential["credentialSchema"] = [{"id": SCHEMA_URL, "type": SCHEMA_TYPE}]
    return credential
