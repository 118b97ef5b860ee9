"""What the degree tests share: the demo degree holders, pdftotext, and the ELMO credit rule."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pytest

from gateway.core.elmo.model import Elmo, LearningOpportunitySpecification

KARIN = "19900315-2389"
ENGINEER = "19810412-2711"  # civilingenjörsexamen, Umeå, 300 hp
DIPLOMA = "19800903-4821"  # högskoleexamen, Stockholm, 120 hp (EQF 6)
ECONOMIST = "19791121-6047"  # masterexamen, Stockholm
WITHDRAWN = "19800214-1359"  # a magisterexamen at Uppsala, withdrawn
WITHDRAWN_CODE = "UU-EX-2007-03390"
HOLDERS = (KARIN, ENGINEER, DIPLOMA, ECONOMIST)


def pdf_text(pdf: bytes) -> str:
    """The text poppler's pdftotext (an independent reader) finds in ``pdf``."""
    binary = shutil.which("pdftotext")
    if binary is None:
        pytest.fail("pdftotext (Debian poppler-utils) is missing: run `make system-deps`")
    done = subprocess.run(
        [binary, "-", "-"], input=pdf, capture_output=True, check=True, timeout=30
    )
    return " ".join(done.stdout.decode("utf-8").split())


def ects_paths(elmo: Elmo) -> list[list[tuple[str, Decimal | None]]]:
    """Every root-to-leaf path of every report: (local code, ECTS on that node)."""
    paths: list[list[tuple[str, Decimal | None]]] = []

    def walk(
        los: LearningOpportunitySpecification, above: list[tuple[str, Decimal | None]]
    ) -> None:
        here = [*above, (los.identifier("local") or "", los.instance.ects())]
        if not los.has_part:
            paths.append(here)
        for part in los.has_part:
            walk(part, here)

    for report in elmo.reports:
        for los in report.opportunities:
            walk(los, [])
    return paths


def assert_ects_on_one_level(elmo: Elmo) -> None:
    """The ELMO rule: on every path, at most one node carries ECTS credits."""
    for path in ects_paths(elmo):
        carrying = [code for code, ects in path if ects is not None]
        assert len(carrying) <= 1, f"ECTS on {carrying} of one path {[c for c, _ in path]}"
