"""The flat micro-credential (vct ``VerifiableMicroCredential``): the Annex I elements as claims.

Claim names and rules follow the SD-JWT VC type metadata of the WE BUILD micro-credential
rulebook (SUNET ``vctm_microcredential.json``; a test reads it from the schema directory):
``attestation_legal_category`` in clear, every other claim selectively disclosable, so that a
learner can show an employer the title, the outcomes and the credits and nothing else. Values
come from the same candidate as the ELM micro-credential and equal its values; codes are the
import's (``written-examination``, ``presential``, ``institutional-qa``).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from gateway.core.microcredentials.candidates import Candidate
from gateway.core.sdjwt import SD
from gateway.core.syllabus import QualityAssurance

VCT: Final = "VerifiableMicroCredential"
LEGAL_CATEGORY: Final = "non-qualified-EAA"
IN_CLEAR: Final = frozenset({"attestation_legal_category"})

#: The claims that carry each Annex I element.
ELEMENT_CLAIMS: Final = {
    1: ("givenName", "familyName"),
    2: ("title",),
    3: ("issuerCountry",),
    4: ("awardingBody",),
    5: ("issuanceDate",),
    6: ("learningOutcomes",),
    7: ("notionalWorkload",),
    8: ("level",),
    9: ("typeOfAssessment",),
    10: ("formOfParticipation",),
    11: ("qualityAssurance",),
}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _english(pairs: tuple[tuple[str | None, str | None], ...]) -> list[str]:
    """English texts where there are any, else the Swedish ones (never a mix)."""
    english = [en for _, en in pairs if en]
    return english or [sv for sv, _ in pairs if sv]


def flat_micro_credential(
    candidate: Candidate, *, credential_id: str, issued: datetime
) -> dict[str, Any]:
    """The claims of the flat micro-credential of an eligible candidate (no SD marks).

    ``credential_id`` identifies the micro-credential (the ELM credential's id for the same
    course); ``issued`` is the time of issuing (element 5). ValueError for a candidate that
    lacks an element: only eligible ones are issued.
    """
    achievement, holder, syllabus = candidate.achievement, candidate.holder, candidate.syllabus
    if syllabus is None or not syllabus.assessment or syllabus.participation is None:
        raise ValueError(f"{achievement.source}: not a complete micro-credential")
    if not candidate.quality or achievement.eqf is None or not achievement.body.country:
        raise ValueError(f"{achievement.source}: not a complete micro-credential")
    if achievement.credits:
        workload = {"value": _number(achievement.credits), "unit": "ECTS"}
    elif syllabus.workload_hours:
        workload = {"value": _number(syllabus.workload_hours), "unit": "hours"}
    else:
        raise ValueError(f"{achievement.source}: no notional workload")
    names = {t.lang: t.value for t in achievement.body.titles}
    claims: dict[str, Any] = {
        "attestation_legal_category": LEGAL_CATEGORY,
        "identifier": credential_id,
        "title": achievement.title("en"),
        "givenName": holder.given_names,
        "familyName": holder.family_name,
        "issuerCountry": achievement.body.country.strip().upper(),
        "awardingBody": names.get("en") or next(iter(names.values())),
        "issuanceDate": issued.date().isoformat(),
        "learningOutcomes": _english(syllabus.outcomes()),
        "notionalWorkload": workload,
        "level": f"EQF-{achievement.eqf}",
        "typeOfAssessment": [code.value for code in syllabus.assessment],
        "formOfParticipation": syllabus.participation.value,
        "qualityAssurance": list(dict.fromkeys(q.type.value for q in candidate.quality)),
    }
    optional: dict[str, Any] = {
        "dateOfBirth": holder.birth_date.isoformat() if holder.birth_date else None,
        "nationalID": holder.national_id,
        "citizenshipCountry": holder.citizenship,
        "grade": achievement.grade,
        "gradingScheme": _scheme(candidate),
        "entryRequirements": syllabus.entry_requirements_en or syllabus.entry_requirements_sv,
        "fieldOfEducation": achievement.isced_f,
        "languageOfAssessment": achievement.language,
        "awardingBodyIdentifier": achievement.institution,
        "awardingBodyHomepage": achievement.body.url or None,
        "accreditation": [_accreditation(entry) for entry in candidate.quality],
    }
    claims.update({k: v for k, v in optional.items() if v})
    return claims


def _accreditation(entry: QualityAssurance) -> dict[str, str]:
    found = {
        "type": entry.type.value,
        "title": entry.title_en,
        "accreditingAgent": entry.agent_name_en,
        "accreditingAgentCountry": entry.agent_country,
    }
    if entry.decision_date is not None:
        found["decisionDate"] = entry.decision_date.isoformat()
    if entry.report_url:
        found["report"] = entry.report_url
    return found


def _scheme(candidate: Candidate) -> str | None:
    achievement = candidate.achievement
    if not achievement.scheme:
        return None
    descriptions = {t.lang: t.value for t in achievement.scheme_descriptions}
    return descriptions.get("en") or next(iter(descriptions.values()), achievement.scheme)


def disclosable(claims: dict[str, Any]) -> dict[str, Any]:
    """The claims marked for the SD-JWT VC: each its own disclosure, but the legal category."""
    return {name: value if name in IN_CLEAR else SD(value) for name, value in claims.items()}
