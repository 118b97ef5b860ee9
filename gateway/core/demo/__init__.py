"""Deterministic demo data (fixed seeds, no clock) as import documents; see docs/import-format.md.

``se``: Uppsala, Umeå and Stockholm universities, every built-in Swedish grading scale, all three
levels, 35 learners among them Karin Andersson (19900315-2389). ``no``: the University of Oslo
and NTNU with the Norwegian A–F scale, Norwegian learners and Karin under a fødselsnummer.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from gateway.core.demo import norway, sweden
from gateway.core.demo.builder import Document
from gateway.errors import InvalidInput

_BUILDERS: dict[str, Callable[[], Document]] = {"se": sweden.build, "no": norway.build}
DATASETS = tuple(_BUILDERS)
KARIN_PERSONNUMMER = sweden.KARIN


def demo_document(dataset: str = "se") -> Document:
    """The dataset as a JSON-ready import document (the same every time)."""
    try:
        build = _BUILDERS[dataset]
    except KeyError:
        choices = ", ".join(DATASETS)
        raise InvalidInput(f"unknown demo dataset {dataset!r}; choose one of {choices}") from None
    return build()


def demo_json(dataset: str = "se") -> bytes:
    """The dataset as the bytes of an import file (UTF-8 JSON)."""
    text = json.dumps(demo_document(dataset), ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")
