"""[verifier] switches and housekeeping: enabled = false hides every path; an unanswered
transaction's private key is forgotten by the retention purge; the log keeps the row."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from gateway.core.keys import SigningKey
from gateway.flows.retention import purge_expired
from gateway.storage.database import Database
from tests.storage.helpers import Template
from tests.web.nodes import Node, browser, running_node
from tests.web.verifier.support import start_presentation
from tests.web.wallet.support import log_in, rows


@pytest.fixture
async def disabled(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> AsyncIterator[Node]:
    overrides = {"verifier": {"enabled": False}}
    async with running_node(
        tmp_path / "off", seeded_template, signing_key, schema_dir, overrides
    ) as node:
        yield node


async def test_disabled_verifier_has_no_pages(disabled: Node) -> None:
    async with browser() as learner, aiohttp.ClientSession() as http:
        await log_in(learner, disabled)
        assert (await learner.get(disabled.path("/wallet/present"))).status == 404
        posted = await http.post(disabled.path("/wallet/present/response/x"), data={"a": "b"})
        assert posted.status == 404
        assert (await http.get(disabled.path("/wallet/present/request/x"))).status == 404


async def test_retention_forgets_the_key_of_an_unanswered_transaction(gw: Node) -> None:
    async with browser() as learner:
        await log_in(learner, gw)
        await start_presentation(learner, gw)
    ((key,),) = rows(gw, "SELECT encryption_key FROM verifier_transactions")
    assert key is not None
    db = Database.open(gw.database_url)
    try:
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
        await purge_expired(db, days=30, now=later)
    finally:
        await db.dispose()
    assert rows(gw, "SELECT encryption_key, step FROM verifier_transactions") == [(None, "created")]
