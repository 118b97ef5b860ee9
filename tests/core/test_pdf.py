"""The PDF transcript is readable: pdftotext (poppler, an independent reader) shows every result."""

from __future__ import annotations

import base64
import shutil
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from gateway.core.elmo.model import (
    Credit,
    Elmo,
    Identifier,
    Issuer,
    Learner,
    LearningOpportunityInstance,
    LearningOpportunitySpecification,
    Level,
    Report,
    Text,
)
from gateway.core.pdf import ATTACHMENT_TYPE, transcript_attachment, transcript_pdf


def los(
    code: str,
    en: str,
    sv: str,
    grade: str,
    ects: str | None,
    *parts: LearningOpportunitySpecification,
) -> LearningOpportunitySpecification:
    return LearningOpportunitySpecification(
        titles=(Text(sv, "sv"), Text(en, "en")),
        identifiers=(Identifier("local", code),),
        type="Course",
        instance=LearningOpportunityInstance(
            date=date(2021, 6, 4),
            status="passed",
            result_label=grade,
            credits=(Credit("ects", Decimal(ects)),) if ects else (),
            levels=(Level("EQF", "7"),),
        ),
        has_part=parts,
    )


def sample_elmo() -> Elmo:
    uu = Issuer(
        identifiers=(Identifier("schac", "uu.se"),),
        titles=(Text("Uppsala universitet", "sv"), Text("Uppsala University", "en")),
        url="https://www.uu.se",
        country="SE",
    )
    umu = Issuer(
        identifiers=(Identifier("schac", "umu.se"),),
        titles=(Text("Umeå universitet", "sv"), Text("Umeå University", "en")),
        url="https://www.umu.se",
        country="SE",
    )
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    return Elmo(
        generated_date=now,
        learner=Learner(
            "Karin",
            "Andersson",
            (Identifier("nationalIdentifier", "19900315-2389"),),
            bday=date(1990, 3, 15),
        ),
        reports=(
            Report(
                uu,
                now,
                (
                    los(
                        "1DL301",
                        "Database Design I",
                        "Databasteknik I",
                        "VG",
                        "7.5",
                        los("0001", "Written exam", "Skriftlig tentamen", "G", None),
                    ),
                ),
            ),
            Report(umu, now, (los("5DV200", "Öberg's Compilers", "Kompilatorteknik", "4", "15"),)),
        ),
    )


@pytest.fixture(scope="module")
def pdftotext() -> str:
    found = shutil.which("pdftotext")
    if found is None:
        pytest.fail("pdftotext (Debian poppler-utils) is missing: run `make system-deps`")
    return found


def test_pdf_text_shows_learner_institutions_and_results(pdftotext: str, tmp_path: Path) -> None:
    pdf = transcript_pdf(sample_elmo())
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "t.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    for expected in (
        "Karin Andersson",
        "1990-03-15",
        "Uppsala University",
        "Umeå University",
        "Database Design I",
        "Written exam",
        "Öberg's Compilers",
        "2021-06-04",
        "VG",
        "7.5",
        "15",
    ):
        assert expected in text, expected


def test_attachment_is_a_pdf_data_uri() -> None:
    attachment = transcript_attachment(b"%PDF-1.4 test")
    assert attachment.type == ATTACHMENT_TYPE
    assert attachment.titles[0].value == "EMREX transcript"
    prefix = "data:application/pdf;base64,"
    content = attachment.contents[0].value
    assert content.startswith(prefix)
    assert base64.b64decode(content[len(prefix) :]) == b"%PDF-1.4 test"
