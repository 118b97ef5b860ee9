"""Checking a batch against what the database holds; the ordered plan of what to write."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import NoReturn

from gateway.core.degrees.importing import plan_degrees
from gateway.core.grading import BUILTIN_SCALES
from gateway.core.importing.fields import derive_term
from gateway.core.importing.model import (
    ImportBatch,
    ImportPlan,
    KnownRecords,
    Located,
    OpportunityRef,
    ResultRecord,
)
from gateway.core.records import AcademicTerm, GradingScale, OpportunityKind, ResultStatus
from gateway.errors import ImportFileError

_KIND_RANK = {OpportunityKind.PROGRAMME: 0, OpportunityKind.COURSE: 1, OpportunityKind.MODULE: 2}


def plan_import(batch: ImportBatch, known: KnownRecords) -> ImportPlan:
    """Check every reference of ``batch`` against itself and ``known``; what to write."""
    file = batch.file

    def fail(where: str, name: str, problem: str) -> NoReturn:
        raise ImportFileError(file, where, name, problem)

    institutions = {i.value.schac for i in batch.institutions} | known.institutions

    # Grading scales: the file's, then the stored ones, then the built-in ones.
    scales: dict[str, GradingScale] = dict(known.scales)
    for s_item in batch.grading_scales:
        scale = s_item.value
        builtin = BUILTIN_SCALES.get(scale.code)
        if builtin is not None and builtin != scale:
            fail(s_item.where, "code", f"{scale.code!r} is a built-in scale; use another code")
        lost = known.used_labels.get(scale.code, frozenset()) - {g.label for g in scale.grades}
        if lost:
            labels = ", ".join(sorted(lost))
            fail(s_item.where, "grades", f"drops grade(s) {labels} that stored results use")
        scales[scale.code] = scale
    extra_scales: list[GradingScale] = []

    def scale_for(code: str) -> GradingScale | None:
        if code not in scales and code in BUILTIN_SCALES:
            scales[code] = BUILTIN_SCALES[code]
            extra_scales.append(BUILTIN_SCALES[code])
        return scales.get(code)

    # Terms: the file's, the stored ones, or derived from an HT/VT code.
    term_codes = {t.value.code for t in batch.terms} | known.terms
    extra_terms: list[AcademicTerm] = []

    learners = {x.value.learner.national_id for x in batch.learners} | known.learners

    # Opportunities: the stored ones overlaid with the file's.
    opps: dict[tuple[str, str], OpportunityRef] = dict(known.opportunities)
    for o_item in batch.opportunities:
        o = o_item.value
        opps[(o.institution, o.code)] = OpportunityRef(o.kind, o.parent_code, o.credits)
    depth: dict[tuple[str, str], int] = {}
    for o_item in batch.opportunities:
        o = o_item.value
        if o.institution not in institutions:
            fail(o_item.where, "institution", _unknown("institution", o.institution))
        if o.parent_code is None:
            continue
        parent = opps.get((o.institution, o.parent_code))
        if parent is None:
            fail(
                o_item.where,
                "parent",
                f"no opportunity {o.parent_code!r} of {o.institution} in the file or the database",
            )
        if _KIND_RANK[parent.kind] > _KIND_RANK[o.kind]:
            fail(
                o_item.where, "parent", f"a {o.kind.value} cannot be part of a {parent.kind.value}"
            )
        depth[(o.institution, o.code)] = _depth(opps, (o.institution, o.code), o_item.where, fail)

    ordered = sorted(
        batch.opportunities, key=lambda i: depth.get((i.value.institution, i.value.code), 0)
    )

    results: list[ResultRecord] = []
    for r_item in batch.results:
        r = r_item.value
        if r.institution not in institutions:
            fail(r_item.where, "institution", _unknown("institution", r.institution))
        if r.national_id not in learners:
            fail(
                r_item.where,
                "learner",
                "no learner with this national_id in the file or the database",
            )
        opp = opps.get((r.institution, r.opportunity))
        if opp is None:
            fail(
                r_item.where,
                "opportunity",
                _unknown(f"opportunity of {r.institution}", r.opportunity),
            )
        if r.term is not None and r.term not in term_codes:
            derived = derive_term(r.term)
            if derived is None:
                fail(
                    r_item.where,
                    "term",
                    f"unknown term {r.term!r}: not in the file or the database, and not a code "
                    "like HT2019 or VT2020",
                )
            term_codes.add(r.term)
            extra_terms.append(derived)
        if r.scale is not None:
            used = scale_for(r.scale)
            if used is None:
                fail(r_item.where, "scale", _unknown("grading scale", r.scale))
            if r.grade is not None:
                grade = used.grade(r.grade)
                if grade is None:
                    labels = ", ".join(g.label for g in used.grades)
                    fail(
                        r_item.where,
                        "grade",
                        f"{r.grade!r} is not a grade of scale {used.code} ({labels})",
                    )
                if grade.passing and r.status is ResultStatus.FAILED:
                    fail(
                        r_item.where,
                        "grade",
                        f"{r.grade!r} is a passing grade but status is failed",
                    )
                if not grade.passing and r.status is ResultStatus.PASSED:
                    fail(
                        r_item.where,
                        "grade",
                        f"{r.grade!r} is a failing grade but status is passed",
                    )
        if r.credits is None and r.status is ResultStatus.PASSED and opp.credits is not None:
            r = replace(r, credits=opp.credits)
        results.append(r)

    degrees = plan_degrees(
        file,
        batch.degrees,
        [Located(item.where, r) for item, r in zip(batch.results, results, strict=True)],
        institutions=institutions,
        learners=learners,
        opportunities=opps,
        facts=known.degrees,
    )
    return ImportPlan(
        file=file,
        institutions=tuple(i.value for i in batch.institutions),
        grading_scales=tuple(s.value for s in batch.grading_scales) + tuple(extra_scales),
        terms=tuple(t.value for t in batch.terms) + tuple(extra_terms),
        learners=tuple(x.value for x in batch.learners),
        opportunities=tuple(i.value for i in ordered),
        results=tuple(results),
        syllabi=tuple(s.value for s in batch.syllabi),
        quality_assurance=tuple(q.value for q in batch.quality_assurance),
        degrees=degrees,
    )


def _unknown(what: str, code: str) -> str:
    return f"unknown {what} {code!r}: not in the file or the database"


def _depth(
    opps: Mapping[tuple[str, str], OpportunityRef],
    key: tuple[str, str],
    where: str,
    fail: Callable[[str, str, str], NoReturn],
) -> int:
    """How many parents lie above ``key``; a chain that comes back to it is a cycle."""
    institution, code = key
    chain = [code]
    current = opps[key].parent_code
    while current is not None:
        if current in chain:
            path = " → ".join([*chain, current])
            fail(where, "parent", f"the parent chain loops: {path}")
        chain.append(current)
        ref = opps.get((institution, current))
        if ref is None:  # a stored opportunity whose parent is gone; the database forbids it
            break
        current = ref.parent_code
    return len(chain) - 1
