"""The PDF transcript is readable: poppler (pdftotext, pdffonts, pdfinfo: an independent reader)
shows every result and title, the sv/en labels, the page numbers, and only embedded fonts."""

from __future__ import annotations

import base64
import dataclasses
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
from gateway.core.pdf import ATTACHMENT_TYPE, LABELS, transcript_attachment, transcript_pdf


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


def many_results(count: int) -> Elmo:
    """One report with ``count`` results: courses, each with a module, some long titles."""
    courses = []
    for index in range(count // 2):
        title = f"Course {index:03d} in advanced distributed information systems"
        if index % 7 == 0:  # a title too long for its column: wrapped, not cut
            title += " with a particularly long and winding subtitle about Ærø and Øresund"
        module = los(f"M{index:03d}", f"Module {index:03d}", f"Moment {index:03d}", "G", "3")
        courses.append(los(f"C{index:03d}", title, f"Kurs {index:03d}", "VG", "7.5", module))
    sample = sample_elmo()
    report = Report(sample.reports[0].issuer, sample.generated_date, tuple(courses))
    return Elmo(sample.generated_date, sample.learner, (report,))


@pytest.fixture(scope="module")
def poppler() -> Path:
    """Where poppler's tools are (Debian poppler-utils): pdftotext, pdffonts, pdfinfo."""
    found = shutil.which("pdftotext")
    if found is None or not shutil.which("pdffonts") or not shutil.which("pdfinfo"):
        pytest.fail("poppler-utils (pdftotext, pdffonts, pdfinfo) is missing: `make system-deps`")
    return Path(found).parent


def _tool(poppler: Path, name: str, *args: str) -> str:
    done = subprocess.run(
        [str(poppler / name), *args], check=True, capture_output=True, text=True, timeout=60
    )
    return done.stdout


def _text(poppler: Path, pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _tool(poppler, "pdftotext", "-layout", *pages, str(pdf), "-")


def _pages(poppler: Path, pdf: Path) -> int:
    info = _tool(poppler, "pdfinfo", str(pdf))
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def _written(tmp_path: Path, elmo: Elmo) -> Path:
    pdf = transcript_pdf(elmo)
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "transcript.pdf"
    path.write_bytes(pdf)
    return path


def test_pdf_text_shows_learner_institutions_and_results(poppler: Path, tmp_path: Path) -> None:
    text = _text(poppler, _written(tmp_path, sample_elmo()))
    for expected in (
        "Karin Andersson",
        "1990-03-15",
        "19900315-2389",
        "Uppsala University (Uppsala universitet)",
        "Umeå University (Umeå universitet)",
        "Database Design I",
        "Databasteknik I",  # every title, in every language it has
        "Written exam",
        "Skriftlig tentamen",
        "Öberg's Compilers",
        "Kompilatorteknik",
        "2021-06-04",
        "VG",
        "7.5",
        "15",
        "EQF 7",
    ):
        assert expected in text, expected


def test_every_label_is_in_swedish_and_english(poppler: Path, tmp_path: Path) -> None:
    text = " ".join(_text(poppler, _written(tmp_path, sample_elmo())).split())
    for field in dataclasses.fields(LABELS):
        sv, en = getattr(LABELS, field.name)
        if field.name in ("page", "continued"):  # on page breaks: test_every_page_is_numbered…
            continue
        for label in (sv, en):
            assert " ".join(label.split()) in text, label


def test_only_embedded_fonts(poppler: Path, tmp_path: Path) -> None:
    rows = _tool(poppler, "pdffonts", str(_written(tmp_path, many_results(40)))).splitlines()[2:]
    assert rows
    for row in rows:
        name, *_, emb, sub, uni, _obj, _gen = row.split()
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
        assert "Vera" in name, row


def test_every_page_is_numbered_and_repeats_the_header(poppler: Path, tmp_path: Path) -> None:
    path = _written(tmp_path, many_results(160))
    pages = _pages(poppler, path)
    assert pages >= 3
    for page in range(1, pages + 1):
        text = _text(poppler, path, page)
        assert f"Sida {page} av {pages} / Page {page} of {pages}" in text
        assert "Karin Andersson · 1990-03-15" in text  # a loose page still names its learner
        for label in ("Betyg", "Grade", "Utbildning", "Learning opportunity"):
            assert label in text, (page, label)
        if page > 1:
            assert "Uppsala University (Uppsala universitet) (forts. / continued)" in text


def test_no_result_is_lost_across_pages_or_in_wrapping(poppler: Path, tmp_path: Path) -> None:
    elmo = many_results(160)
    words = " ".join(_text(poppler, _written(tmp_path, elmo)).split())
    for spec in elmo.specifications():
        for title in spec.titles:
            for word in title.value.split():
                assert word in words, (title.value, word)
        code = spec.identifier("local")
        assert code is not None
        assert f"{code} " in words
    # each code once: no row drawn twice across a page break
    assert sum(words.count(f"C{index:03d} ") for index in range(80)) == 80
    assert "Summa ECTS / Total ECTS 840" in words  # 80 × (7.5 + 3)


def test_characters_the_font_lacks_become_their_base_letter(poppler: Path, tmp_path: Path) -> None:
    sample = sample_elmo()
    learner = dataclasses.replace(sample.learner, given_names="Zoë Őrs ☃")
    text = _text(poppler, _written(tmp_path, dataclasses.replace(sample, learner=learner)))
    assert "Zoë Ors ? Andersson" in text


def test_attachment_is_a_pdf_data_uri() -> None:
    attachment = transcript_attachment(b"%PDF-1.4 test")
    assert attachment.type == ATTACHMENT_TYPE
    assert attachment.titles[0].value == "EMREX transcript"
    prefix = "data:application/pdf;base64,"
    content = attachment.contents[0].value
    assert content.startswith(prefix)
    assert base64.b64decode(content[len(prefix) :]) == b"%PDF-1.4 test"
