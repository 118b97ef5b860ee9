"""A degree's included results, found in the learner's transcript (each with its passed parts)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from gateway.core.degrees.model import AwardedDegree, Degree
from gateway.core.records import (
    InstitutionTranscript,
    ResultNode,
    ResultStatus,
    Transcript,
)


def awarded_degree(transcript: Transcript, degree: Degree) -> AwardedDegree:
    """``degree`` with the passed results its ``included`` opportunities name, by date.

    The import checked that each included opportunity has a passed result of the learner at the
    degree's institution and that no included opportunity is part of another one.
    """
    wanted = set(degree.included)
    found: list[ResultNode] = []

    def visit(node: ResultNode) -> None:
        if node.result.opportunity.code in wanted:
            if node.result.status is ResultStatus.PASSED:
                found.append(_passed_only(node))
            return
        for part in node.parts:
            visit(part)

    for institution in transcript.institutions:
        if institution.institution.schac == degree.institution.schac:
            for root in institution.roots:
                visit(root)
    found.sort(key=lambda n: (n.result.date or date.max, n.result.opportunity.code))
    return AwardedDegree(degree, transcript.learner, tuple(found))


def _passed_only(node: ResultNode) -> ResultNode:
    parts = tuple(_passed_only(p) for p in node.parts if p.result.status is ResultStatus.PASSED)
    return ResultNode(node.result, parts)


def without(transcript: Transcript, result_ids: Iterable[int]) -> Transcript:
    """The transcript without the given results (a part of a dropped result goes with it)."""
    dropped = set(result_ids)

    def keep(node: ResultNode) -> ResultNode | None:
        if node.result.id in dropped:
            return None
        parts = tuple(p for p in (keep(c) for c in node.parts) if p is not None)
        return ResultNode(node.result, parts)

    institutions = []
    for inst in transcript.institutions:
        roots = tuple(r for r in (keep(root) for root in inst.roots) if r is not None)
        if roots:
            institutions.append(InstitutionTranscript(inst.institution, roots))
    return Transcript(transcript.learner, tuple(institutions))
