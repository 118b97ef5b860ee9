"""Fixtures of the EMREX web tests (the two gateways, ``fed``, come from tests/web/conftest.py)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from gateway.flows.import_records import import_file
from gateway.storage.database import Database
from tests.storage.helpers import Template

NEWCOMER = "20010101-1234"  # one result, still in progress: nothing to offer


def _import(url: str, path: Path) -> None:
    async def run() -> None:
        db = Database.open(url)
        try:
            await import_file(db, path)
        finally:
            await db.dispose()

    asyncio.run(run())


@pytest.fixture(scope="session")
def se_with_newcomer(
    tmp_path_factory: pytest.TempPathFactory, seeded_template: Template
) -> Template:
    """Dataset ``se`` plus a learner whose only result is in progress."""
    folder = tmp_path_factory.mktemp("se-newcomer")
    records = folder / "newcomer.json"
    records.write_text(
        json.dumps(
            {
                "format": "emrex-gateway/records",
                "version": 1,
                "learners": [
                    {
                        "national_id": NEWCOMER,
                        "given_names": "Nils",
                        "family_name": "Nyström",
                        "birth_date": "2001-01-01",
                    }
                ],
                "results": [
                    {
                        "learner": NEWCOMER,
                        "institution": "uu.se",
                        "opportunity": "1DL201",
                        "status": "in-progress",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    return seeded_template.derive(folder, lambda url: _import(url, records))
