"""GET /api/v1/merits (issue #16): the feed of verified merits, one entry, and publishing.

Entries are published in the transaction that stores what was verified (the EMREX client does
it with ``emrex_merit`` + ``ApiRepository.append_merit``; a wallet verifier does the same with
its own source), so an entry exists exactly when its result set does. Imports stored before the
feed existed are published once at start-up, in the order they were received.
"""

from __future__ import annotations

import logging
from datetime import datetime

from gateway.core.api.merits import (
    ELMO_XMLDSIG,
    REGISTRY_CHECK,
    FeedPage,
    Merit,
    MeritSource,
    SourceKind,
    StatusCheck,
    StoredMerit,
    Verification,
    flat_results,
)
from gateway.core.elmo.parse import parse_elmo_bytes
from gateway.errors import GatewayError, InvalidInput, NotFound
from gateway.storage.api import ApiRepository
from gateway.storage.database import Database

log = logging.getLogger(__name__)


async def feed(db: Database, cursor: int | None, limit: int) -> FeedPage:
    """Up to ``limit`` entries after ``cursor`` (an entry id; None: from the start)."""
    async with db.session() as session:
        repo = ApiRepository(session)
        if cursor is not None and not await repo.merit_exists(cursor):
            raise InvalidInput("after: no feed entry has this id; pass a next_cursor you got")
        return FeedPage(tuple(await repo.merits_after(cursor, limit)), cursor)


async def entry(db: Database, merit_id: int) -> StoredMerit:
    async with db.session() as session:
        found = await ApiRepository(session).merit(merit_id)
    if found is None:
        raise NotFound("There is no merits entry with this id.")
    return found


async def publish_earlier_imports(db: Database, max_xml_bytes: int) -> int:
    """Publish the EMREX imports stored before the feed existed (none after the first run).

    They were verified when they arrived; what was recorded then is published (certificate
    SHA-256, signature algorithm; the certificate subject and the country were not kept then).
    """
    published = 0
    async with db.session(write=True) as session, session.begin():
        repo = ApiRepository(session)
        for (
            import_id,
            learner_id,
            acronym,
            sha256,
            algorithm,
            received_at,
            xml,
        ) in await repo.unpublished_imports():
            try:
                elmo = parse_elmo_bytes(xml, max_bytes=max(max_xml_bytes, len(xml)))
            except GatewayError:
                log.warning("an earlier import cannot be read; not published: %s", import_id)
                continue
            merit = Merit(
                learner_id=learner_id,
                source=MeritSource(SourceKind.EMREX, acronym),
                verification=_recorded(sha256, algorithm, received_at),
                results=flat_results(elmo),
                document=xml,
            )
            await repo.append_merit(merit, external_import_id=import_id)
            published += 1
    if published:
        log.info("earlier emrex imports published in the merits feed", extra={"count": published})
    return published


def _recorded(sha256: str, algorithm: str, received_at: datetime) -> Verification:
    return Verification(
        verified_at=received_at,
        format=ELMO_XMLDSIG,
        certificate_subject=None,
        certificate_issuer=None,
        certificate_sha256=sha256,
        algorithms={"signature": algorithm},
        status_check=StatusCheck(REGISTRY_CHECK, "listed", received_at),
    )
