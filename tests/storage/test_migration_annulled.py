"""Migration 0011 for real (SQLite, and PostgreSQL under ``make test-pg``): the results' status
CHECK admits ``annulled`` after it and not before; down again deletes annulled results only."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from sqlalchemy.exc import IntegrityError

from gateway.storage.database import alembic_config, current_revision, upgrade_database
from tests.storage.helpers import execute, outside_loop, rows

ANNUL_FIRST = "UPDATE results SET status = 'annulled' WHERE id = (SELECT min(id) FROM results)"


def _statuses(url: str) -> dict[str, int]:
    return dict(rows(url, "SELECT status, count(*) FROM results GROUP BY status"))


def test_annulled_is_admitted_after_0011_only_and_leaves_on_the_way_down(seeded_url: str) -> None:
    before = _statuses(seeded_url)
    total = sum(before.values())
    outside_loop(command.downgrade, alembic_config(seeded_url), "0010")
    assert current_revision(seeded_url) == "0010"
    assert _statuses(seeded_url) == before  # nothing lost on the way down without annulments
    with pytest.raises((sqlite3.IntegrityError, IntegrityError)):
        execute(seeded_url, ANNUL_FIRST)

    outside_loop(upgrade_database, seeded_url)
    assert execute(seeded_url, ANNUL_FIRST) == 1
    with pytest.raises((sqlite3.IntegrityError, IntegrityError)):
        execute(seeded_url, "UPDATE results SET status = 'cancelled' WHERE id = 1")
    assert _statuses(seeded_url)["annulled"] == 1

    outside_loop(command.downgrade, alembic_config(seeded_url), "0010")
    after = _statuses(seeded_url)
    assert "annulled" not in after
    assert sum(after.values()) == total - 1
    with pytest.raises((sqlite3.IntegrityError, IntegrityError)):
        execute(seeded_url, ANNUL_FIRST)
    outside_loop(upgrade_database, seeded_url)
    assert execute(seeded_url, ANNUL_FIRST) == 1
