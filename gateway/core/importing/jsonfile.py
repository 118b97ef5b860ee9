"""The JSON import format: one document with ``format``, ``version`` and seven sections."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, NoReturn, TypeVar

from gateway.core.degrees.importing import DEGREE_KEYS, read_degree
from gateway.core.importing.fields import (
    SCALE_CODE,
    Fields,
    check_unique,
    decode,
    read_institution,
    read_learner,
    read_opportunity,
    read_result,
    read_term,
)
from gateway.core.importing.model import (
    FORMAT,
    MAX_DESCRIPTION,
    MAX_GRADE,
    MAX_SCALE_CODE,
    VERSION,
    ImportBatch,
    Located,
)
from gateway.core.importing.syllabus import (
    SYLLABUS_FIELDS,
    read_quality,
    read_syllabus,
)
from gateway.core.records import Grade, GradingScale
from gateway.errors import ImportFileError, ImportSyntaxError

T = TypeVar("T")


_TOP_KEYS = (
    "format",
    "version",
    "institutions",
    "grading_scales",
    "terms",
    "learners",
    "opportunities",
    "results",
    "degrees",
)
_KEYS = {
    "institutions": (
        "schac",
        "name_sv",
        "name_en",
        "country",
        "url",
        "erasmus",
        "pic",
        "quality_assurance",
    ),
    "grading_scales": ("code", "name_sv", "name_en", "grades"),
    "terms": ("code", "name_sv", "name_en", "start", "end"),
    "learners": (
        "national_id",
        "id_country",
        "given_names",
        "family_name",
        "birth_date",
        "citizenship",
        "gender",
        "esi",
    ),
    "opportunities": (
        "institution",
        "code",
        "kind",
        "title_sv",
        "title_en",
        "level",
        "isced_f",
        "credits",
        "language",
        "parent",
        *SYLLABUS_FIELDS,
    ),
    "results": (
        "learner",
        "institution",
        "opportunity",
        "status",
        "date",
        "term",
        "grade",
        "scale",
        "credits",
    ),
    "degrees": DEGREE_KEYS,
}
_GRADE_KEYS = ("label", "passing", "description_sv", "description_en")


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _no_constants(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(data: bytes, file: str) -> ImportBatch:
    """Read a JSON import document (``format`` / ``version`` and seven optional sections)."""
    text = decode(data, file)
    try:
        doc = json.loads(
            text,
            parse_float=Decimal,
            parse_constant=_no_constants,
            object_pairs_hook=_no_duplicates,
        )
    except _DuplicateKeyError as exc:
        raise ImportFileError(file, None, exc.key, "appears twice in one object") from None
    except json.JSONDecodeError as exc:
        raise ImportSyntaxError(
            file, f"line {exc.lineno}", None, f"is not valid JSON: {exc.msg} (column {exc.colno})"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise ImportSyntaxError(file, None, None, f"is not valid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise ImportSyntaxError(file, None, None, "must hold one JSON object")
    top = Fields(file, "top level", doc)
    _unknown_keys(top, _TOP_KEYS)
    if doc.get("format") != FORMAT:
        top.fail("format", f"must be {FORMAT!r}")
    version = doc.get("version")
    if isinstance(version, bool) or version != VERSION:
        top.fail("version", f"must be {VERSION}")

    def section(name: str, read: Callable[[Fields], T]) -> tuple[Located[T], ...]:
        items = doc.get(name)
        if items is None:
            return ()
        if not isinstance(items, list):
            top.fail(name, "must be an array")
        out = []
        for index, item in enumerate(items):
            where = f"{name}[{index}]"
            if not isinstance(item, dict):
                raise ImportFileError(file, where, None, "must be an object")
            f = Fields(file, where, item)
            _unknown_keys(f, _KEYS[name])
            out.append(Located(where, read(f)))
        return tuple(out)

    batch = ImportBatch(
        file=file,
        institutions=section("institutions", read_institution),
        grading_scales=section("grading_scales", _scale),
        terms=section("terms", read_term),
        learners=section("learners", read_learner),
        opportunities=section("opportunities", read_opportunity),
        results=section("results", read_result),
        syllabi=section("opportunities", read_syllabus),
        quality_assurance=section("institutions", read_quality),
        degrees=section("degrees", read_degree),
    )
    check_unique(batch)
    return batch


def _unknown_keys(f: Fields, allowed: Iterable[str]) -> None:
    known = set(allowed)
    for key in f.values:
        if key not in known:
            f.fail(key, "is not a known field")


def _scale(f: Fields) -> GradingScale:
    code = f.req("code", max_len=MAX_SCALE_CODE, pattern=SCALE_CODE, expected="letters/digits")
    raw = f.values.get("grades")
    if not isinstance(raw, list) or not raw:
        f.fail("grades", "must be a non-empty array of grades")
    grades: list[Grade] = []
    for index, item in enumerate(raw):
        name = f"grades[{index}]"
        if not isinstance(item, dict):
            f.fail(name, "must be an object")
        g = Fields(f.file, f.where, item, {k: f"{name}.{k}" for k in _GRADE_KEYS})
        for key in item:
            if key not in _GRADE_KEYS:
                f.fail(f"{name}.{key}", "is not a known field")
        grade = Grade(
            label=g.req("label", max_len=MAX_GRADE),
            passing=g.boolean("passing"),
            description_sv=g.req("description_sv", max_len=MAX_DESCRIPTION),
            description_en=g.req("description_en", max_len=MAX_DESCRIPTION),
        )
        if any(x.label == grade.label for x in grades):
            f.fail(f"{name}.label", f"grade {grade.label!r} appears twice in the scale")
        grades.append(grade)
    return GradingScale(code, f.req("name_sv"), f.req("name_en"), tuple(grades))
