"""One passed course or module → an ELM 3.2 micro-credential (Generic profile, Annex I elements).

The layout of notes/degrees-microcredentials.md §2.3–2.4: one ``LearningAchievement`` claim,
``specifiedBy`` a partial ``Qualification`` (learning outcomes, ECTS credit points, hours,
EQF level, ISCED-F field, mode, formal setting, entry requirements, the institution's quality
assurance as ``accreditation``), ``provenBy`` the graded ``LearningAssessment`` whose
specification's ``dcType`` is the main form of assessment (the others as its parts),
``awardedBy`` the institution with the award date. The envelope's ``issued`` is the time of
issuing (element 5), never the award date. Only what the candidate holds is written, so a
candidate that is not eligible gives a credential whose Annex I report names the same gaps.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from gateway.core.elm import vocabulary as cv
from gateway.core.elm.convert import credential_issuer, display_parameter
from gateway.core.elm.identity import DisplayImage, IssuerIdentity
from gateway.core.elm.nodes import (
    NAMESPACE,
    Findings,
    Ids,
    Node,
    awarding_body,
    credit_point,
    date_time,
    hours_duration,
    lang_map,
    location,
    reference,
    require_lang_map,
    web_resource,
)
from gateway.core.microcredentials.candidates import Achievement, Candidate, Holder
from gateway.core.microcredentials.concepts import (
    accreditation_concept,
    assessment_concept,
    formal_learning,
    mode_concept,
)
from gateway.core.records import OpportunityKind
from gateway.core.syllabus import QualityAssurance, Syllabus

_TYPES = {OpportunityKind.COURSE: "Course", OpportunityKind.MODULE: "Class"}


def micro_credential_id(candidate: Candidate, issued: datetime) -> str:
    """A content-derived credential id: the same candidate issued at the same time, the same id."""
    a, h = candidate.achievement, candidate.holder
    key = f"{a.institution}|{a.code}|{a.source}|{h.national_id}|{h.birth_date}|{issued.isoformat()}"
    return f"urn:credential:{uuid.uuid5(NAMESPACE, f'micro|{key}')}"


def elm_micro_credential(
    candidate: Candidate,
    *,
    issuer: IssuerIdentity,
    issued: datetime,
    credential_id: str | None = None,
    display_image: DisplayImage | None = None,
) -> dict[str, Any]:
    """The ELM micro-credential of ``candidate``, sealed by ``issuer`` at ``issued`` (aware).

    InvalidInput when even the envelope cannot be made (no title, no institution name or
    country); callers issue only eligible candidates (``eligibility_of``).
    """
    if issued.utcoffset() is None:
        raise ValueError("issued must be timezone-aware")
    identifier = credential_id or micro_credential_id(candidate, issued)
    ids = Ids(identifier)
    achievement = candidate.achievement
    findings = Findings()  # lang_map reports repeated languages; titles come one per language
    titles = require_lang_map(achievement.titles, f"{achievement.source}/title", findings)
    body = awarding_body(achievement.body, f"{achievement.source}/issuer", findings)
    process: Node = {"id": ids("awardingProcess", "award"), "type": "AwardingProcess"}
    process["awardingBody"] = [body]
    if achievement.awarded is not None:
        process["awardingDate"] = date_time(achievement.awarded)
    claim: Node = {
        "id": ids("learningAchievement", "claim"),
        "type": "LearningAchievement",
        "title": titles,
        "awardedBy": process,
        "specifiedBy": _qualification(ids, candidate, titles, body),
    }
    assessment = _assessment(ids, achievement, candidate.syllabus, titles, process, findings)
    if assessment is not None:
        claim["provenBy"] = [assessment]
    if achievement.received:
        claim["creditReceived"] = [credit_point(ids, "received", achievement.received)]
    english = titles.get("en") or next(iter(titles.values()))
    return {
        "@context": list(cv.CONTEXT),
        "id": identifier,
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "credentialSchema": [{"id": cv.SCHEMA_GENERIC_FULL, "type": "ShaclValidator2017"}],
        "credentialProfiles": [cv.fixed(cv.PROFILE_GENERIC, cv.CREDENTIAL_SCHEME)],
        "displayParameter": display_parameter(
            ids, {"en": f"Micro-credential: {english}"}, display_image or DisplayImage()
        ),
        "issuer": credential_issuer(issuer),
        "issuanceDate": date_time(issued),
        "issued": date_time(issued),
        "validFrom": date_time(issued),
        "credentialSubject": dict(
            _person(ids, candidate.holder, achievement.body.country), hasClaim=[claim]
        ),
    }


def _identifier(ids: Ids, notation: str, scheme: str) -> Node:
    return {
        "id": ids("identifier", f"{scheme}#{notation}"),
        "type": "Identifier",
        "notation": notation,
        "schemeName": scheme,
    }


def _person(ids: Ids, holder: Holder, country: str | None) -> Node:
    person: Node = {"id": ids("person", "learner"), "type": "Person"}
    if holder.esi:
        person["identifier"] = [_identifier(ids, holder.esi, "esi")]
    spatial = cv.country(country) if country else None
    if holder.national_id and spatial is not None:
        # The identifier's country is the awarding institution's, as for transcripts (elm
        # convert): a results store keeps learners of its own country's institutions.
        person["nationalID"] = {
            "id": ids("legalIdentifier", "national"),
            "type": "LegalIdentifier",
            "notation": holder.national_id,
            "spatial": spatial,
        }
    if holder.given_names.strip():
        person["givenName"] = {"und": holder.given_names}
    if holder.family_name.strip():
        person["familyName"] = {"und": holder.family_name}
    if holder.birth_date is not None:
        person["dateOfBirth"] = date_time(holder.birth_date)
    citizenship = cv.country(holder.citizenship) if holder.citizenship else None
    if citizenship is not None:
        person["citizenshipCountry"] = [citizenship]
    return person


def _qualification(ids: Ids, candidate: Candidate, titles: dict[str, str], body: Node) -> Node:
    achievement, syllabus = candidate.achievement, candidate.syllabus
    node: Node = {"id": ids("qualification", "spec"), "type": "Qualification", "title": titles}
    if achievement.code:
        node["identifier"] = [_identifier(ids, achievement.code, "local")]
    kind = cv.OPPORTUNITY_TYPES[_TYPES[achievement.kind]]
    node["dcType"] = [cv.fixed(kind, cv.OPPORTUNITY_SCHEME)]
    node["isPartialQualification"] = True
    if syllabus is not None and syllabus.outcomes():
        node["learningOutcome"] = [
            {
                "id": ids("learningOutcome", str(n)),
                "type": "LearningOutcome",
                "title": {lang: text for lang, text in (("sv", sv), ("en", en)) if text},
            }
            for n, (sv, en) in enumerate(syllabus.outcomes())
        ]
    if achievement.credits:
        node["creditPoint"] = [credit_point(ids, "spec", achievement.credits)]
    if syllabus is not None and syllabus.workload_hours:
        node["volumeOfLearning"] = hours_duration(syllabus.workload_hours)
    eqf = cv.eqf(str(achievement.eqf)) if achievement.eqf is not None else None
    if eqf is not None:
        node["eqfLevel"] = eqf
    isced = cv.isced_f(achievement.isced_f) if achievement.isced_f else None
    if isced is not None:
        node["thematicArea"] = [isced]
    language = cv.language(achievement.language) if achievement.language else None
    if language is not None:
        node["language"] = [language]
    if syllabus is not None and syllabus.participation is not None:
        node["mode"] = [mode_concept(syllabus.participation)]
    node["learningSetting"] = formal_learning()  # a higher-education course is formal learning
    requirements = _entry_requirements(ids, syllabus)
    if requirements is not None:
        node["entryRequirement"] = requirements
    if candidate.quality:
        node["accreditation"] = [
            accreditation(ids, n, entry, body) for n, entry in enumerate(candidate.quality)
        ]
    return node


def _entry_requirements(ids: Ids, syllabus: Syllabus | None) -> Node | None:
    if syllabus is None:
        return None
    texts = {
        lang: text
        for lang, text in (
            ("sv", syllabus.entry_requirements_sv),
            ("en", syllabus.entry_requirements_en),
        )
        if text
    }
    if not texts:
        return None
    return {"id": ids("note", "entryRequirement"), "type": "Note", "noteLiteral": texts}


def accreditation(ids: Ids, n: int, entry: QualityAssurance, body: Node) -> Node:
    """ELM ``Accreditation`` of the awarding body ``body`` (Annex I element 11): the QA type
    from the EU accreditation list, its agent (e.g. UKÄ) with legal name and location."""
    agent_ids = Ids(f"organisation|qa|{entry.agent_country}|{entry.agent_name_en}")
    agent: Node = {
        "id": agent_ids("organisation", "self"),
        "type": "Organisation",
        "legalName": {"sv": entry.agent_name_sv, "en": entry.agent_name_en},
    }
    country = cv.country(entry.agent_country)
    assert country is not None  # the import accepts ISO 3166 codes only
    agent["location"] = [location(agent_ids, "org", country)]
    if entry.agent_url:
        agent["homepage"] = [web_resource(agent_ids, "org", entry.agent_url)]
    node: Node = {
        "id": ids("accreditation", str(n)),
        "type": "Accreditation",
        "title": {"en": entry.title_en},
        "dcType": accreditation_concept(entry.type),
        "accreditingAgent": agent,
        "organisation": [reference(body)],
    }
    if entry.decision_date is not None:
        node["dateIssued"] = date_time(entry.decision_date)
    if entry.report_url:
        node["report"] = web_resource(ids, f"accreditation#{n}#report", entry.report_url)
    return node


def _assessment(
    ids: Ids,
    achievement: Achievement,
    syllabus: Syllabus | None,
    titles: dict[str, str],
    process: Node,
    findings: Findings,
) -> Node | None:
    """The graded assessment; its type is the syllabus's main form, the others its parts."""
    grade = " ".join((achievement.grade or "").split())
    if not grade:
        return None
    spec: Node = {
        "id": ids("learningAssessmentSpecification", "assessment"),
        "type": "LearningAssessmentSpecification",
        "title": titles,
    }
    kinds = syllabus.assessment if syllabus is not None else ()
    if kinds:
        spec["dcType"] = assessment_concept(kinds[0])
    if achievement.scheme:
        spec["gradingScheme"] = _grading_scheme(ids, achievement, findings)
    if len(kinds) > 1:
        spec["hasPart"] = [
            {
                "id": ids("learningAssessmentSpecification", f"part#{kind.value}"),
                "type": "LearningAssessmentSpecification",
                "title": {"en": kind.label_en.capitalize()},
                "dcType": assessment_concept(kind),
            }
            for kind in kinds[1:]
        ]
    node: Node = {
        "id": ids("learningAssessment", "assessment"),
        "type": "LearningAssessment",
        "title": titles,
        "grade": {"id": ids("note", "grade"), "type": "Note", "noteLiteral": {"und": grade}},
        "awardedBy": reference(process),
        "gradeStatus": cv.fixed(cv.GRADE_PASS, cv.GRADE_STATUS_SCHEME),
        "specifiedBy": spec,
    }
    if achievement.awarded is not None:
        node["dateIssued"] = date_time(achievement.awarded)
    return node


def _grading_scheme(ids: Ids, achievement: Achievement, findings: Findings) -> Node:
    code = achievement.scheme or ""
    node: Node = {
        "id": ids("gradingScheme", code),
        "type": "GradingScheme",
        "title": {"und": code},
        "identifier": [_identifier(ids, code, "gradingSchemeLocalId")],
    }
    description = lang_map(
        achievement.scheme_descriptions,
        f"{achievement.source}/gradingScheme",
        findings,
        multiline=True,
    )
    if description:
        node["description"] = description
    return node
