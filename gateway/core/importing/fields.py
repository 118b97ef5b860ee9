"""Field checks shared by the JSON and CSV readers, and the record readers built on them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, NoReturn, TypeVar

from gateway.core.importing.model import (
    MAX_CODE,
    MAX_CREDITS,
    MAX_ERASMUS,
    MAX_ESI,
    MAX_GRADE,
    MAX_NAME,
    MAX_NATIONAL_ID,
    MAX_SCALE_CODE,
    MAX_SCHAC,
    MAX_TERM_CODE,
    MAX_TITLE,
    MAX_URL,
    ImportBatch,
    ImportedLearner,
    Located,
    ResultRecord,
)
from gateway.core.records import (
    AcademicTerm,
    Institution,
    Learner,
    Opportunity,
    OpportunityKind,
    ResultStatus,
    StudyLevel,
)
from gateway.errors import ImportFileError, ImportSyntaxError

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCHAC = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_PIC = re.compile(r"^\d{9}$")
_ISCED_F = re.compile(r"^\d{2,4}$")
_URL = re.compile(r"^https?://[^\s/]+\S*$")
SCALE_CODE = re.compile(r"^[A-Za-z0-9_-]+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL = re.compile(r"^\d+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^\d+,\d+$")
_PERSONNUMMER = re.compile(r"^(\d{4})(\d{2})(\d{2})-[0-9TP]\d{3}$")
_FODSELSNUMMER = re.compile(r"^\d{11}$")
_TOKEN = re.compile(r"^\S+$")
_DERIVABLE_TERM = re.compile(r"^(HT|VT)(\d{4})$")


def national_id_problem(national_id: str, id_country: str) -> str | None:
    """Why ``national_id`` is not acceptable for ``id_country``, or None.

    Sweden: personnummer ``YYYYMMDD-NNNN``, samordningsnummer (day + 60) and temporary numbers
    with ``T`` or ``P`` as the first of the last four; format and date only, no Luhn check.
    Norway: fødselsnummer, 11 digits. Elsewhere: a token of up to 64 characters.
    """
    if id_country == "SE":
        match = _PERSONNUMMER.match(national_id)
        if match is None:
            return "is not a Swedish personnummer of the form YYYYMMDD-NNNN"
        year, month, day = (int(g) for g in match.groups())
        if day > 60:
            day -= 60  # samordningsnummer
        try:
            date(year, month, day)
        except ValueError:
            return "is not a Swedish personnummer: its date does not exist"
        return None
    if id_country == "NO":
        if _FODSELSNUMMER.match(national_id) is None:
            return "is not a Norwegian fødselsnummer (11 digits)"
        return None
    if len(national_id) > MAX_NATIONAL_ID or _TOKEN.match(national_id) is None:
        return f"must be one token of at most {MAX_NATIONAL_ID} characters without spaces"
    return None


def derive_term(code: str) -> AcademicTerm | None:
    """A Swedish term from its code (``HT2019``, ``VT2020``), with approximate dates.

    Autumn: Monday of ISO week 35 for 20 weeks; spring: Monday of ISO week 3 for 20 weeks.
    Files that need the exact dates list the term under ``terms``.
    """
    match = _DERIVABLE_TERM.match(code)
    if match is None:
        return None
    season, year = match.group(1), int(match.group(2))
    if not 1900 <= year <= 2100:
        return None
    start = date.fromisocalendar(year, 35 if season == "HT" else 3, 1)
    end = start + timedelta(weeks=20, days=-1)
    if season == "HT":
        return AcademicTerm(code, f"Höstterminen {year}", f"Autumn semester {year}", start, end)
    return AcademicTerm(code, f"Vårterminen {year}", f"Spring semester {year}", start, end)


class Fields:
    """Typed access to one record's fields; every failure names file, record and field."""

    def __init__(
        self,
        file: str,
        where: str,
        values: Mapping[str, object],
        names: Mapping[str, str] | None = None,
    ) -> None:
        self.file = file
        self.where = where
        self.values = values
        self.names = names or {}

    def fail(self, name: str | None, problem: str) -> NoReturn:
        shown = None if name is None else self.names.get(name, name)
        raise ImportFileError(self.file, self.where, shown, problem)

    def present(self, name: str) -> bool:
        value = self.values.get(name)
        return value is not None and not (isinstance(value, str) and value.strip() == "")

    def _raw(self, name: str, required: bool) -> object | None:
        if not self.present(name):
            if required:
                self.fail(name, "is required")
            return None
        return self.values[name]

    def text(
        self,
        name: str,
        *,
        required: bool = False,
        max_len: int = MAX_NAME,
        pattern: re.Pattern[str] | None = None,
        expected: str = "",
    ) -> str | None:
        raw = self._raw(name, required)
        if raw is None:
            return None
        if not isinstance(raw, str):
            self.fail(name, f"must be a string, not {_json_type(raw)}")
        value = raw.strip()
        if _CONTROL.search(value):
            self.fail(name, "contains a control character (newline, tab, …)")
        if len(value) > max_len:
            self.fail(name, f"is longer than {max_len} characters")
        if pattern is not None and pattern.match(value) is None:
            self.fail(name, f"must be {expected}, not {_shown(value)}")
        return value

    def req(self, name: str, **kwargs: Any) -> str:
        value = self.text(name, required=True, **kwargs)
        assert value is not None
        return value

    def date(self, name: str, *, required: bool = False) -> date | None:
        value = self.text(name, required=required, max_len=10, pattern=_DATE, expected="a date")
        if value is None:
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.fail(name, f"is not a valid date: {_shown(value)} (use YYYY-MM-DD)")
        if parsed.year < 1900:
            self.fail(name, f"is before 1900: {_shown(value)}")
        return parsed

    def decimal(self, name: str) -> Decimal | None:
        raw = self._raw(name, False)
        if raw is None:
            return None
        if isinstance(raw, bool):
            self.fail(name, "must be a number, not a boolean")
        if isinstance(raw, int):
            value = Decimal(raw)
        elif isinstance(raw, Decimal):
            value = raw
        elif isinstance(raw, str):
            text = raw.strip()
            if _DECIMAL_COMMA.match(text):
                self.fail(name, f"use a dot as decimal separator: {text.replace(',', '.')}")
            if _DECIMAL.match(text) is None:
                self.fail(name, f"must be a number such as 7.5, not {_shown(text)}")
            try:
                value = Decimal(text)
            except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
                self.fail(name, f"must be a number such as 7.5, not {_shown(text)}")
        else:
            self.fail(name, f"must be a number, not {_json_type(raw)}")
        if not value.is_finite() or value < 0 or value > MAX_CREDITS:
            self.fail(name, f"must be between 0 and {MAX_CREDITS}")
        if value != value.quantize(Decimal("0.1")):
            self.fail(name, "may have at most one decimal (such as 7.5)")
        return value.quantize(Decimal("0.1"))

    def integer(self, name: str, allowed: Iterable[int]) -> int | None:
        raw = self._raw(name, False)
        if raw is None:
            return None
        choices = sorted(allowed)
        value: int | None = None
        if isinstance(raw, int) and not isinstance(raw, bool):
            value = raw
        elif isinstance(raw, str) and raw.strip().isdigit():
            value = int(raw.strip())
        if value is None or value not in choices:
            self.fail(name, f"must be one of {', '.join(map(str, choices))}")
        return value

    def boolean(self, name: str) -> bool:
        raw = self._raw(name, True)
        if not isinstance(raw, bool):
            self.fail(name, "must be true or false")
        return raw

    def choice(self, name: str, enum: type[E], *, required: bool = False) -> E | None:
        value = self.text(name, required=required, max_len=32)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.fail(name, f"must be one of {allowed}, not {_shown(value)}")


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


def _json_type(value: object) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        Decimal: "a number",
        str: "a string",
        list: "an array",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def read_institution(f: Fields) -> Institution:
    return Institution(
        schac=f.req(
            "schac", max_len=MAX_SCHAC, pattern=_SCHAC, expected="a lowercase domain such as uu.se"
        ),
        name_sv=f.req("name_sv"),
        name_en=f.req("name_en"),
        country=f.req("country", pattern=_COUNTRY, expected="an ISO 3166 code such as SE"),
        url=f.req("url", max_len=MAX_URL, pattern=_URL, expected="an http(s) URL"),
        erasmus=f.text("erasmus", max_len=MAX_ERASMUS),
        pic=f.text("pic", pattern=_PIC, expected="a 9-digit PIC"),
    )


def read_id_country(f: Fields) -> str:
    country = f.text("id_country", pattern=_COUNTRY, expected="an ISO 3166 code such as SE")
    return country or "SE"


def read_national_id(f: Fields, id_country: str, name: str = "national_id") -> str:
    national_id = f.req(name, max_len=MAX_NATIONAL_ID)
    problem = national_id_problem(national_id, id_country)
    if problem is not None:
        f.fail(name, f"{problem} (id_country {id_country})")
    return national_id


def read_learner(f: Fields) -> ImportedLearner:
    id_country = read_id_country(f)
    national_id = read_national_id(f, id_country)
    birth_date = f.date("birth_date", required=True)
    assert birth_date is not None
    learner = Learner(
        national_id=national_id,
        given_names=f.req("given_names"),
        family_name=f.req("family_name"),
        birth_date=birth_date,
        citizenship=f.text("citizenship", pattern=_COUNTRY, expected="an ISO 3166 code"),
        gender=f.integer("gender", (0, 1, 2, 9)),
        esi=f.text("esi", max_len=MAX_ESI),
    )
    return ImportedLearner(learner, id_country)


def read_opportunity(f: Fields) -> Opportunity:
    kind = f.choice("kind", OpportunityKind, required=True)
    assert kind is not None
    code = f.req("code", max_len=MAX_CODE)
    parent = f.text("parent", max_len=MAX_CODE)
    if parent == code:
        f.fail("parent", "an opportunity cannot be its own parent")
    return Opportunity(
        institution=f.req("institution", max_len=MAX_SCHAC),
        code=code,
        kind=kind,
        title_sv=f.req("title_sv", max_len=MAX_TITLE),
        title_en=f.req("title_en", max_len=MAX_TITLE),
        level=f.choice("level", StudyLevel),
        credits=f.decimal("credits"),
        isced_f=f.text("isced_f", pattern=_ISCED_F, expected="an ISCED-F field code like 0613"),
        language=f.text("language", pattern=_LANGUAGE, expected="an ISO 639-1 code like sv"),
        parent_code=parent,
    )


def read_term(f: Fields) -> AcademicTerm:
    start, end = f.date("start", required=True), f.date("end", required=True)
    assert start is not None
    assert end is not None
    if end < start:
        f.fail("end", "is before start")
    return AcademicTerm(
        code=f.req("code", max_len=MAX_TERM_CODE),
        name_sv=f.req("name_sv"),
        name_en=f.req("name_en"),
        start=start,
        end=end,
    )


def read_result(f: Fields, id_country: str | None = None) -> ResultRecord:
    status = f.choice("status", ResultStatus, required=True)
    assert status is not None
    if id_country is None:
        national_id = f.req("learner", max_len=MAX_NATIONAL_ID)
    else:
        national_id = read_national_id(f, id_country, "learner")
    grade = f.text("grade", max_len=MAX_GRADE)
    scale = f.text("scale", max_len=MAX_SCALE_CODE)
    if grade is not None and scale is None:
        f.fail("scale", "is required when a grade is given")
    if grade is not None and status is ResultStatus.IN_PROGRESS:
        f.fail("grade", "an in-progress result has no grade")
    # An annulled result may keep the grade it was recorded with (or have none): it is stored
    # as the institution states it and delivered nowhere (storage DELIVERED_RESULT).
    return ResultRecord(
        national_id=national_id,
        institution=f.req("institution", max_len=MAX_SCHAC),
        opportunity=f.req("opportunity", max_len=MAX_CODE),
        status=status,
        date=f.date("date"),
        term=f.text("term", max_len=MAX_TERM_CODE),
        grade=grade,
        scale=scale,
        credits=f.decimal("credits"),
    )


def decode(data: bytes, file: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportSyntaxError(
            file, None, None, f"is not UTF-8 text (invalid byte at offset {exc.start})"
        ) from None
    if not text.strip():
        raise ImportSyntaxError(file, None, None, "is empty")
    return text


def check_unique(batch: ImportBatch) -> None:
    def unique(items: Iterable[Located[T]], key: Callable[[T], object], what: str) -> None:
        seen: dict[object, str] = {}
        for item in items:
            k = key(item.value)
            if k in seen:
                raise ImportFileError(batch.file, item.where, None, f"{what} as {seen[k]}")
            seen[k] = item.where

    unique(batch.institutions, lambda i: i.schac, "same schac")
    unique(batch.grading_scales, lambda s: s.code, "same code")
    unique(batch.terms, lambda t: t.code, "same code")
    unique(batch.learners, lambda x: x.learner.national_id, "same national_id")
    unique(batch.opportunities, lambda o: (o.institution, o.code), "same institution and code")
    unique(
        batch.results,
        lambda r: (r.national_id, r.institution, r.opportunity),
        "same learner, institution and opportunity",
    )
