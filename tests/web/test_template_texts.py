"""Every UI text a template asks for exists in Swedish and English (all templates, all areas)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gateway.core.emrex import ReturnCode
from gateway.core.records import OpportunityKind, ResultStatus
from gateway.flows.emrex.client import Outcome
from gateway.web.i18n import TEXTS
from gateway.web.texts.common import LANGUAGES

TEMPLATES = Path(__file__).resolve().parents[2] / "gateway" / "web" / "templates"
LITERAL = re.compile(r"""\bt\(\s*(["'])([^"']+)\1\s*\)""")
PREFIX = re.compile(r"""\bt\(\s*(["'])([^"']+)\1\s*~""")
FILES = sorted(TEMPLATES.rglob("*.html"))


def _missing(key: str) -> list[str]:
    entry = TEXTS.get(key)
    return [lang for lang in LANGUAGES if not entry or not entry.get(lang, "").strip()]


@pytest.mark.parametrize("template", FILES, ids=[str(f.relative_to(TEMPLATES)) for f in FILES])
def test_every_literal_text_key_exists_in_both_languages(template: Path) -> None:
    source = template.read_text(encoding="utf-8")
    problems = {key: missing for _, key in LITERAL.findall(source) if (missing := _missing(key))}
    assert not problems, f"{template.name}: keys without text: {problems}"
    for _, prefix in PREFIX.findall(source):
        assert any(k.startswith(prefix) for k in TEXTS), f"{template.name}: no {prefix}* texts"


def test_templates_are_found() -> None:
    assert len(FILES) >= 10
    assert any(LITERAL.search(f.read_text(encoding="utf-8")) for f in FILES)


@pytest.mark.parametrize(
    "key",
    [
        *(f"cp.kind.{k.value}" for k in OpportunityKind),
        *(f"cp.status.{s.value}" for s in ResultStatus),
        *(f"cp.outcome.{c.value}" for c in ReturnCode),
        *(f"client.outcome.{o.value}" for o in Outcome),
        "client.outcome.pending",
        "client.outcome.abandoned",
        "client.returned.cancelled",
        "client.returned.no_results",
        "client.start.heading",
    ],
)
def test_every_computed_emrex_text_key_exists(key: str) -> None:
    assert not _missing(key), key


def test_swedish_and_english_differ_where_they_should() -> None:
    same = [k for k, v in TEXTS.items() if k.startswith(("cp.", "client.")) and v["sv"] == v["en"]]
    assert len(same) <= 2, same
