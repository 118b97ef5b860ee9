"""Importing degrees into a real database: idempotent, status changes reported, the institution's
own PDFs stored with their sha256 and sent unchanged, every refusal changes nothing."""

from __future__ import annotations

import base64
import copy
import hashlib
import io
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfgen import canvas

from gateway.core.degrees.model import DegreeStatus, DegreeStatusChange, DocumentKind
from gateway.core.elmo.schema import ElmoSchema
from gateway.core.importing import KindCounts
from gateway.core.keys import SigningKey
from gateway.errors import ImportFileError
from gateway.flows.degrees.export import export_degree
from gateway.flows.degrees.load import awarded_degrees
from gateway.flows.import_records import import_data, import_file
from gateway.flows.services import Services
from gateway.storage.database import Database
from gateway.storage.degrees import DegreeRepository
from tests.degrees import pdf_text
from tests.storage.helpers import dump
from tests.tools import settings_for

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "degrees.json"
LENA = "19850612-3408"
CODE = "SU-EX-2024-00042"
Doc = dict[str, Any]


def _doc() -> Doc:
    doc: Doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return doc


def _write(folder: Path, doc: Doc, name: str = "records.json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _pdf(text: str) -> bytes:
    """A small real PDF (the institution's own document in these tests)."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


@pytest.fixture
def services(db: Database, signing_key: SigningKey, schema_dir: Path) -> Services:
    now = datetime(2026, 11, 28, tzinfo=UTC)
    settings = settings_for(schema_dir)
    return Services(settings, db, signing_key, ElmoSchema.load(schema_dir), clock=lambda: now)


async def test_the_documented_example_imports_once(db: Database, db_url: str) -> None:
    first = await import_file(db, EXAMPLE)
    assert first.degrees == KindCounts(inserted=1)
    assert "degrees: 1 inserted, 0 updated, 0 unchanged" in first.describe()
    before = dump(db_url)
    again = await import_file(db, EXAMPLE)
    assert (again.inserted, again.updated) == (0, 0)
    assert again.degrees == KindCounts(unchanged=1)
    assert dump(db_url) == before  # byte for byte


async def test_a_changed_status_is_an_update_and_is_reported(
    db: Database, services: Services, tmp_path: Path
) -> None:
    await import_file(db, EXAMPLE)
    (awarded,) = await awarded_degrees(services, LENA)
    doc = _doc()
    doc["degrees"][0]["status"] = "withdrawn"
    summary = await import_file(db, _write(tmp_path, doc))
    assert summary.degrees == KindCounts(updated=1)
    change = DegreeStatusChange(
        awarded.degree.id, "su.se", CODE, DegreeStatus.AWARDED, DegreeStatus.WITHDRAWN
    )
    assert summary.degree_status_changes == (change,)
    assert f"degree status changed: su.se {CODE} awarded → withdrawn" in summary.describe()
    assert await awarded_degrees(services, LENA) == []
    async with db.session() as session:
        (stored,) = await DegreeRepository(session).of_learner(LENA, awarded_only=False)
    assert (stored.id, stored.status) == (awarded.degree.id, DegreeStatus.WITHDRAWN)
    doc["degrees"][0]["status"] = "awarded"  # a decision reversed: reported again
    back = await import_file(db, _write(tmp_path, doc))
    assert [c.after for c in back.degree_status_changes] == [DegreeStatus.AWARDED]


async def test_the_institutions_own_pdfs_are_stored_and_sent_unchanged(
    db: Database, services: Services, tmp_path: Path
) -> None:
    certificate, supplement = _pdf("Examensbevis SU"), _pdf("Diploma Supplement SU")
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "cert.pdf").write_bytes(certificate)
    (tmp_path / "ds.pdf").write_bytes(supplement)
    doc = _doc()
    doc["degrees"][0].update(certificate_pdf="pdf/cert.pdf", supplement_pdf="ds.pdf")
    path = _write(tmp_path, doc)
    assert (await import_file(db, path)).degrees == KindCounts(inserted=1)
    assert (await import_file(db, path)).degrees == KindCounts(unchanged=1)
    (awarded,) = await awarded_degrees(services, LENA)
    assert dict(awarded.degree.supplied) == {
        DocumentKind.CERTIFICATE: hashlib.sha256(certificate).hexdigest(),
        DocumentKind.SUPPLEMENT: hashlib.sha256(supplement).hexdigest(),
    }
    export = await export_degree(services, LENA, CODE)
    (report,) = export.elmo.reports
    sent = {a.type: [c.value for c in a.contents] for a in report.attachments}
    assert sent["Diploma"] == [_uri(certificate)]
    assert sent["Diploma Supplement"] == [_uri(supplement)]

    # a changed file is an update; a file no longer named goes, and ours is rendered instead
    (tmp_path / "ds.pdf").write_bytes(_pdf("Diploma Supplement SU, corrected"))
    assert (await import_file(db, path)).degrees == KindCounts(updated=1)
    del doc["degrees"][0]["supplement_pdf"]
    assert (await import_file(db, _write(tmp_path, doc))).degrees == KindCounts(updated=1)
    export = await export_degree(services, LENA, CODE)
    (report,) = export.elmo.reports
    (ours,) = [a for a in report.attachments if a.type == "Diploma Supplement"]
    (content,) = ours.contents
    assert content.value != _uri(supplement)
    assert "Lena" in pdf_text(base64.b64decode(content.value.partition(",")[2]))


def _uri(pdf: bytes) -> str:
    return "data:application/pdf;base64," + base64.b64encode(pdf).decode("ascii")


async def test_pdf_problems_name_the_field_and_change_nothing(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    await import_file(db, EXAMPLE)
    before = dump(db_url)
    (tmp_path / "outside.pdf").write_bytes(_pdf("outside"))
    folder = tmp_path / "import"
    folder.mkdir()
    (folder / "word.pdf").write_bytes(b"PK\x03\x04 not a PDF")
    (folder / "big.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * (4 * 1024 * 1024))
    os.symlink(tmp_path / "outside.pdf", folder / "link.pdf")
    cases = {
        "missing.pdf": "cannot read missing.pdf",
        "word.pdf": "word.pdf is not a PDF file",
        "big.pdf": "is larger than 4194304 bytes",
        "link.pdf": "must stay inside the import file's folder",
    }
    for name, problem in cases.items():
        doc = _doc()
        doc["degrees"][0]["certificate_pdf"] = name
        doc["degrees"][0]["title_en"] += " (changed)"
        with pytest.raises(ImportFileError) as caught:
            await import_file(db, _write(folder, doc))
        assert (caught.value.record, caught.value.field) == ("degrees[0]", "certificate_pdf")
        assert problem in caught.value.problem
        assert dump(db_url) == before
    doc = _doc()
    doc["degrees"][0]["supplement_pdf"] = "ds.pdf"
    with pytest.raises(ImportFileError, match="PDF files can only be given in an import file"):
        await import_data(db, json.dumps(doc).encode(), name="api.json", fmt="json")
    assert dump(db_url) == before


async def test_stored_facts_refuse_what_would_break_a_degree(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    await import_file(db, EXAMPLE)
    before = dump(db_url)
    doc = _doc()
    doc["results"][3].update(status="failed", grade="F")  # the degree project
    results_only = {"format": doc["format"], "version": 1, "results": doc["results"]}
    with pytest.raises(ImportFileError) as caught:
        await import_file(db, _write(tmp_path, results_only))
    assert (caught.value.record, caught.value.field) == ("results[3]", "status")
    assert dump(db_url) == before
    moved = copy.deepcopy(_doc())
    moved["learners"].append(
        {"national_id": "19910101-0001", "given_names": "Per", "family_name": "Holm",
         "birth_date": "1991-01-01"}
    )  # fmt: skip
    moved["results"] += [dict(r, learner="19910101-0001") for r in moved["results"]]
    moved["degrees"][0]["learner"] = "19910101-0001"
    with pytest.raises(ImportFileError, match="cannot move to another learner"):
        await import_file(db, _write(tmp_path, moved))
    assert dump(db_url) == before
