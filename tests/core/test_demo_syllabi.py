"""The demo dataset carries micro-credential data: most courses complete, some not on purpose."""

from __future__ import annotations

from decimal import Decimal

from gateway.core.demo import degrees, demo_json
from gateway.core.demo.degree_syllabi import DEGREE_SYLLABI
from gateway.core.importing import ImportPlan, check_file
from gateway.core.records import OpportunityKind, ResultStatus
from gateway.core.syllabus import QualityAssuranceType


def _plan(dataset: str = "se") -> ImportPlan:
    return check_file(demo_json(dataset), f"demo-{dataset}.json", "json")


def test_most_courses_at_every_swedish_institution_have_a_full_syllabus() -> None:
    plan = _plan()
    courses = {
        (o.institution, o.code) for o in plan.opportunities if o.kind is OpportunityKind.COURSE
    }
    syllabi = {(s.institution, s.code): s.syllabus for s in plan.syllabi}
    full = {
        key
        for key in courses
        if (s := syllabi[key]).learning_outcomes_sv
        and len(s.learning_outcomes_sv) == len(s.learning_outcomes_en)
        and s.assessment
        and s.participation is not None
        and s.entry_requirements_sv
        and s.entry_requirements_en
        and s.workload_hours
    }
    for schac in ("uu.se", "umu.se", "su.se"):
        mine = {key for key in courses if key[0] == schac}
        assert len(mine & full) > len(mine) * 2 / 3, schac
    assert len(full) < len(courses)


def test_some_courses_lack_outcomes_or_assessment_on_purpose() -> None:
    syllabi = {(s.institution, s.code): s.syllabus for s in _plan().syllabi}
    no_outcomes = {k for k, s in syllabi.items() if not s.is_empty and not s.learning_outcomes_en}
    no_assessment = {k for k, s in syllabi.items() if not s.is_empty and not s.assessment}
    assert ("uu.se", "1MA025") in no_outcomes  # one of Karin's passed courses
    assert ("su.se", "EC7113") in no_assessment  # another
    assert syllabi[("umu.se", "5DV503")].is_empty
    assert all(s.is_empty for (_, code), s in syllabi.items() if "-" in code)  # modules


def test_outcomes_read_like_a_syllabus_in_both_languages() -> None:
    syllabus = next(s.syllabus for s in _plan().syllabi if s.code == "1DL301")
    assert syllabus.learning_outcomes_sv[1] == "formulera frågor i relationsalgebra och SQL"
    assert syllabus.learning_outcomes_en[1] == "formulate queries in relational algebra and SQL"
    assert str(syllabus.workload_hours) == "200.0"  # 7.5 hp × 40 h / 1.5 hp


def test_every_swedish_institution_has_ukas_quality_assurance() -> None:
    quality = {q.institution: q.entries for q in _plan().quality_assurance}
    assert set(quality) == {"uu.se", "umu.se", "su.se"}
    for entries in quality.values():
        (entry,) = entries
        assert entry.type is QualityAssuranceType.INSTITUTIONAL_QA
        assert (entry.agent_name_sv, entry.agent_country) == ("Universitetskanslersämbetet", "SE")
        assert entry.decision_date is not None


def test_the_norwegian_dataset_states_none() -> None:
    plan = _plan("no")
    assert all(s.syllabus.is_empty for s in plan.syllabi)
    assert all(not q.entries for q in plan.quality_assurance)


def test_every_degree_course_has_a_full_syllabus_with_its_notional_workload() -> None:
    plan = _plan()
    syllabi = {(s.institution, s.code): s.syllabus for s in plan.syllabi}
    credits = {(o.institution, o.code): o.credits for o in plan.opportunities}
    courses = [(schac, spec.code) for schac, specs in degrees.COURSES.items() for spec in specs]
    assert set(courses) == set(DEGREE_SYLLABI)
    for key in courses:
        syllabus = syllabi[key]
        assert len(syllabus.learning_outcomes_sv) == len(syllabus.learning_outcomes_en) >= 2, key
        assert syllabus.assessment, key
        assert syllabus.participation is not None, key
        assert syllabus.entry_requirements_sv, key
        assert syllabus.entry_requirements_en, key
        hours = (credits[key] or Decimal(0)) * 40 / Decimal("1.5")
        assert syllabus.workload_hours == hours.quantize(Decimal("0.1")), key


def test_degree_holders_passed_the_courses_an_entry_requirement_names_before_it() -> None:
    """Of the degree courses' syllabi: the demo histories and the syllabi tell one story."""
    plan = _plan()
    opportunities = {(o.institution, o.code): o for o in plan.opportunities}
    syllabi = {(s.institution, s.code): s.syllabus for s in plan.syllabi}
    passed = {
        (r.national_id, r.institution, r.opportunity): r.date
        for r in plan.results
        if r.status is ResultStatus.PASSED
    }
    named = 0
    for degree in plan.degrees:
        schac, learner = degree.institution, degree.national_id
        for code in (c for c in degree.included if (schac, c) in DEGREE_SYLLABI):
            requirements = syllabi[(schac, code)].entry_requirements_sv or ""
            when = passed[(learner, schac, code)]
            for (place, other), opportunity in opportunities.items():
                hp = f"{opportunity.credits:f}".removesuffix(".0").replace(".", ",")
                if place != schac or f"{opportunity.title_sv}, {hp} hp" not in requirements:
                    continue
                named += 1
                before = passed.get((learner, schac, other))
                assert before is not None, (code, other)
                assert when is not None, code
                assert before < when, (code, other)
    assert named > 40  # most entry requirements name earlier courses
