"""The eligibility rule: all 11 Annex I elements from stored data, or the gaps and why."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from gateway.core.elmo.build import elmo_from_transcript
from gateway.core.microcredentials import (
    GapReason,
    eligibility_of,
    elmo_candidates,
    result_eligibility,
    transcript_eligibility,
)
from gateway.core.records import OpportunityKind, Result, ResultStatus, Transcript, build_transcript
from gateway.core.syllabus import CourseData, Participation
from tests.core.microcredentials.factories import (
    DATA,
    KARIN,
    RESULT,
    SYLLABUS,
    UKA,
    UU,
    course,
    data,
    result,
)

GENERATED = datetime(2026, 1, 2, tzinfo=UTC)


def test_a_complete_course_is_eligible() -> None:
    verdict = result_eligibility(KARIN, UU, RESULT, DATA)
    assert verdict.eligible
    assert verdict.gaps == ()
    assert verdict.missing == ()
    candidate = verdict.candidate
    assert candidate.syllabus == SYLLABUS
    assert candidate.quality == (UKA,)
    assert candidate.achievement.title("sv") == "Databasteknik I"
    assert candidate.achievement.eqf == 6
    assert verdict.to_json()["eligible"] is True


@pytest.mark.parametrize(
    ("learner_result", "course_data", "expected"),
    [
        (RESULT, data(None, UKA), {6: "no-syllabus", 9: "no-syllabus", 10: "no-syllabus"}),
        (RESULT, data(replace(SYLLABUS, learning_outcomes_sv=(), learning_outcomes_en=()), UKA),
         {6: "no-outcomes"}),
        (RESULT, data(replace(SYLLABUS, assessment=()), UKA), {9: "no-assessment"}),
        (RESULT, data(replace(SYLLABUS, participation=None), UKA), {10: "no-participation"}),
        (RESULT, data(SYLLABUS), {11: "no-quality-assurance"}),
        (result(grade=None, scale=None), DATA, {9: "no-grade"}),
        (result(opportunity=course(level=None)), DATA, {8: "no-level"}),
        (result(opportunity=course(credits=None), credits=None),
         data(replace(SYLLABUS, workload_hours=None), UKA), {7: "no-credits"}),
    ],
)  # fmt: skip
def test_each_missing_piece_is_a_gap_with_its_reason(
    learner_result: Result, course_data: CourseData, expected: dict[int, str]
) -> None:
    verdict = result_eligibility(KARIN, UU, learner_result, course_data)
    assert not verdict.eligible
    assert {g.element: g.reason.value for g in verdict.gaps} == expected
    assert verdict.missing == tuple(sorted(expected))
    for gap in verdict.gaps:
        assert gap.explanation
        assert gap.element_name


def test_workload_hours_alone_fill_element_7() -> None:
    no_credits = result(opportunity=course(credits=None), credits=None)
    assert result_eligibility(KARIN, UU, no_credits, DATA).eligible


def test_one_language_of_outcomes_is_enough() -> None:
    english = replace(SYLLABUS, learning_outcomes_sv=())
    assert result_eligibility(KARIN, UU, RESULT, data(english, UKA)).eligible


def test_only_passed_courses_and_modules_are_candidates() -> None:
    with pytest.raises(ValueError, match="not passed"):
        result_eligibility(KARIN, UU, result(status=ResultStatus.FAILED), DATA)
    programme = result(opportunity=course(kind=OpportunityKind.PROGRAMME))
    with pytest.raises(ValueError, match="programme"):
        result_eligibility(KARIN, UU, programme, DATA)


def _transcript() -> Transcript:
    module = course(code="1DL301-TEN1", kind=OpportunityKind.MODULE, parent_code="1DL301",
                    level=None, credits=Decimal(5))  # fmt: skip
    results = [
        RESULT,
        result(id=18, opportunity=module),
        result(id=19, opportunity=course(code="1MA025"), status=ResultStatus.FAILED, grade="U"),
        result(id=20, opportunity=course(code="TKDAT", kind=OpportunityKind.PROGRAMME)),
    ]
    return build_transcript(KARIN, [UU], results)


def test_a_transcript_gives_every_passed_course_and_module() -> None:
    transcript = _transcript()
    verdicts = transcript_eligibility(transcript, DATA)
    assert [v.candidate.achievement.code for v in verdicts] == ["1DL301", "1DL301-TEN1"]
    assert [v.eligible for v in verdicts] == [True, False]
    module = verdicts[1]
    assert module.candidate.achievement.kind is OpportunityKind.MODULE
    # a module does not inherit its course's syllabus; the institution's QA applies to it
    assert module.missing == (6, 8, 9, 10)


def test_our_own_elmo_finds_the_stored_syllabus() -> None:
    transcript = _transcript()
    elmo = elmo_from_transcript(transcript, generated=GENERATED)
    verdicts = [eligibility_of(c) for c in elmo_candidates(elmo, DATA, {"uu.se"})]
    by_code = {v.candidate.achievement.code: v for v in verdicts}
    assert set(by_code) == {"1DL301", "1DL301-TEN1"}
    assert by_code["1DL301"].eligible
    assert by_code["1DL301"].candidate.achievement.credits == Decimal("7.5")
    assert by_code["1DL301"].candidate.holder.national_id == KARIN.national_id


def test_a_foreign_elmo_lacks_elements_6_9_10_11_and_says_why() -> None:
    transcript = _transcript()
    elmo = elmo_from_transcript(transcript, generated=GENERATED)
    (course_verdict, _) = [eligibility_of(c) for c in elmo_candidates(elmo, DATA, set())]
    assert not course_verdict.candidate.in_store
    assert course_verdict.missing == (6, 9, 10, 11)
    assert {g.reason for g in course_verdict.gaps} == {GapReason.NOT_IN_STORE}
    assert "not in this gateway's results store" in course_verdict.gaps[0].explanation


def test_an_online_course_is_still_eligible() -> None:
    online = replace(SYLLABUS, participation=Participation.ONLINE)
    assert result_eligibility(KARIN, UU, RESULT, data(online, UKA)).eligible
