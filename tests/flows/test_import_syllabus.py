"""Syllabi and quality assurance through a real migrated database: round trip, idempotence."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from gateway.core.importing import KindCounts, check_file
from gateway.core.syllabus import AssessmentType, CourseData, Participation
from gateway.errors import ImportFileError
from gateway.flows.import_records import import_data, import_file
from gateway.storage.database import Database
from gateway.storage.syllabus import SyllabusRepository
from tests.storage.helpers import dump

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
Doc = dict[str, Any]


def _example() -> Doc:
    doc: Doc = json.loads((EXAMPLES / "records.json").read_text(encoding="utf-8"))
    return doc


def _bytes(doc: Doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


async def _stored(db: Database, *keys: tuple[str, str]) -> CourseData:
    async with db.session() as session:
        return await SyllabusRepository(session).read(keys, {k[0] for k in keys})


@pytest.mark.parametrize(("name", "key"), [("records.json", ("uu.se", "1DL301")),
                                           ("records.csv", ("umu.se", "5DV501"))])  # fmt: skip
async def test_the_fields_round_trip(db: Database, name: str, key: tuple[str, str]) -> None:
    data = (EXAMPLES / name).read_bytes()
    plan = check_file(data, name, name.rsplit(".", 1)[1])
    summary = await import_file(db, EXAMPLES / name)
    assert summary.syllabi == KindCounts(inserted=1)
    assert summary.quality_assurance == KindCounts(inserted=1)
    stored = await _stored(db, key)
    expected = next(s.syllabus for s in plan.syllabi if (s.institution, s.code) == key)
    assert stored.syllabus(*key) == expected
    assert stored.quality_of(key[0]) == plan.quality_assurance[0].entries
    assert expected.assessment[0] is AssessmentType.WRITTEN_EXAMINATION
    assert expected.participation is Participation.PRESENTIAL


async def test_reimport_changes_nothing_and_a_change_is_an_update(
    db: Database, db_url: str
) -> None:
    await import_file(db, EXAMPLES / "records.json")
    before = dump(db_url)
    again = await import_file(db, EXAMPLES / "records.json")
    assert again.syllabi == again.quality_assurance == KindCounts(unchanged=1)
    assert not again.changed
    assert dump(db_url) == before

    doc = _example()
    course = next(o for o in doc["opportunities"] if o["code"] == "1DL301")
    course["learning_outcomes_en"][0] = "model a domain with ER diagrams"
    course["assessment"] = ["oral-examination"]
    doc["institutions"][0]["quality_assurance"][0]["report_url"] = "https://www.uka.se/uu"
    summary = await import_data(db, _bytes(doc), name="v2.json", fmt="json")
    assert summary.syllabi == summary.quality_assurance == KindCounts(updated=1)
    assert summary.opportunities.updated == summary.institutions.updated == 0
    stored = await _stored(db, ("uu.se", "1DL301"))
    syllabus = stored.syllabus("uu.se", "1DL301")
    assert syllabus is not None
    assert syllabus.learning_outcomes_en[0] == "model a domain with ER diagrams"
    assert syllabus.assessment == (AssessmentType.ORAL_EXAMINATION,)
    assert stored.quality_of("uu.se")[0].report_url == "https://www.uka.se/uu"


async def test_a_record_without_the_fields_clears_them(db: Database) -> None:
    await import_file(db, EXAMPLES / "records.json")
    doc = _example()
    for key in ("learning_outcomes_sv", "learning_outcomes_en", "assessment", "participation",
                "entry_requirements_sv", "entry_requirements_en", "workload_hours"):  # fmt: skip
        del next(o for o in doc["opportunities"] if o["code"] == "1DL301")[key]
    del doc["institutions"][0]["quality_assurance"]
    summary = await import_data(db, _bytes(doc), name="plain.json", fmt="json")
    assert summary.syllabi == summary.quality_assurance == KindCounts(updated=1)
    stored = await _stored(db, ("uu.se", "1DL301"))
    assert stored.syllabus("uu.se", "1DL301") is None
    assert stored.quality_of("uu.se") == ()
    again = await import_data(db, _bytes(doc), name="plain.json", fmt="json")
    assert again.syllabi == again.quality_assurance == KindCounts()


def _broken(path: tuple[Any, ...], value: Any) -> bytes:
    doc = _example()
    doc["learners"][0]["family_name"] = "Andersson-Berg"  # an update that must not happen
    target: Any = doc
    for step in path[:-1]:
        target = target[step]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = copy.deepcopy(value)
    return _bytes(doc)


BROKEN = [
    ("unknown assessment code", _broken(("opportunities", 1, "assessment"), ["exam"]),
     "opportunities[1]", "assessment[0]", "allowed: written-examination"),
    ("unknown participation", _broken(("opportunities", 1, "participation"), "campus"),
     "opportunities[1]", "participation", "presential, online, blended"),
    ("QA without agent", _broken(("institutions", 0, "quality_assurance", 0, "agent_name_sv"),
                                 None),
     "institutions[0]", "quality_assurance[0].agent_name_sv", "is required"),
    ("outcome with a control character",
     _broken(("opportunities", 1, "learning_outcomes_sv", 1), "fråga\u0007"),
     "opportunities[1]", "learning_outcomes_sv[1]", "control character"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "record", "field", "words"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN]
)
async def test_refusals_name_the_place_and_change_nothing(
    db: Database, db_url: str, data: bytes, record: str, field: str, words: str
) -> None:
    await import_file(db, EXAMPLES / "records.json")
    before = dump(db_url)
    with pytest.raises(ImportFileError) as caught:
        await import_data(db, data, name="broken.json", fmt="json")
    error = caught.value
    assert (error.file, error.record, error.field) == ("broken.json", record, field)
    assert words in error.problem
    assert dump(db_url) == before
