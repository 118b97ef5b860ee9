"""Use case: load a demo dataset through the ordinary import path (idempotent)."""

from __future__ import annotations

from gateway.core.demo import demo_json
from gateway.core.importing import ImportFormat, ImportSummary
from gateway.flows.import_records import Clock, import_data, utc_now
from gateway.storage.database import Database


async def seed_demo(db: Database, dataset: str = "se", *, clock: Clock = utc_now) -> ImportSummary:
    """Import demo dataset ``se`` (three Swedish universities) or ``no`` (two Norwegian ones).

    Deterministic, so seeding again changes nothing. An unknown dataset is ``InvalidInput``.
    """
    data = demo_json(dataset)
    return await import_data(
        db, data, name=f"demo-{dataset}.json", fmt=ImportFormat.JSON, clock=clock
    )
