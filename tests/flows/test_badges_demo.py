"""Every demo learner's badges: valid against the official OB 3.0 JSON Schema, no lost terms."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gateway.core.badges import open_badge
from gateway.flows.microcredentials.store import learner_micro_credentials
from gateway.storage.database import Database
from gateway.storage.repositories import RecordsRepository
from tests.core.badges.conformance import ObConformance

ISSUED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
BASE = "https://gateway.example.se"


async def test_every_demo_learner_badge_conforms(seeded_db: Database, schema_dir: Path) -> None:
    ob = ObConformance.load(schema_dir)
    async with seeded_db.session() as session:
        learners = await RecordsRepository(session).learners()
    badges: list[dict[str, Any]] = []
    for learner in learners:
        found = await learner_micro_credentials(seeded_db, learner.national_id)
        for course in found.eligible:
            badge = open_badge(course.candidate, base_url=BASE, issued=ISSUED, salt="5a17")
            assert learner.national_id not in json.dumps(badge)
            badges.append(badge)
    assert len(badges) > 50
    for badge in badges:
        where = badge["credentialSubject"]["achievement"]["id"]
        assert ob.schema_errors(badge) == [], where
    for badge in badges:  # every one expands with the official contexts, nothing undefined
        assert ob.undefined_terms(badge) == set(), badge["id"]
    # The expand → compact round trip (the costly part) once per institution and shape.
    shapes: dict[tuple[str, int], dict[str, Any]] = {}
    for badge in badges:
        key = (badge["issuer"]["id"], len(badge["credentialSubject"]["achievement"]["alignment"]))
        shapes.setdefault(key, badge)
    assert len(shapes) >= 2
    for badge in shapes.values():
        assert ob.lost_keys(badge) == set()
