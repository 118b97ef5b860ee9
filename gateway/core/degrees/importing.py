"""The ``degrees`` section of a JSON import: reading one record, checking it against the results.

A degree names the institution's opportunities whose passed results make it up (``included``).
An included opportunity without a passed result of the same learner, included credits below the
degree's exact scope, or an opportunity of another institution is refused, naming the file, the
record and the field (docs/import-format.md, notes/degrees-microcredentials.md §6.1–6.2).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from pathlib import PurePosixPath
from typing import NoReturn

from gateway.core.degrees.model import DegreeFacts, DegreeKind, DegreeRecord, DegreeStatus
from gateway.core.importing.fields import Fields
from gateway.core.importing.model import (
    MAX_CODE,
    MAX_NATIONAL_ID,
    MAX_SCHAC,
    MAX_TITLE,
    Located,
    OpportunityRef,
    ResultRecord,
)
from gateway.core.records import ResultStatus, StudyLevel
from gateway.errors import ImportFileError

DEGREE_KEYS = (
    "learner",
    "institution",
    "code",
    "kind",
    "title_sv",
    "title_en",
    "main_field_sv",
    "main_field_en",
    "level",
    "credits",
    "date",
    "issue_date",
    "status",
    "isced_f",
    "language",
    "included",
    "certificate_pdf",
    "supplement_pdf",
)
MAX_INCLUDED = 500
MAX_PATH = 500
_ISCED_F = re.compile(r"^\d{2,4}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def read_degree(f: Fields) -> DegreeRecord:
    kind = f.choice("kind", DegreeKind, required=True)
    level = f.choice("level", StudyLevel, required=True)
    status = f.choice("status", DegreeStatus, required=True)
    credits = f.decimal("credits")
    day, issued = f.date("date", required=True), f.date("issue_date", required=True)
    assert kind is not None
    assert level is not None
    assert status is not None
    assert day is not None
    assert issued is not None
    if credits is None:
        f.fail("credits", "is required")
    if credits <= 0:
        f.fail("credits", "must be more than 0")
    if issued < day:
        f.fail("issue_date", f"is before the date the requirements were met ({day.isoformat()})")
    return DegreeRecord(
        national_id=f.req("learner", max_len=MAX_NATIONAL_ID),
        institution=f.req("institution", max_len=MAX_SCHAC),
        code=f.req("code", max_len=MAX_CODE),
        kind=kind,
        title_sv=f.req("title_sv", max_len=MAX_TITLE),
        title_en=f.req("title_en", max_len=MAX_TITLE),
        level=level,
        credits=credits,
        date=day,
        issue_date=issued,
        status=status,
        included=_included(f),
        main_field_sv=f.text("main_field_sv", max_len=MAX_TITLE),
        main_field_en=f.text("main_field_en", max_len=MAX_TITLE),
        isced_f=f.text("isced_f", pattern=_ISCED_F, expected="an ISCED-F field code like 0613"),
        language=f.text("language", pattern=_LANGUAGE, expected="an ISO 639-1 code like sv"),
        certificate_pdf=_pdf_path(f, "certificate_pdf"),
        supplement_pdf=_pdf_path(f, "supplement_pdf"),
    )


def _included(f: Fields) -> tuple[str, ...]:
    raw = f.values.get("included")
    if not isinstance(raw, list) or not raw:
        f.fail("included", "must be a non-empty array of opportunity codes")
    if len(raw) > MAX_INCLUDED:
        f.fail("included", f"has more than {MAX_INCLUDED} codes")
    codes: list[str] = []
    for index, item in enumerate(raw):
        name = f"included[{index}]"
        if not isinstance(item, str) or not item.strip():
            f.fail(name, "must be an opportunity code (a non-empty string)")
        code = item.strip()
        if len(code) > MAX_CODE or _CONTROL.search(code):
            f.fail(name, f"must be an opportunity code of at most {MAX_CODE} characters")
        if code in codes:
            f.fail(name, f"{code!r} is listed twice")
        codes.append(code)
    return tuple(codes)


def _pdf_path(f: Fields, name: str) -> str | None:
    """A path relative to the import file that stays below its folder (no ``..``, not absolute)."""
    value = f.text(name, max_len=MAX_PATH)
    if value is None:
        return None
    path = PurePosixPath(value)
    if "\\" in value or path.is_absolute() or ".." in path.parts:
        f.fail(name, "must be a path relative to the import file's folder, without '..'")
    if path.suffix.lower() != ".pdf":
        f.fail(name, "must name a PDF file (*.pdf)")
    return value


def plan_degrees(
    file: str,
    degrees: Sequence[Located[DegreeRecord]],
    results: Sequence[Located[ResultRecord]],
    *,
    institutions: Collection[str],
    learners: Collection[str],
    opportunities: Mapping[tuple[str, str], OpportunityRef],
    facts: DegreeFacts,
) -> tuple[DegreeRecord, ...]:
    """Check each degree against the batch's results (credits already defaulted) and ``facts``.

    Also refuses a result that would stop being passed while a stored awarded degree includes it.
    """

    def fail(where: str, name: str, problem: str) -> NoReturn:
        raise ImportFileError(file, where, name, problem)

    in_file = {(r.value.national_id, r.value.institution, r.value.opportunity): r for r in results}
    redeclared = {(d.value.institution, d.value.code): d.value for d in degrees}
    for result_key, r_item in in_file.items():
        holder = facts.included_in.get(result_key)
        if holder is None or r_item.value.status is ResultStatus.PASSED:
            continue
        _, institution, opportunity = result_key
        again = redeclared.get((institution, holder))
        if again is not None and (
            again.status is DegreeStatus.WITHDRAWN or opportunity not in again.included
        ):
            continue
        fail(
            r_item.where,
            "status",
            f"the result is included in degree {holder} of {institution} and must stay passed "
            "(withdraw or change the degree in the same file first)",
        )
    seen: dict[tuple[str, str], str] = {}
    for d_item in degrees:
        d, where = d_item.value, d_item.where
        key = (d.institution, d.code)
        if key in seen:
            fail(where, "code", f"same institution and code as {seen[key]}")
        seen[key] = where
        if d.institution not in institutions:
            fail(where, "institution", f"unknown institution {d.institution!r}: not in the file "
                 "or the database")  # fmt: skip
        if d.national_id not in learners:
            fail(where, "learner", "no learner with this national_id in the file or the database")
        holder = facts.holders.get(key)
        if holder is not None and holder != d.national_id:
            fail(where, "learner", f"degree {d.code} of {d.institution} is stored for another "
                 "learner; a degree cannot move to another learner")  # fmt: skip
        total = Decimal(0)
        for index, code in enumerate(d.included):
            name = f"included[{index}]"
            ref = opportunities.get((d.institution, code))
            if ref is None:
                fail(where, name, _not_here(d.institution, code, opportunities))
            inside = _inside_another(d, code, opportunities)
            if inside is not None:
                fail(where, name, f"{code} is part of {inside}, which the degree includes already")
            own = in_file.get((d.national_id, d.institution, code))
            if own is not None:
                if own.value.status is not ResultStatus.PASSED:
                    fail(where, name, f"the learner's result on {code} is "
                         f"{own.value.status.value}, not passed")  # fmt: skip
                credits, day = own.value.credits, own.value.date
            else:
                stored = facts.passed.get((d.national_id, d.institution, code))
                if stored is None:
                    fail(where, name, f"the learner has no passed result on {code} of "
                         f"{d.institution} in the file or the database")  # fmt: skip
                credits, day = stored.credits, stored.date
            if day is not None and day > d.date:
                fail(where, name, f"the result on {code} is dated {day.isoformat()}, after the "
                     f"date the degree's requirements were met ({d.date.isoformat()})")  # fmt: skip
            total += credits or Decimal(0)
        if total < d.credits:
            fail(where, "included", f"the included results carry {_hp(total)} credits, fewer "
                 f"than the degree's {_hp(d.credits)} (field credits)")  # fmt: skip
    return tuple(d.value for d in degrees)


def _not_here(
    institution: str, code: str, opportunities: Mapping[tuple[str, str], OpportunityRef]
) -> str:
    elsewhere = sorted(s for (s, c) in opportunities if c == code and s != institution)
    if elsewhere:
        return (
            f"{code!r} is an opportunity of {', '.join(elsewhere)}, not of {institution}: a "
            "degree includes only results of its own institution"
        )
    return f"no opportunity {code!r} of {institution} in the file or the database"


def _inside_another(
    d: DegreeRecord, code: str, opportunities: Mapping[tuple[str, str], OpportunityRef]
) -> str | None:
    """The included opportunity ``code`` is part of (a module and its course, a course and its
    programme are not both included: their credits would count twice)."""
    chain: list[str] = [code]
    parent = opportunities[(d.institution, code)].parent_code
    while parent is not None and parent not in chain:
        if parent in d.included:
            return parent
        chain.append(parent)
        ref = opportunities.get((d.institution, parent))
        parent = ref.parent_code if ref is not None else None
    return None


def _hp(value: Decimal) -> str:
    return format(value.normalize(), "f")
