"""ELMO LOS tree → ELM claims (ELM–ELMO mapping rows LearningOpportunitySpecification/Instance).

A passed (or unmarked) result is a ``LearningAchievement``; parts of the same kind nest under
``hasPart``. ELM's LearningAchievement asserts acquired learning, so an ``in-progress`` result is a
``LearningActivity`` (participation) and a graded ``failed`` one a ``LearningAssessment``; they
are separate top-level claims, linked with ``influencedBy`` where ELM has such a link.
"""

from __future__ import annotations

from typing import Literal

from gateway.core.elm import vocabulary as cv
from gateway.core.elm.nodes import (
    Node,
    date_time,
    hours_duration,
    identifiers,
    reference,
    require_lang_map,
)
from gateway.core.elm.specs import (
    LOI,
    ClaimContext,
    activity_spec,
    grading_scheme,
    period,
    specification,
)
from gateway.core.elmo.model import (
    STATUSES,
    LearningOpportunityInstance,
    LearningOpportunitySpecification,
)
from gateway.errors import InvalidInput

Kind = Literal["LearningAchievement", "LearningActivity", "LearningAssessment"]


def status_of(loi: LearningOpportunityInstance) -> str | None:
    return loi.status.strip().lower() if loi.status and loi.status.strip() else None


def kind_of(loi: LearningOpportunityInstance, loi_path: str) -> Kind:
    """The claim type; no status means a plain result (ELMO makes ``status`` optional)."""
    status = status_of(loi) or "passed"
    if status not in STATUSES:
        raise InvalidInput(f"{loi_path}/status: {loi.status!r} is not one of {', '.join(STATUSES)}")
    if status == "in-progress" or (status == "failed" and not loi.result_label):
        return "LearningActivity"
    if status == "failed":
        return "LearningAssessment"
    return "LearningAchievement"


def report_claims(
    opportunities: tuple[LearningOpportunitySpecification, ...], report_path: str, ctx: ClaimContext
) -> list[Node]:
    """The top-level claims of one report, in document order."""
    claims: list[Node] = []
    for index, los in enumerate(opportunities, start=1):
        promoted: list[Node] = []
        claims.append(
            _claim(los, f"{report_path}/learningOpportunitySpecification[{index}]", ctx, promoted)
        )
        claims.extend(promoted)
    return claims


def _claim(
    los: LearningOpportunitySpecification, path: str, ctx: ClaimContext, promoted: list[Node]
) -> Node:
    loi = los.instance
    kind = kind_of(loi, f"{path}/{LOI}")
    titles = require_lang_map(los.titles, f"{path}/title", ctx.findings)
    spec = specification(los, path, titles, ctx)
    process: Node = {
        "id": ctx.ids("awardingProcess", path),
        "type": "AwardingProcess",
        "awardingBody": [ctx.awarding_body],
    }
    if loi.date is not None:
        process["awardingDate"] = date_time(loi.date)
    node: Node = {"id": ctx.ids(kind[0].lower() + kind[1:], path), "type": kind, "title": titles}
    loi_ids = identifiers(ctx.ids, f"{path}/{LOI}", loi.identifiers)
    if loi_ids:
        node["identifier"] = loi_ids
    node["awardedBy"] = process
    if kind == "LearningAchievement":
        _achievement(node, los, path, titles, spec, ctx)
    elif kind == "LearningActivity":
        _activity(node, los, path, titles, spec, ctx)
    else:
        _assessment_claim(node, los, path, titles, spec, ctx)
    for index, part in enumerate(los.has_part, start=1):
        part_path = f"{path}/hasPart[{index}]/learningOpportunitySpecification"
        below: list[Node] = []
        child = _claim(part, part_path, ctx, below)
        if child["type"] == kind:
            node.setdefault("hasPart", []).append(child)
        else:
            promoted.append(child)
            _link(node, child, part_path, ctx)
        promoted.extend(below)
    return node


def _link(parent: Node, child: Node, child_path: str, ctx: ClaimContext) -> None:
    if parent["type"] == "LearningAchievement" and child["type"] == "LearningActivity":
        parent.setdefault("influencedBy", []).append(reference(child))
    elif parent["type"] == "LearningActivity" and child["type"] == "LearningAchievement":
        child.setdefault("influencedBy", []).append(reference(parent))
    else:
        ctx.findings.add(
            f"{child_path.rsplit('/', 1)[0]}",
            "hasPart",
            f"ELM has no part-of link from a {child['type']} to a {parent['type']}; "
            "the part is a separate claim",
        )


def _achievement(
    node: Node,
    los: LearningOpportunitySpecification,
    path: str,
    titles: dict[str, str],
    spec: Node,
    ctx: ClaimContext,
) -> None:
    loi = los.instance
    node["specifiedBy"] = spec
    if loi.result_label:
        proof = _assessment(los, path, titles, reference(spec), reference(node["awardedBy"]), ctx)
        node["provenBy"] = [proof]
    received = spec.get("creditPoint", [])
    if received:
        node["creditReceived"] = [
            dict(c, id=ctx.ids("creditPoint", f"{path}#received")) for c in received
        ]
    opportunity = _opportunity(los, path, titles, spec, ctx)
    if opportunity is not None:
        node["learningOpportunity"] = opportunity
    hours = loi.engagement_hours
    if hours is not None and hours > 0:
        activity: Node = {
            "id": ctx.ids("learningActivity", f"{path}#engagement"),
            "type": "LearningActivity",
            "title": titles,
            "awardedBy": reference(node["awardedBy"]),
            "workload": hours_duration(hours),
            "specifiedBy": activity_spec(path, titles, spec, ctx, with_influences=False),
        }
        node["influencedBy"] = [activity]


def _activity(
    node: Node,
    los: LearningOpportunitySpecification,
    path: str,
    titles: dict[str, str],
    spec: Node,
    ctx: ClaimContext,
) -> None:
    loi = los.instance
    loi_path = f"{path}/{LOI}"
    span = period(loi, path, ctx)
    if span is not None:
        node["temporal"] = [span]
    if loi.engagement_hours is not None and loi.engagement_hours > 0:
        node["workload"] = hours_duration(loi.engagement_hours)
    node["specifiedBy"] = activity_spec(path, titles, spec, ctx, with_influences=True)
    if status_of(loi) == "failed":
        ctx.findings.add(
            f"{loi_path}/status",
            "status failed",
            "without a grade there is no LearningAssessment to carry gradeStatus; the result is "
            "stated as participation (LearningActivity)",
        )
    if loi.result_label:
        ctx.findings.add(
            f"{loi_path}/resultLabel",
            "resultLabel",
            f"a {status_of(loi)} result is not an assessment with a final grade",
        )
    _not_received(loi, loi_path, ctx)


def _assessment_claim(
    node: Node,
    los: LearningOpportunitySpecification,
    path: str,
    titles: dict[str, str],
    spec: Node,
    ctx: ClaimContext,
) -> None:
    loi = los.instance
    loi_path = f"{path}/{LOI}"
    # The specification appears nowhere else in this claim, so ``proves`` carries it in full.
    full = _assessment(los, path, titles, spec, node["awardedBy"], ctx)
    node.update({k: v for k, v in full.items() if k not in ("id", "type", "title")})
    for name, value in (("start", loi.start), ("academicTerm", loi.academic_term)):
        if value is not None:
            ctx.findings.add(
                f"{loi_path}/{name}", name, "a LearningAssessment has no period (dateIssued kept)"
            )
    if loi.engagement_hours is not None and loi.engagement_hours > 0:
        ctx.findings.add(
            f"{loi_path}/engagementHours",
            f"engagementHours {loi.engagement_hours}",
            "a LearningAssessment has no workload",
        )
    _not_received(loi, loi_path, ctx)


def _not_received(loi: LearningOpportunityInstance, loi_path: str, ctx: ClaimContext) -> None:
    for index, credit in enumerate(loi.credits, start=1):
        if credit.scheme.lower() == "ects" and credit.value is not None:
            ctx.findings.add(
                f"{loi_path}/credit[{index}]",
                "credit",
                f"credits of a {status_of(loi)} result are not received: kept only as the "
                "specification's creditPoint",
            )


def _assessment(
    los: LearningOpportunitySpecification,
    path: str,
    titles: dict[str, str],
    proves: Node,
    awarded_by: Node,
    ctx: ClaimContext,
) -> Node:
    loi = los.instance
    node: Node = {
        "id": ctx.ids("learningAssessment", path),
        "type": "LearningAssessment",
        "title": titles,
        "grade": {
            "id": ctx.ids("note", f"{path}#grade"),
            "type": "Note",
            "noteLiteral": {"und": " ".join((loi.result_label or "").split())},
        },
        "awardedBy": awarded_by,
    }
    if loi.date is not None:
        node["dateIssued"] = date_time(loi.date)
    if status_of(loi) == "passed":
        node["gradeStatus"] = cv.fixed(cv.GRADE_PASS, cv.GRADE_STATUS_SCHEME)
    elif status_of(loi) == "failed":
        node["gradeStatus"] = cv.concept(cv.GRADE_FAIL_LOCAL[0], None, cv.GRADE_FAIL_LOCAL[1])
    assessment_spec: Node = {
        "id": ctx.ids("learningAssessmentSpecification", path),
        "type": "LearningAssessmentSpecification",
        "title": titles,
    }
    if loi.grading_scheme_local_id:
        assessment_spec["gradingScheme"] = grading_scheme(loi.grading_scheme_local_id, path, ctx)
    assessment_spec["proves"] = [proves]
    node["specifiedBy"] = assessment_spec
    return node


def _opportunity(
    los: LearningOpportunitySpecification,
    path: str,
    titles: dict[str, str],
    spec: Node,
    ctx: ClaimContext,
) -> Node | None:
    span = period(los.instance, path, ctx)
    if span is None:
        return None
    return {
        "id": ctx.ids("learningOpportunity", path),
        "type": "LearningOpportunity",
        "title": titles,
        "providedBy": [reference(ctx.awarding_body)],
        "temporal": span,
        "learningAchievementSpecification": reference(spec),
    }
