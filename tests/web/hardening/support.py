"""Tools of the hardening tests: database snapshots, hostile payloads, escaping checks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import markupsafe
from sqlalchemy import select

from gateway.storage.metadata import metadata
from gateway.web import appkeys
from tests.web.nodes import Node

Snapshot = dict[str, set[tuple[Any, ...]]]
XSS = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>"
SQL = "x'); DROP TABLE learners; --"
SQL_TOKEN = "x';DROP/**/TABLE/**/learners;--"  # no spaces: passes token checks
#: Tables that record who visits (a new anonymous browser session), not what they did.
VISITS = frozenset({"browser_sessions"})


async def snapshot(node: Node) -> Snapshot:
    """Every row of every table of the node's database (any backend), as sets of tuples."""
    async with node.app[appkeys.SERVICES].db.engine.connect() as connection:
        tables = {}
        for table in metadata.sorted_tables:
            result = await connection.execute(select(table))
            tables[table.name] = {tuple(row) for row in result.all()}
    return tables


def changes(before: Snapshot, after: Snapshot, ignore: frozenset[str] = VISITS) -> dict[str, Any]:
    """Per changed table: the rows added and removed (``ignore``d tables left out)."""
    changed = {}
    for name in before.keys() | after.keys():
        if name in ignore:
            continue
        old, new = before.get(name, set()), after.get(name, set())
        if old != new:
            changed[name] = {"added": new - old, "removed": old - new}
    return changed


def assert_unchanged(before: Snapshot, after: Snapshot, ignore: frozenset[str] = VISITS) -> None:
    found = changes(before, after, ignore)
    assert not found, f"data changed: {found}"


def assert_escaped(page: str, payload: str = XSS) -> None:
    """The payload never appears raw in HTML; where it is shown, it is escaped."""
    assert payload not in page
    assert "<script>alert(1)" not in page
    assert "onerror=alert(2)>" not in page


def shown_escaped(page: str, payload: str = XSS) -> bool:
    """Shown as text: escaped the way the templates (Jinja2, markupsafe) escape."""
    return str(markupsafe.escape(payload)) in page


def only(found: Mapping[str, Any], *tables: str) -> None:
    """The changes touch ``tables`` and nothing else."""
    assert set(found) <= set(tables), f"unexpected changes in {set(found) - set(tables)}"
