"""POST /api/v1/records (issue #16): the import document in, the import summary out.

Exactly the import of ``gateway import`` (flows/import_records.py): the same parser, plan and
writer, one request in one transaction. With an ``Idempotency-Key`` the answer is remembered in
that same transaction, so a retry after a lost answer gets the first answer and nothing is
applied twice; the key with another body is refused. A refused import is not remembered: it
wrote nothing, and a retry is checked afresh.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from gateway.core.api.clients import ApiClient
from gateway.core.api.records import BODY_NAME, body_sha256, summary_json
from gateway.core.importing import ImportFormat, parse_import
from gateway.errors import IdempotencyKeyReused
from gateway.flows.import_records import IMPORT_LOCK, import_batch
from gateway.flows.services import Services
from gateway.storage.api import ApiRepository
from gateway.storage.database import serialize
from gateway.storage.repositories import RecordsRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordsAnswer:
    status: int
    body: dict[str, Any]
    replayed: bool = False


def _replay(first: tuple[str, int, str], digest: str) -> RecordsAnswer:
    request_sha256, status, answer = first
    if request_sha256 != digest:
        raise IdempotencyKeyReused(
            "This Idempotency-Key was used before with a different body; use a new key."
        )
    return RecordsAnswer(status, json.loads(answer), replayed=True)


async def post_records(
    services: Services, client: ApiClient, body: bytes, idempotency_key: str | None
) -> RecordsAnswer:
    digest = body_sha256(body)
    now = services.clock()
    since = now - timedelta(hours=services.settings.api.idempotency_hours)
    if idempotency_key is not None:  # a retry need not be parsed again
        async with services.db.session() as session:
            first = await ApiRepository(session).remembered(client.id, idempotency_key, since)
        if first is not None:
            return _replay(first, digest)
    batch = await asyncio.to_thread(parse_import, body, BODY_NAME, ImportFormat.JSON)
    async with services.db.session(write=True) as session, session.begin():
        await serialize(session, IMPORT_LOCK)  # also orders two requests with one key
        api = ApiRepository(session)
        if idempotency_key is not None:
            first = await api.remembered(client.id, idempotency_key, since)
            if first is not None:
                return _replay(first, digest)
            await api.forget_answers(client.id, since)
        summary = await import_batch(RecordsRepository(session), batch, now)
        answer = summary_json(summary)
        if idempotency_key is not None:
            encoded = json.dumps(answer, separators=(",", ":"))
            await api.remember(client.id, idempotency_key, digest, 200, encoded, now)
    log.info(
        "api records imported",
        extra={"client": client.name, "inserted": summary.inserted, "updated": summary.updated},
    )
    return RecordsAnswer(200, answer)
