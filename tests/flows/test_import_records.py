"""Importing files into a real migrated SQLite database: one file, one transaction."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from gateway.core.importing import ImportSummary, KindCounts
from gateway.core.records import ResultStatus, Transcript
from gateway.errors import ImportFileError
from gateway.flows.import_records import import_data, import_file
from gateway.storage.database import Database, upgrade_database
from gateway.storage.repositories import RecordsRepository
from tests.storage.helpers import dump, table_names

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
KARIN = "19900315-2389"
Doc = dict[str, Any]


def _example(name: str = "records.json") -> Doc:
    doc: Doc = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return doc


def _bytes(doc: Doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


async def _transcript(db: Database, national_id: str = KARIN) -> Transcript:
    async with db.session() as session:
        return await RecordsRepository(session).transcript(national_id)


def _clock(hour: int) -> Callable[[], datetime]:
    return lambda: datetime(2026, 1, 2, hour, tzinfo=UTC)


@pytest.mark.parametrize("name", ["records.json", "records.csv"])
async def test_documented_examples_import(db: Database, name: str) -> None:
    summary = await import_file(db, EXAMPLES / name)
    assert summary.file == str(EXAMPLES / name)
    assert summary.institutions == KindCounts(inserted=1)
    assert summary.learners == KindCounts(inserted=2)
    assert summary.results.inserted >= 6
    assert summary.inserted > 0
    assert summary.updated == 0
    transcript = await _transcript(db)
    assert transcript.institutions


async def test_json_happy_path(db: Database) -> None:
    summary = await import_file(db, EXAMPLES / "records.json")
    assert summary.grading_scales == KindCounts(inserted=2)  # UGX from the file, TH built in
    assert summary.terms == KindCounts(inserted=2)  # HT2019 listed, VT2020 derived
    assert summary.opportunities == KindCounts(inserted=4)
    assert summary.results == KindCounts(inserted=6)
    uu = (await _transcript(db)).institutions[0]
    course = uu.roots[0].parts[0]
    assert course.result.opportunity.code == "1DL301"
    assert {p.result.grade for p in course.parts} == {"G", "4"}
    ugx = next(p.result.scale for p in course.parts if p.result.grade == "G")
    assert ugx is not None
    assert ugx.code == "UGX"
    assert ugx.grade("Fx") is not None


async def test_csv_happy_path(db: Database) -> None:
    summary = await import_file(db, EXAMPLES / "records.csv")
    assert summary.opportunities == KindCounts(inserted=5)
    assert summary.results == KindCounts(inserted=7)
    umu = (await _transcript(db)).institutions[0]
    assert umu.institution.name_sv == "Umeå universitet"
    codes = {n.result.opportunity.code: n for n in umu.roots}
    assert [p.result.opportunity.code for p in codes["FDVDA"].parts] == ["5DV501"]
    assert [p.result.grade for p in codes["5DV200"].parts] == ["G", "VG"]
    måns = await _transcript(db, "19881122-4410")
    assert [r.status for r in måns.results()] == [ResultStatus.FAILED, ResultStatus.PASSED]


@pytest.mark.parametrize("name", ["records.json", "records.csv"])
async def test_reimporting_the_same_file_changes_nothing(
    db: Database, db_url: str, name: str
) -> None:
    await import_file(db, EXAMPLES / name, clock=_clock(1))
    before = dump(db_url)
    again = await import_file(db, EXAMPLES / name, clock=_clock(2))
    assert again.inserted == again.updated == 0
    assert not again.changed
    assert again.results.unchanged > 0
    assert dump(db_url) == before


async def test_a_changed_grade_is_updated_in_place(db: Database) -> None:
    doc = _example()
    await import_data(db, _bytes(doc), name="v1.json", fmt="json", clock=_clock(1))
    old = {r.opportunity.code: r for r in (await _transcript(db)).results()}

    doc["results"][2]["grade"] = "5"  # 1DL301: 4 → 5
    summary = await import_data(db, _bytes(doc), name="v2.json", fmt="json", clock=_clock(2))

    assert summary.results == KindCounts(updated=1, unchanged=5)
    assert summary.opportunities == KindCounts(unchanged=4)
    new = {r.opportunity.code: r for r in (await _transcript(db)).results()}
    assert len(new) == len(old)
    assert new["1DL301"].grade == "5"
    assert new["1DL301"].id == old["1DL301"].id
    async with db.session() as session:
        count = await RecordsRepository(session).learner_count()
    assert count == 2


async def test_sql_metacharacters_are_stored_verbatim(db: Database, db_url: str) -> None:
    doc = _example()
    nasty_name = "O'Brien\"; DROP TABLE learners; --"
    nasty_code = "1DL'301; DELETE FROM results --"
    doc["learners"][1]["family_name"] = nasty_name
    doc["opportunities"][3]["title_en"] = "Robert'); DROP TABLE opportunities;-- %s %(x)s"
    doc["opportunities"][3]["code"] = nasty_code
    for result in doc["results"]:
        if result["opportunity"] == "1DL301-TEN1":
            result["opportunity"] = nasty_code
    await import_data(db, _bytes(doc), name="nasty.json", fmt="json")

    other = await _transcript(db, "19951204-5172")
    assert other.learner.family_name == nasty_name
    codes = {r.opportunity.code: r.opportunity for r in (await _transcript(db)).results()}
    assert codes[nasty_code].title_en == "Robert'); DROP TABLE opportunities;-- %s %(x)s"
    assert codes[nasty_code].parent_code == "1DL301"
    assert {"learners", "opportunities", "results"} <= table_names(db_url)


async def test_results_only_file_refers_to_stored_records(db: Database) -> None:
    await import_file(db, EXAMPLES / "records.json")
    csv = (
        "institution,national_id,opportunity,status,date,term,grade,scale\n"
        "uu.se,19951204-5172,1DL301-INL1,passed,2020-02-14,VT2020,G,UGX\n"
    )
    summary = await import_data(db, csv.encode(), name="retake.csv", fmt="csv")
    assert summary.results == KindCounts(updated=1)
    assert summary.learners == summary.opportunities == KindCounts()
    results = {r.opportunity.code: r for r in (await _transcript(db, "19951204-5172")).results()}
    assert results["1DL301-INL1"].status is ResultStatus.PASSED


NEW_LEARNER = {
    "national_id": "20010101-0017",
    "given_names": "Ny",
    "family_name": "Student",
    "birth_date": "2001-01-01",
}
NEW_COURSE = {
    "institution": "uu.se",
    "code": "1MA025",
    "kind": "course",
    "title_sv": "Linjär algebra",
    "title_en": "Linear Algebra",
    "credits": 5,
    "parent": "TKDAT",
}
NEW_RESULT = {
    "learner": "20010101-0017",
    "institution": "uu.se",
    "opportunity": "1MA025",
    "status": "passed",
    "grade": "3",
    "scale": "TH",
    "date": "2020-01-15",
}


def _with(mutate: Callable[[Doc], None]) -> bytes:
    """The JSON example plus a new learner, course and result, then broken by ``mutate``."""
    doc = _example()
    doc["learners"].append(copy.deepcopy(NEW_LEARNER))
    doc["opportunities"].append(copy.deepcopy(NEW_COURSE))
    doc["results"].append(copy.deepcopy(NEW_RESULT))
    doc["learners"][0]["family_name"] = "Andersson-Berg"  # an update that must not happen
    mutate(doc)
    return _bytes(doc)


def _set(section: str, index: int, field: str, value: Any) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        if value is None:
            del doc[section][index][field]
        else:
            doc[section][index][field] = value

    return mutate


BROKEN: list[tuple[str, bytes, str, str | None, str | None]] = [
    ("bad date", _with(_set("results", 6, "date", "2020-02-30")), "json", "results[6]", "date"),
    ("unknown scale", _with(_set("results", 6, "scale", "XYZ")), "json", "results[6]", "scale"),
    ("grade not in scale", _with(_set("results", 6, "grade", "VG")), "json", "results[6]", "grade"),
    ("missing field", _with(_set("learners", 2, "birth_date", None)), "json", "learners[2]",
     "birth_date"),
    ("unknown parent", _with(_set("opportunities", 4, "parent", "TXXXX")), "json",
     "opportunities[4]", "parent"),
    ("bad personnummer", _with(_set("learners", 2, "national_id", "200101010017")), "json",
     "learners[2]", "national_id"),
    ("comma decimal", _with(_set("opportunities", 4, "credits", "7,5")), "json",
     "opportunities[4]", "credits"),
    ("unknown learner", _with(_set("results", 6, "learner", "20010101-0025")), "json",
     "results[6]", "learner"),
    ("malformed JSON", _with(lambda doc: None)[:-2], "json", "line 1", None),
    ("malformed CSV",
     b'institution,national_id,opportunity,status\nuu.se,19900315-2389,"1DL301,passed\n', "csv",
     "line 2", None),
    ("CSV bad personnummer",
     b"institution,national_id,opportunity,status\nuu.se,19900315-2389,1DL301,passed\n"
     b"uu.se,19900230-2389,1DL301,passed\n", "csv", "line 3", "national_id"),
    ("CSV unknown opportunity",
     b"institution,national_id,opportunity,status\nuu.se,19900315-2389,1DL999,passed\n", "csv",
     "line 2", "opportunity"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "fmt", "record", "field"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
async def test_a_broken_file_names_the_problem_and_changes_nothing(
    db: Database, db_url: str, data: bytes, fmt: str, record: str, field: str | None
) -> None:
    await import_file(db, EXAMPLES / "records.json")
    before = dump(db_url)
    with pytest.raises(ImportFileError) as caught:
        await import_data(db, data, name=f"broken.{fmt}", fmt=fmt)
    error = caught.value
    assert (error.file, error.record, error.field) == (f"broken.{fmt}", record, field)
    assert error.problem
    assert str(error).startswith(f"broken.{fmt}, record {record}")
    assert dump(db_url) == before


async def test_the_unbroken_variant_imports(db: Database) -> None:
    """The broken cases differ from this file in one field only."""
    await import_file(db, EXAMPLES / "records.json")
    summary = await import_data(db, _with(lambda doc: None), name="ok.json", fmt="json")
    assert summary.learners == KindCounts(inserted=1, updated=1, unchanged=1)
    assert summary.results == KindCounts(inserted=1, unchanged=6)


async def test_a_cycle_through_stored_opportunities_is_refused(db: Database, db_url: str) -> None:
    await import_file(db, EXAMPLES / "records.json")
    before = dump(db_url)
    doc = _example()
    doc["opportunities"][0]["parent"] = "1DL301"  # TKDAT under its own course
    doc["opportunities"][0]["kind"] = "course"
    with pytest.raises(ImportFileError) as caught:
        await import_data(db, _bytes(doc), name="cycle.json", fmt="json")
    assert (caught.value.record, caught.value.field) == ("opportunities[0]", "parent")
    assert "loops" in caught.value.problem
    assert dump(db_url) == before


async def test_concurrent_imports_wait_for_each_other(db_url: str) -> None:
    """Two engines (as two processes would): writer sessions serialise instead of failing."""
    first, second = Database.open(db_url), Database.open(db_url)
    try:
        summaries = await asyncio.gather(
            *(
                import_file(database, EXAMPLES / name)
                for _ in range(3)
                for database, name in ((first, "records.json"), (second, "records.csv"))
            )
        )
    finally:
        await first.dispose()
        await second.dispose()
    assert sum(s.results.inserted for s in summaries) == 13
    assert sum(s.results.unchanged for s in summaries) == 26


def test_upgrade_database_refuses_a_running_loop(db_url: str) -> None:
    async def inside() -> None:
        with pytest.raises(RuntimeError, match=r"asyncio\.to_thread"):
            upgrade_database(db_url)

    asyncio.run(inside())


async def test_unreadable_or_unknown_files(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="cannot be read"):
        await import_file(db, tmp_path / "missing.json")
    other = tmp_path / "records.xlsx"
    other.write_bytes(b"PK")
    with pytest.raises(ImportFileError, match=r"\*\.json or \*\.csv"):
        await import_file(db, other)


def test_summary_describes_itself() -> None:
    summary = ImportSummary("x.json", results=KindCounts(1, 2, 3))
    assert "results: 1 inserted, 2 updated, 3 unchanged" in summary.describe()
    assert str(summary).startswith("x.json: institutions: 0 inserted")
    assert summary.changed
