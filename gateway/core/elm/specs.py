"""ELMO LOS/LOI → ELM specifications, grading schemes and periods (ELM–ELMO mapping table)."""

from __future__ import annotations

from dataclasses import dataclass, field

from gateway.core.elm import vocabulary as cv
from gateway.core.elm.nodes import (
    Findings,
    Ids,
    Node,
    credit_point,
    date_time,
    identifiers,
    lang_map,
    reference,
    web_resource,
)
from gateway.core.elmo.model import (
    GradingScheme,
    LearningOpportunityInstance,
    LearningOpportunitySpecification,
)

LOI = "specifies/learningOpportunityInstance"


@dataclass
class ClaimContext:
    """What every claim of one report shares; ``emitted`` remembers fully written shared nodes."""

    ids: Ids
    awarding_body: Node
    schemes: tuple[GradingScheme, ...]
    findings: Findings
    used_schemes: set[str] = field(default_factory=set)
    emitted: set[str] = field(default_factory=set)

    def once(self, node: Node) -> Node:
        """The node in full the first time, then a bare reference (same credential)."""
        if node["id"] in self.emitted:
            return reference(node)
        self.emitted.add(node["id"])
        return node


def specification(
    los: LearningOpportunitySpecification, path: str, titles: dict[str, str], ctx: ClaimContext
) -> Node:
    """The LOS as LearningAchievementSpecification, or Qualification when it has an EQF level."""
    loi = los.instance
    loi_path = f"{path}/{LOI}"
    eqf: Node | None = None
    for index, level in enumerate(loi.levels, start=1):
        level_path = f"{loi_path}/level[{index}]"
        if level.description is not None and level.description.value.strip():
            ctx.findings.add(
                f"{level_path}/description",
                "level description",
                "the level concept carries its own label",
            )
        concept = cv.eqf(level.value or "") if level.type.strip().upper() == "EQF" else None
        if concept is not None and eqf is None:
            eqf = concept
        elif level.type.strip().upper() == "EQF":
            reason = "a second EQF level" if concept is not None else "not an EQF level 1-8"
            ctx.findings.add(level_path, f"level {level.type}={level.value}", reason)
        else:
            ctx.findings.add(
                level_path,
                f"level {level.type}={level.value}",
                "only EQF levels have an ELM concept scheme here (NQF levels need the national "
                "QDR concept)",
            )
    kind = "Qualification" if eqf is not None else "LearningAchievementSpecification"
    spec: Node = {"id": ctx.ids(kind[0].lower() + kind[1:], path), "type": kind, "title": titles}
    spec_ids = identifiers(ctx.ids, path, los.identifiers)
    if spec_ids:
        spec["identifier"] = spec_ids
    description = lang_map(los.descriptions, f"{path}/description", ctx.findings, multiline=True)
    if description:
        spec["description"] = description
    if los.type:
        found = cv.opportunity_type(los.type)
        if found is None:
            ctx.findings.add(f"{path}/type", f"type {los.type}", "not an ELMO LOS type")
        else:
            spec["dcType"] = [found]
    if los.url and los.url.strip():
        spec["homepage"] = [web_resource(ctx.ids, path, los.url.strip())]
    if los.isced_code:
        isced = cv.isced_f(los.isced_code)
        if isced is None:
            ctx.findings.add(
                f"{path}/iscedCode", f"iscedCode {los.isced_code}", "not an ISCED-F 2013 code"
            )
        else:
            spec["thematicArea"] = [isced]
    if los.subject_area:
        ctx.findings.add(
            f"{path}/subjectArea",
            f"subjectArea {los.subject_area}",
            "Erasmus subject area codes have no ELM concept scheme (educationSubject)",
        )
    if loi.language_of_instruction:
        language = cv.language(loi.language_of_instruction)
        if language is None:
            ctx.findings.add(
                f"{loi_path}/languageOfInstruction",
                f"languageOfInstruction {loi.language_of_instruction}",
                "not an ISO 639-1 code",
            )
        else:
            spec["language"] = [language]
    credits = credits_of(loi, loi_path, ctx)
    if credits:
        spec["creditPoint"] = credits
    if eqf is not None:
        spec["eqfLevel"] = eqf
    if loi.engagement_hours is not None and loi.engagement_hours <= 0:
        ctx.findings.add(
            f"{loi_path}/engagementHours",
            f"engagementHours {loi.engagement_hours}",
            "zero hours state no workload",
        )
    return spec


def credits_of(loi: LearningOpportunityInstance, loi_path: str, ctx: ClaimContext) -> list[Node]:
    found: list[Node] = []
    for index, credit in enumerate(loi.credits, start=1):
        credit_path = f"{loi_path}/credit[{index}]"
        if credit.level:
            ctx.findings.add(
                f"{credit_path}/level",
                f"credit level {credit.level}",
                "deprecated in ELMO; N/A in the official mapping",
            )
        if credit.scheme.strip().lower() != "ects":
            ctx.findings.add(
                credit_path,
                f"credit {credit.scheme}={credit.value}",
                "only ECTS has an ELM credit framework concept here",
            )
        elif credit.value is None:
            ctx.findings.add(credit_path, "credit ECTS", "no value")
        elif found:
            ctx.findings.add(credit_path, f"credit ECTS={credit.value}", "a second ECTS credit")
        else:
            found.append(credit_point(ctx.ids, f"{loi_path}#credit", credit.value))
    return found


def grading_scheme(local_id: str, path: str, ctx: ClaimContext) -> Node:
    ctx.used_schemes.add(local_id)
    report_path = path.split("/learningOpportunitySpecification", 1)[0]
    index, scheme = next(
        ((i, g) for i, g in enumerate(ctx.schemes, start=1) if g.local_id == local_id), (0, None)
    )
    node: Node = {
        "id": ctx.ids("gradingScheme", f"{report_path}#{local_id}"),
        "type": "GradingScheme",
        "title": {"und": local_id},
        "identifier": [
            {
                "id": ctx.ids("identifier", f"{report_path}#gradingScheme#{local_id}"),
                "type": "Identifier",
                "notation": local_id,
                "schemeName": "gradingSchemeLocalId",
            }
        ],
    }
    if scheme is None:
        ctx.findings.add(
            f"{path}/{LOI}/gradingSchemeLocalId",
            "gradingSchemeLocalId",
            f"the report has no gradingScheme {local_id!r}: only its local id is kept",
        )
    else:
        description = lang_map(
            scheme.descriptions,
            f"{report_path}/gradingScheme[{index}]/description",
            ctx.findings,
            multiline=True,
        )
        if description:
            node["description"] = description
    return ctx.once(node)


def activity_spec(
    path: str, titles: dict[str, str], spec: Node, ctx: ClaimContext, *, with_influences: bool
) -> Node:
    node: Node = {
        "id": ctx.ids("learningActivitySpecification", path),
        "type": "LearningActivitySpecification",
        "title": titles,
    }
    if "language" in spec:
        node["language"] = spec["language"]
    if with_influences:  # the activity claim's only route to the specification: in full
        node["influences"] = [spec]
    return node


def period(loi: LearningOpportunityInstance, path: str, ctx: ClaimContext) -> Node | None:
    term = loi.academic_term
    start = loi.start or (term.start if term else None)
    end = loi.date or (term.end if term else None)
    if start is None and end is None and term is None:
        return None
    period: Node = {"id": ctx.ids("periodOfTime", path), "type": "PeriodOfTime"}
    if term is not None:
        label = lang_map(term.titles, f"{path}/{LOI}/academicTerm/title", ctx.findings)
        if label:
            period["prefLabel"] = label
        for name, own, term_value in (
            ("start", loi.start, term.start),
            ("end", loi.date, term.end),
        ):
            if own is not None and own != term_value:
                ctx.findings.add(
                    f"{path}/{LOI}/academicTerm/{name}",
                    f"academicTerm/{name}",
                    "differs from the result's own date, which the period keeps",
                )
    if start is not None:
        period["startDate"] = date_time(start)
    if end is not None:
        period["endDate"] = date_time(end)
    return period
