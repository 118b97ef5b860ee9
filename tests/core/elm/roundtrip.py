"""What an ELMO says about results, flattened for comparing an ELMO with its ELM → ELMO copy."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from gateway.core.elmo.model import Elmo, LearningOpportunitySpecification

Result = tuple[object, ...]


def results(elmo: Elmo) -> Counter[Result]:
    """Per institution and opportunity: codes, titles, type, status, grade, ECTS, date, level.

    The tree shape is left out: ELM links a course to a programme in progress without saying
    which contains which, so the way back lists both (the conversion report says so).
    """
    found: Counter[Result] = Counter()
    for report in elmo.reports:
        institution = report.issuer.identifier("schac")
        for los in report.specifications():
            found[(institution, *_result(los))] += 1
    return found


def _result(los: LearningOpportunitySpecification) -> Result:
    loi = los.instance
    ects = loi.ects()
    return (
        tuple(sorted((i.type, i.value) for i in los.identifiers)),
        tuple(sorted((i.type, i.value) for i in loi.identifiers)),
        tuple(sorted((t.lang or "", t.value) for t in los.titles)),
        los.type,
        los.isced_code,
        loi.status or "passed",
        loi.result_label,
        None if ects is None else Decimal(ects).normalize(),
        loi.grading_scheme_local_id,
        loi.date,
        tuple((level.type, level.value) for level in loi.levels),
        loi.language_of_instruction,
    )
