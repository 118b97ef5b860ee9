"""Parsing and checking import files without a database."""

from __future__ import annotations

import contextlib
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.core.grading import BUILTIN_SCALES
from gateway.core.importing import (
    CSV_COLUMNS,
    FORMAT,
    ImportFormat,
    ImportPlan,
    KnownRecords,
    OpportunityRef,
    check_file,
    derive_term,
    format_for,
    national_id_problem,
    parse_csv,
    parse_json,
)
from gateway.core.records import Grade, GradingScale, OpportunityKind, ResultStatus
from gateway.errors import ImportFileError

Doc = dict[str, Any]


def _doc(**sections: Any) -> Doc:
    doc: Doc = {
        "format": FORMAT,
        "version": 1,
        "institutions": [
            {
                "schac": "uu.se",
                "name_sv": "Uppsala universitet",
                "name_en": "Uppsala University",
                "country": "SE",
                "url": "https://www.uu.se",
            }
        ],
        "learners": [
            {
                "national_id": "19900315-2389",
                "given_names": "Karin",
                "family_name": "Andersson",
                "birth_date": "1990-03-15",
            }
        ],
        "opportunities": [
            {
                "institution": "uu.se",
                "code": "P",
                "kind": "programme",
                "title_sv": "P",
                "title_en": "P",
                "credits": 180,
            },
            {
                "institution": "uu.se",
                "code": "C",
                "kind": "course",
                "title_sv": "C",
                "title_en": "C",
                "credits": "7.5",
                "parent": "P",
            },
            {
                "institution": "uu.se",
                "code": "M",
                "kind": "module",
                "title_sv": "M",
                "title_en": "M",
                "credits": 2.5,
                "parent": "C",
            },
        ],
        "results": [
            {
                "learner": "19900315-2389",
                "institution": "uu.se",
                "opportunity": "C",
                "status": "passed",
                "grade": "4",
                "scale": "TH",
                "term": "HT2019",
            },
        ],
    }
    doc.update(sections)
    return doc


def _plan(doc: Doc, known: KnownRecords | None = None) -> ImportPlan:
    return check_file(json.dumps(doc).encode(), "f.json", "json", known)


def _error(
    doc: Doc | bytes, known: KnownRecords | None = None, fmt: str = "json"
) -> ImportFileError:
    data = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    with pytest.raises(ImportFileError) as caught:
        check_file(data, f"f.{fmt}", fmt, known)
    return caught.value


def _where(error: ImportFileError) -> tuple[str | None, str | None]:
    return error.record, error.field


# ----- national identifiers


@pytest.mark.parametrize(
    ("national_id", "country"),
    [
        ("19900315-2389", "SE"),  # the demo learner: fails Luhn, accepted (format and date only)
        ("19711020-8639", "SE"),
        ("19900375-2389", "SE"),  # samordningsnummer: day 15 + 60
        ("20000229-1234", "SE"),  # leap day
        ("19981103-T217", "SE"),  # temporary numbers
        ("19981103-P217", "SE"),
        ("15039003209", "NO"),
        ("X1234567", "DE"),
    ],
)
def test_acceptable_national_ids(national_id: str, country: str) -> None:
    assert national_id_problem(national_id, country) is None


@pytest.mark.parametrize(
    ("national_id", "country", "words"),
    [
        ("199003152389", "SE", "YYYYMMDD-NNNN"),
        ("900315-2389", "SE", "YYYYMMDD-NNNN"),
        ("19900315+2389", "SE", "YYYYMMDD-NNNN"),
        ("19900230-2389", "SE", "date"),
        ("19900395-2389", "SE", "date"),  # day 35 after removing 60
        ("19901315-2389", "SE", "date"),
        ("19900315-X389", "SE", "YYYYMMDD-NNNN"),
        ("1503900320", "NO", "11 digits"),
        ("150390-03209", "NO", "11 digits"),
        ("A B", "DE", "token"),
        ("x" * 65, "DE", "64"),
    ],
)
def test_refused_national_ids(national_id: str, country: str, words: str) -> None:
    problem = national_id_problem(national_id, country)
    assert problem is not None
    assert words in problem


def test_errors_never_repeat_the_national_id() -> None:
    doc = _doc()
    doc["learners"][0]["national_id"] = "19900230-2389"
    error = _error(doc)
    assert _where(error) == ("learners[0]", "national_id")
    assert "19900230" not in str(error)


# ----- fields


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("7,5", "use a dot as decimal separator: 7.5"),
        ("7.55", "at most one decimal"),
        ("-1", "must be a number"),
        (-1, "between 0 and"),
        ("abc", "must be a number"),
        (True, "not a boolean"),
        (100000, "between 0 and"),
        ([7], "must be a number"),
    ],
)
def test_credits_must_be_plain_decimals(value: Any, words: str) -> None:
    doc = _doc()
    doc["opportunities"][1]["credits"] = value
    error = _error(doc)
    assert _where(error) == ("opportunities[1]", "credits")
    assert words in error.problem


def test_credits_accept_numbers_and_strings() -> None:
    plan = _plan(_doc())
    assert [o.credits for o in plan.opportunities] == [
        Decimal("180.0"),
        Decimal("7.5"),
        Decimal("2.5"),
    ]


@pytest.mark.parametrize(
    ("section", "index", "field", "value", "words"),
    [
        ("learners", 0, "birth_date", "1990-3-15", "must be a date"),
        ("learners", 0, "birth_date", "1990-02-30", "not a valid date"),
        ("learners", 0, "birth_date", "1850-01-01", "before 1900"),
        ("learners", 0, "gender", 3, "one of 0, 1, 2, 9"),
        ("learners", 0, "given_names", "Karin\nAnna", "control character"),
        ("learners", 0, "given_names", 5, "must be a string"),
        ("learners", 0, "given_names", "   ", "is required"),
        ("learners", 0, "id_country", "se", "ISO 3166"),
        ("institutions", 0, "schac", "UU.SE", "lowercase domain"),
        ("institutions", 0, "url", "www.uu.se", "http(s) URL"),
        ("institutions", 0, "pic", "12345", "9-digit PIC"),
        ("opportunities", 0, "kind", "degree", "programme, course, module"),
        ("opportunities", 0, "level", "grundnivå", "grundniva, avancerad, forskarniva"),
        ("opportunities", 0, "language", "swe", "ISO 639-1"),
        ("opportunities", 0, "isced_f", "06130", "ISCED-F"),
        ("opportunities", 0, "title_en", "x" * 501, "longer than 500"),
        ("opportunities", 1, "parent", "C", "its own parent"),
        ("results", 0, "status", "done", "passed, failed, in-progress, annulled"),
        ("results", 0, "scale", None, "required when a grade is given"),
        ("results", 0, "surprise", 1, "not a known field"),
    ],
)
def test_field_problems_name_record_and_field(
    section: str, index: int, field: str, value: Any, words: str
) -> None:
    doc = _doc()
    doc[section][index][field] = value
    if value is None:
        del doc[section][index][field]
    error = _error(doc)
    assert _where(error) == (f"{section}[{index}]", field)
    assert words in error.problem


def test_missing_required_field() -> None:
    doc = _doc()
    del doc["institutions"][0]["url"]
    assert _where(_error(doc)) == ("institutions[0]", "url")


# ----- JSON structure


@pytest.mark.parametrize(
    ("data", "record", "field", "words"),
    [
        (b"", None, None, "is empty"),
        (b"\xff\xfe{}", None, None, "not UTF-8"),
        (b"[]", None, None, "one JSON object"),
        (b'{"format": "emrex-gateway/records", "version": 1,\n "results": [', "line 2", None,
         "not valid JSON"),
        (b'{"format": "x", "version": 1}', "top level", "format", "must be"),
        (b'{"format": "emrex-gateway/records", "version": 2}', "top level", "version", "must be 1"),
        (b'{"format": "emrex-gateway/records", "version": true}', "top level", "version", "1"),
        (b'{"format": "emrex-gateway/records", "version": 1, "extra": []}', "top level", "extra",
         "not a known field"),
        (b'{"format": "emrex-gateway/records", "version": 1, "learners": {}}', "top level",
         "learners", "array"),
        (b'{"format": "emrex-gateway/records", "version": 1, "learners": [1]}', "learners[0]",
         None, "object"),
        (b'{"format": "emrex-gateway/records", "version": 1, "version": 1}', None, "version",
         "twice"),
        (b'{"format": "emrex-gateway/records", "version": 1, "x": NaN}', None, None, "NaN"),
    ],
)  # fmt: skip
def test_json_structure_problems(
    data: bytes, record: str | None, field: str | None, words: str
) -> None:
    error = _error(data)
    assert _where(error) == (record, field)
    assert words in error.problem


def test_duplicates_name_the_second_record() -> None:
    doc = _doc()
    doc["results"].append(dict(doc["results"][0]))
    error = _error(doc)
    assert error.record == "results[1]"
    assert "results[0]" in error.problem


def test_scale_definitions() -> None:
    scale = {
        "code": "PF",
        "name_sv": "Godkänd/underkänd",
        "name_en": "Pass/fail",
        "grades": [
            {"label": "P", "passing": True, "description_sv": "G", "description_en": "Pass"},
            {"label": "F", "passing": False, "description_sv": "U", "description_en": "Fail"},
        ],
    }
    doc = _doc(grading_scales=[scale])
    doc["results"][0].update(grade="P", scale="PF")
    plan = _plan(doc)
    assert [s.code for s in plan.grading_scales] == ["PF"]
    assert plan.grading_scales[0].grade("F") == Grade("F", False, "U", "Fail")

    scale["grades"][1]["label"] = "P"  # type: ignore[index]
    error = _error(_doc(grading_scales=[scale]))
    assert _where(error) == ("grading_scales[0]", "grades[1].label")
    scale["grades"] = []
    assert _where(_error(_doc(grading_scales=[scale]))) == ("grading_scales[0]", "grades")


def test_builtin_scales_cannot_be_redefined_but_may_be_repeated() -> None:
    th = BUILTIN_SCALES["TH"]
    same = {
        "code": "TH",
        "name_sv": th.name_sv,
        "name_en": th.name_en,
        "grades": [
            {"label": g.label, "passing": g.passing, "description_sv": g.description_sv,
             "description_en": g.description_en}
            for g in th.grades
        ],
    }  # fmt: skip
    assert _plan(_doc(grading_scales=[same])).grading_scales == (th,)
    same["name_en"] = "Something else"
    error = _error(_doc(grading_scales=[same]))
    assert _where(error) == ("grading_scales[0]", "code")
    assert "built-in" in error.problem


# ----- planning against the file and the database


def test_plan_adds_builtin_scales_derived_terms_and_default_credits() -> None:
    plan = _plan(_doc())
    assert plan.grading_scales == (BUILTIN_SCALES["TH"],)
    assert [t.code for t in plan.terms] == ["HT2019"]
    assert plan.results[0].credits == Decimal("7.5")  # from the course


@pytest.mark.parametrize(("grade", "scale"), [("4", "TH"), ("U", "TH"), (None, None)])
def test_an_annulled_result_keeps_its_recorded_grade_or_none(
    grade: str | None, scale: str | None
) -> None:
    doc = _doc()
    result = doc["results"][0]
    result.update(status="annulled", grade=grade, scale=scale)
    for name in ("grade", "scale"):
        if result[name] is None:
            del result[name]
    (planned,) = _plan(doc).results
    assert planned.status is ResultStatus.ANNULLED
    assert (planned.grade, planned.scale) == (grade, scale)
    assert planned.credits is None  # credits default only for a passed result


def test_an_annulled_result_in_csv() -> None:
    data = _csv("uu.se,19900315-2389,C,annulled,5,TH,Karin,Andersson,1990-03-15")
    (result,) = parse_csv(data, "f.csv").results
    assert result.value.status is ResultStatus.ANNULLED
    assert result.value.grade == "5"


def test_plan_orders_parents_first() -> None:
    doc = _doc()
    doc["opportunities"].reverse()
    assert [o.code for o in _plan(doc).opportunities] == ["P", "C", "M"]


@pytest.mark.parametrize(
    ("mutate", "record", "field", "words"),
    [
        (lambda d: d["results"][0].update(grade="VG"), "results[0]", "grade",
         "not a grade of scale TH (5, 4, 3, U)"),
        (lambda d: d["results"][0].update(grade="U"), "results[0]", "grade", "failing grade"),
        (lambda d: d["results"][0].update(status="failed"), "results[0]", "grade",
         "passing grade"),
        (lambda d: d["results"][0].update(status="in-progress"), "results[0]", "grade",
         "no grade"),
        (lambda d: d["results"][0].update(scale="XX"), "results[0]", "scale", "unknown grading"),
        (lambda d: d["results"][0].update(term="Autumn"), "results[0]", "term", "HT2019"),
        (lambda d: d["results"][0].update(opportunity="X"), "results[0]", "opportunity",
         "unknown opportunity"),
        (lambda d: d["results"][0].update(learner="19900315-2380"), "results[0]", "learner",
         "no learner"),
        (lambda d: d["results"][0].update(institution="su.se"), "results[0]", "institution",
         "unknown institution"),
        (lambda d: d["opportunities"][1].update(parent="Q"), "opportunities[1]", "parent",
         "no opportunity 'Q'"),
        (lambda d: d["opportunities"][0].update(parent="M", kind="module"), "opportunities[0]",
         "parent", "loops"),
        (lambda d: d["opportunities"][1].update(parent="M"), "opportunities[1]", "parent",
         "cannot be part of a module"),
        (lambda d: d["opportunities"][0].update(institution="su.se"), "opportunities[0]",
         "institution", "unknown institution"),
    ],
)  # fmt: skip
def test_reference_problems(mutate: Any, record: str, field: str, words: str) -> None:
    doc = _doc()
    mutate(doc)
    error = _error(doc)
    assert _where(error) == (record, field)
    assert words in error.problem


def test_references_may_point_into_the_database() -> None:
    doc = _doc(institutions=[], learners=[], opportunities=[
        {"institution": "uu.se", "code": "M2", "kind": "module", "title_sv": "M2",
         "title_en": "M2", "parent": "C"},
    ])  # fmt: skip
    doc["results"][0].update(opportunity="M2", grade="G", scale="UX", term="T1")
    known = KnownRecords(
        institutions=frozenset({"uu.se"}),
        learners=frozenset({"19900315-2389"}),
        opportunities={("uu.se", "C"): OpportunityRef(OpportunityKind.COURSE, None, None)},
        scales={"UX": GradingScale("UX", "UX", "UX", (Grade("G", True, "G", "G"),))},
        terms=frozenset({"T1"}),
    )
    plan = _plan(doc, known)
    assert plan.grading_scales == ()
    assert plan.terms == ()
    assert plan.learners == ()
    assert plan.institutions == ()
    assert plan.results[0].credits is None


def test_a_cycle_through_stored_records_is_found() -> None:
    doc = _doc(opportunities=[
        {"institution": "uu.se", "code": "A", "kind": "course", "title_sv": "A", "title_en": "A",
         "parent": "B"},
    ], results=[])  # fmt: skip
    known = KnownRecords(
        institutions=frozenset({"uu.se"}),
        opportunities={("uu.se", "B"): OpportunityRef(OpportunityKind.COURSE, "A", None)},
    )
    error = _error(doc, known)
    assert "A → B → A" in error.problem


def test_a_scale_may_not_drop_grades_stored_results_use() -> None:
    scale = {"code": "PF", "name_sv": "x", "name_en": "x", "grades": [
        {"label": "P", "passing": True, "description_sv": "G", "description_en": "P"}]}  # fmt: skip
    known = KnownRecords(institutions=frozenset({"uu.se"}), used_labels={"PF": frozenset({"F"})})
    error = _error(_doc(grading_scales=[scale], results=[]), known)
    assert _where(error) == ("grading_scales[0]", "grades")
    assert "F" in error.problem


# ----- CSV

HEADER = "institution,national_id,opportunity,status,grade,scale,given_names,family_name,birth_date"


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def test_csv_rows_define_and_refer() -> None:
    data = _csv(
        "uu.se,19900315-2389,C,passed,4,TH,Karin,Andersson,1990-03-15",
        "uu.se,19900315-2389,D,passed,5,TH,Karin,Andersson,1990-03-15",
        "",
        ",,,,,,,,",
        'uu.se,19851010-1234,C,failed,U,TH,"Stina, Maria","Ek ""Lund""",1985-10-10',
    )
    batch = parse_csv(b"\xef\xbb\xbf" + data, "f.csv")
    assert [x.where for x in batch.learners] == ["line 2", "line 6"]
    assert batch.learners[1].value.learner.given_names == "Stina, Maria"
    assert batch.learners[1].value.learner.family_name == 'Ek "Lund"'
    assert [r.where for r in batch.results] == ["line 2", "line 3", "line 6"]
    assert batch.institutions == ()
    assert batch.opportunities == ()


@pytest.mark.parametrize(
    ("data", "record", "field", "words"),
    [
        (b"institution,national_id,opportunity\n", "line 1", "status", "required column"),
        (b"institution,national_id,opportunity,status,colour\n", "line 1", "colour", "known"),
        (b"institution,national_id,opportunity,status,status\n", "line 1", "status", "twice"),
        (b"institution,national_id,opportunity,status\n", None, None, "no rows"),
        (_csv("uu.se,19900315-2389,C,passed"), "line 2", None, "has 4 fields"),
        (_csv("uu.se,19900315-2389,C,passed,4,TH,Karin,Andersson,1990-03-15",
              "uu.se,19900315-2389,D,passed,4,TH,Karin,Anderson,1990-03-15"), "line 3",
         "family_name", "differs from the definition on line 2"),
        (_csv("uu.se,19900315-2389,C,passed,4,TH,Karin,,1990-03-15"), "line 2", "family_name",
         "required"),
        (_csv('uu.se,19900315-2389,"C\n,passed,4,TH,Karin,A,1990-03-15'), "line 3", None,
         "not valid CSV"),
        (_csv("uu.se,1990-03-15,C,passed,4,TH,,,"), "line 2", "national_id", "personnummer"),
        (_csv('uu.se,19900315-2389,C,passed,,,,,,"7,5"', header=HEADER + ",credits"), "line 2",
         "credits", "use a dot as decimal separator: 7.5"),
    ],
)  # fmt: skip
def test_csv_problems(
    data: bytes, record: str | None, field: str | None, words: str | None
) -> None:
    error = _error(data, fmt="csv")
    assert _where(error) == (record, field)
    if words:
        assert words in error.problem


def test_csv_columns_are_documented() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "import-format.md").read_text("utf-8")
    for column in CSV_COLUMNS:
        assert f"`{column}`" in doc, column


# ----- terms, formats, robustness


def test_derived_terms() -> None:
    ht, vt = derive_term("HT2019"), derive_term("VT2020")
    assert ht is not None
    assert vt is not None
    assert (ht.name_sv, ht.name_en) == ("Höstterminen 2019", "Autumn semester 2019")
    assert (ht.start, ht.end) == (date(2019, 8, 26), date(2020, 1, 12))
    assert (vt.start, vt.end) == (date(2020, 1, 13), date(2020, 5, 31))
    assert vt.name_sv == "Vårterminen 2020"
    assert derive_term("HT19") is derive_term("ST2019") is derive_term("HT1800") is None


def test_format_for() -> None:
    assert format_for("a/b/Results.JSON") is ImportFormat.JSON
    assert format_for("x.csv") is ImportFormat.CSV
    with pytest.raises(ImportFileError):
        format_for("x.txt")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_a_batch_or_an_import_error(data: bytes) -> None:
    for parse in (parse_json, parse_csv):
        with contextlib.suppress(ImportFileError):
            parse(data, "fuzz")


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=12),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                     max_size=3),
        max_leaves=12,
    )
)  # fmt: skip
def test_any_json_document_gives_a_plan_or_an_import_error(section: Any) -> None:
    for name in ("institutions", "learners", "opportunities", "results", "grading_scales"):
        data = json.dumps({"format": FORMAT, "version": 1, name: section}).encode()
        with contextlib.suppress(ImportFileError):
            check_file(data, "fuzz.json", "json")
