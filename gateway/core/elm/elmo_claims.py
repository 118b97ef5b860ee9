"""ELM claims → ELMO learningOpportunitySpecification (the ELM–ELMO mapping table, read backwards).

A ``LearningAchievement`` is a passed result, a ``LearningActivity`` one in progress and a
``LearningAssessment`` claim a failed (or passed) assessment, as ``core/elm/claims.py`` writes
them. The grade comes from ``provenBy`` (ELM 3.2) or ``awardedBy.used`` (DC4EU converter
output); credits from ``creditReceived``, else the specification's ``creditPoint``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from gateway.core.elm import vocabulary as cv
from gateway.core.elm.reading import ConversionError, Obj
from gateway.core.elmo.model import (
    LOS_TYPES,
    AcademicTerm,
    Credit,
    Identifier,
    LearningOpportunityInstance,
    LearningOpportunitySpecification,
    Level,
    Text,
)

MAX_PART_DEPTH: Final = 32
CLAIM_TYPES: Final = ("LearningAchievement", "LearningActivity", "LearningAssessment")
GRADING_SCHEME_ID: Final = "gradingSchemeLocalId"  # the schemeName the forward direction writes
LOS_TYPE_SCHEME: Final = "elmo:type:los"  # DC4EU converter: the ELMO LOS type as an identifier
_TYPE_BY_IRI: Final = {iri: name for name, (iri, _) in cv.OPPORTUNITY_TYPES.items()}
_ALPHA2_BY_LANGUAGE: Final = {code: alpha2 for alpha2, code in cv.LANGUAGES.items()}
_ISCED: Final = "http://data.europa.eu/snb/isced-f/"
_EQF: Final = "http://data.europa.eu/snb/eqf/"
_FAIL_WORDS: Final = re.compile(r"fail|not passed|underkänd|ikke bestått", re.IGNORECASE)
_DURATION: Final = re.compile(
    r"P(?:(\d+)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?"
)


@dataclass
class ReportDraft:
    """One awarding body's ELMO report while its claims are converted."""

    body: Obj
    opportunities: list[LearningOpportunitySpecification] = field(default_factory=list)
    schemes: dict[str, tuple[Text, ...]] = field(default_factory=dict)


@dataclass
class ClaimMapper:
    """Converts the claims of one credential; ``converting`` holds the claims under way."""

    converting: list[int] = field(default_factory=list)

    def los(self, claim: Obj, draft: ReportDraft) -> LearningOpportunitySpecification | None:
        # Parts may be references, so a crafted credential can nest without end or in a circle.
        if id(claim.data) in self.converting:
            raise ConversionError(f"{claim.path}: the claim is a part of itself")
        if len(self.converting) >= MAX_PART_DEPTH:
            raise ConversionError(f"{claim.path}: parts nested deeper than {MAX_PART_DEPTH}")
        self.converting.append(id(claim.data))
        try:
            return self._claim(claim, draft)
        finally:
            self.converting.pop()

    def _claim(self, claim: Obj, draft: ReportDraft) -> LearningOpportunitySpecification | None:
        kinds = [t for t in claim.types() if t in CLAIM_TYPES]
        if not kinds:
            named = ", ".join(claim.types()) or "none"
            if "LearningEntitlement" in claim.types():
                claim.tracker.add(claim.path, "LearningEntitlement", "ELMO has no entitlements")
                claim.tracker.whole.add(id(claim.data))
                return None
            raise ConversionError(f"{claim.path}/type: {named} is not an ELM claim type")
        kind = kinds[0]
        if kind == "LearningAchievement":
            return self._achievement(claim, draft)
        if kind == "LearningActivity":
            return self._activity(claim, draft)
        return self._assessment_claim(claim, draft)

    # --- the three claim kinds ------------------------------------------------------------
    def _achievement(self, claim: Obj, draft: ReportDraft) -> LearningOpportunitySpecification:
        spec = claim.one("specifiedBy", "ELMO has one specification per result")
        awarded = claim.one("awardedBy")
        # DC4EU: awardedBy.used is the result itself, provenBy the partial assessments; ours
        # write the result as the only provenBy. Further assessments become parts of their own.
        proofs = awarded.objs("used") if awarded is not None else []
        proofs += claim.objs("provenBy")
        if awarded is not None:
            awarded.skip("awardingBody")
        unique = list({p.node_id() or str(n): p for n, p in enumerate(proofs)}.values())
        proof = unique[0] if unique else None
        loi = _Instance(status="passed")
        loi.identifiers = _identifiers(claim, "identifier", loi)
        if awarded is not None:
            loi.date = awarded.date("awardingDate")
        if proof is not None:
            self._grade(proof, loi, draft, claim_is_achievement=True)
        opportunity = claim.one("learningOpportunity")
        if opportunity is not None:
            opportunity.skip("title", "providedBy", "learningAchievementSpecification")
            _period(opportunity.one("temporal"), loi)
        received = _credits(claim, "creditReceived")
        los = _Spec(titles=claim.texts("title"))
        self._spec(spec, los, loi)
        if received:
            loi.credits = received
        self._influences(claim, loi)
        los.parts = [self._assessment_claim(extra, draft) for extra in unique[1:]]
        return self._build(claim, los, loi, draft)

    def _activity(self, claim: Obj, draft: ReportDraft) -> LearningOpportunitySpecification:
        loi = _Instance(status="in-progress")
        loi.identifiers = _identifiers(claim, "identifier", loi)
        claim.skip("awardedBy")
        _period(claim.one("temporal"), loi)
        loi.hours = _hours(claim, "workload")
        los = _Spec(titles=claim.texts("title"))
        activity_spec = claim.one("specifiedBy")
        if activity_spec is not None:
            activity_spec.skip("title")
            _language(activity_spec, loi)
            self._spec(activity_spec.one("influences"), los, loi)
        self._influences(claim, loi)
        return self._build(claim, los, loi, draft)

    def _assessment_claim(self, claim: Obj, draft: ReportDraft) -> LearningOpportunitySpecification:
        loi = _Instance(status="failed")
        loi.identifiers = _identifiers(claim, "identifier", loi)
        claim.skip("awardedBy")
        los = _Spec(titles=claim.texts("title"))
        self._grade(claim, loi, draft, claim_is_achievement=False)
        assessment_spec = claim.one("specifiedBy")
        if assessment_spec is not None:
            self._spec(assessment_spec.one("proves"), los, loi)
        return self._build(claim, los, loi, draft)

    # --- shared parts ---------------------------------------------------------------------
    def _build(
        self, claim: Obj, los: _Spec, loi: _Instance, draft: ReportDraft
    ) -> LearningOpportunitySpecification:
        """The LOS with the claim's parts (ELM nests parts of the same claim kind)."""
        parts = [self.los(part, draft) for part in claim.objs("hasPart")]
        los.parts = [p for p in parts if p is not None] + los.parts
        return los.build(claim, loi)

    def _grade(
        self, proof: Obj, loi: _Instance, draft: ReportDraft, *, claim_is_achievement: bool
    ) -> None:
        if claim_is_achievement:
            proof.skip("title", "awardedBy", "identifier")
        grade = proof.one("grade")
        if grade is not None:
            grade.tracker.whole.add(id(grade.data))
            literal = grade.texts("noteLiteral")
            loi.result = literal[0].value if literal else None
        status = proof.concept_ids("gradeStatus")
        if status:
            iri, concept = status[0]
            labels = " ".join(t.value for t in concept.texts("prefLabel"))
            failed = iri == cv.GRADE_FAIL_LOCAL[0] or bool(_FAIL_WORDS.search(labels))
            loi.status = "failed" if failed else "passed"
        elif not claim_is_achievement:
            loi.status = "passed" if loi.result else "failed"
        if loi.date is None:
            loi.date = proof.date("dateIssued")
        else:
            proof.skip("dateIssued")
        spec = proof.one("specifiedBy")
        if spec is None:
            return
        spec.skip("title")
        if claim_is_achievement:
            spec.skip("proves")  # the achievement's own specification
        scheme = spec.one("gradingScheme")
        if scheme is not None:
            loi.scheme = _scheme_id(scheme)
            descriptions = scheme.texts("description", multiline=True)
            draft.schemes.setdefault(loi.scheme, descriptions)

    def _spec(self, spec: Obj | None, los: _Spec, loi: _Instance) -> None:
        if spec is None:
            return
        los.fallback_titles = spec.texts("title")
        los.identifiers = _identifiers(spec, "identifier", loi)
        for iri, concept in spec.concept_ids("dcType"):
            if iri in _TYPE_BY_IRI and los.type is None:
                los.type = _TYPE_BY_IRI[iri]
            else:
                spec.tracker.add(concept.path, f"dcType {iri}", "no ELMO LOS type for this concept")
        for iri, concept in spec.concept_ids("thematicArea"):
            code = iri.removeprefix(_ISCED)
            if iri.startswith(_ISCED) and code in cv.ISCED_F_CODES and los.isced is None:
                los.isced = code
            else:
                spec.tracker.add(concept.path, f"thematicArea {iri}", "ELMO has one ISCED-F code")
        homepage = spec.one("homepage")
        if homepage is not None:
            los.url = homepage.text("contentURL")
        los.descriptions = spec.texts("description", multiline=True)
        _language(spec, loi)
        credits = _credits(spec, "creditPoint")
        if credits and not loi.credits:
            loi.credits = credits
        eqf = [iri for iri, _ in spec.concept_ids("eqfLevel")]
        for iri in eqf[:1]:
            if iri.startswith(_EQF) and iri.removeprefix(_EQF) in {str(n) for n in range(1, 9)}:
                loi.levels.append(Level("EQF", iri.removeprefix(_EQF)))
            else:
                spec.tracker.add(spec.at("eqfLevel"), f"eqfLevel {iri}", "not an EQF level 1-8")
        education = spec.concept_ids("educationLevel")
        for iri, concept in education:
            if iri not in eqf:
                spec.tracker.add(concept.path, f"educationLevel {iri}", "ELMO levels are EQF here")

    def _influences(self, claim: Obj, loi: _Instance) -> None:
        for number, influence in enumerate(claim.objs("influencedBy"), start=1):
            where = f"{claim.at('influencedBy')}[{number}]"
            inline = influence.path.startswith(claim.at("influencedBy"))
            hours = _hours(influence, "workload") if inline else None
            if hours is not None and loi.hours is None:
                loi.hours = hours  # the engagement activity the forward direction writes
                influence.tracker.whole.add(id(influence.data))
            elif not inline:
                # A course taken within a programme in progress, say: ELMO nests one in the
                # other; ELM only links the two and the direction is not stated.
                claim.tracker.add(
                    where, "influencedBy", "a link to another result: ELMO lists both separately"
                )
            else:
                claim.tracker.add(where, "influencedBy", "an activity ELMO has no place for")
                influence.tracker.whole.add(id(influence.data))


@dataclass
class _Instance:
    status: str
    identifiers: tuple[Identifier, ...] = ()
    date: datetime.date | None = None
    start: datetime.date | None = None
    term: AcademicTerm | None = None
    scheme: str | None = None
    result: str | None = None
    credits: tuple[Credit, ...] = ()
    levels: list[Level] = field(default_factory=list)
    language: str | None = None
    hours: Decimal | None = None
    los_type: str | None = None


@dataclass
class _Spec:
    titles: tuple[Text, ...]
    fallback_titles: tuple[Text, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    type: str | None = None
    isced: str | None = None
    url: str | None = None
    descriptions: tuple[Text, ...] = ()
    parts: list[LearningOpportunitySpecification] = field(default_factory=list)

    def build(self, claim: Obj, loi: _Instance) -> LearningOpportunitySpecification:
        titles = self.titles or self.fallback_titles
        if not titles:
            raise ConversionError(f"{claim.at('title')}: the result has no title")
        descriptions = self.descriptions or claim.texts("description", multiline=True)
        if self.descriptions:
            claim.skip("description")
        instance = LearningOpportunityInstance(
            identifiers=loi.identifiers,
            start=loi.start,
            date=loi.date,
            academic_term=loi.term,
            status=loi.status,
            grading_scheme_local_id=loi.scheme,
            result_label=loi.result,
            credits=loi.credits,
            levels=tuple(loi.levels),
            language_of_instruction=loi.language,
            engagement_hours=loi.hours,
        )
        return LearningOpportunitySpecification(
            titles=titles,
            instance=instance,
            identifiers=self.identifiers,
            type=self.type or loi.los_type,
            isced_code=self.isced,
            url=self.url,
            descriptions=descriptions,
            has_part=tuple(self.parts),
        )


def _identifiers(owner: Obj, key: str, loi: _Instance) -> tuple[Identifier, ...]:
    found: list[Identifier] = []
    for node in owner.objs(key):
        notation = node.text("notation")
        scheme = node.text("schemeName")
        node.skip("schemeAgency", "schemeId", "issuedDate")
        if notation is None:
            raise ConversionError(f"{node.path}/notation: an identifier needs a notation")
        if scheme == LOS_TYPE_SCHEME:
            if notation in LOS_TYPES:
                loi.los_type = notation
            continue
        found.append(Identifier(scheme or "local", notation))
    return tuple(found)


def _credits(owner: Obj, key: str) -> tuple[Credit, ...]:
    found: list[Credit] = []
    for credit in owner.objs(key):
        frameworks = credit.concept_ids("framework")
        names = [_label(concept) or iri for iri, concept in frameworks]
        ects = any(
            iri == cv.ECTS[0] or name.lower() == "ects"
            for (iri, _), name in zip(frameworks, names, strict=True)
        )
        value = credit.decimal("point")
        if ects and value is not None and not found:
            found.append(Credit("ECTS", value))
        else:
            what = f"{key} {', '.join(names) or 'no framework'}={value}"
            credit.tracker.add(credit.path, what, "ELMO credits here are one ECTS value")
    return tuple(found)


def _label(concept: Obj) -> str | None:
    """A concept's label (DC4EU writes local concepts, e.g. ``{"und": "ects"}``)."""
    labels = concept.texts("prefLabel")
    return labels[0].value if labels else concept.text("notation")


def _language(owner: Obj, loi: _Instance) -> None:
    for iri, concept in owner.concept_ids("language"):
        code = _ALPHA2_BY_LANGUAGE.get(iri.rsplit("/", 1)[-1])
        if code is not None and loi.language is None:
            loi.language = code
        elif code != loi.language:
            owner.tracker.add(concept.path, f"language {iri}", "ELMO has one languageOfInstruction")


def _period(temporal: Obj | None, loi: _Instance) -> None:
    if temporal is None:
        return
    label = temporal.texts("prefLabel")
    start = temporal.date("startDate")
    end = temporal.date("endDate")
    if label and start is not None and end is not None:
        loi.term = AcademicTerm(label, start, end)
        return
    if label:
        temporal.tracker.add(temporal.at("prefLabel"), "prefLabel", "an ELMO term needs both dates")
    loi.start = start
    if loi.date is None:
        loi.date = end


def _hours(owner: Obj, key: str) -> Decimal | None:
    text = owner.text(key)
    if text is None:
        return None
    match = _DURATION.fullmatch(text)
    if match is None or text in ("P", "PT"):
        owner.tracker.add(owner.at(key), f"{key} {text[:30]}", "not an xsd:duration in days/hours")
        return None
    days, hours, minutes, seconds = (Decimal(g) if g else Decimal(0) for g in match.groups())
    return (days * 24 + hours + minutes / 60 + seconds / 3600).normalize()


def _scheme_id(scheme: Obj) -> str:
    titles = scheme.texts("title")
    for node in scheme.objs("identifier"):
        node.skip("schemeName")
        if node.data.get("schemeName") == GRADING_SCHEME_ID and node.text("notation"):
            return str(node.text("notation"))
    if titles:
        return titles[0].value
    node_id = scheme.node_id()
    if node_id is None:
        raise ConversionError(f"{scheme.path}: a grading scheme needs an identifier or a title")
    return node_id
