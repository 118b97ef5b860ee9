"""Use case: import one records file (JSON or CSV) in one transaction (docs/import-format.md).

The whole file is checked before anything is written, and everything is written in one
transaction: a file with any problem changes nothing, and ``ImportFileError`` names the file,
the record and the field. Records are matched by natural keys, so importing the same file again
changes nothing and a changed grade updates the stored result in place; wallet credentials
that carried a value the import changed are revoked in the same transaction (issue #15).
Imports run one at a time (the plan is made from what is stored), also on PostgreSQL and
across processes.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from gateway.core.importing import (
    ImportBatch,
    ImportFormat,
    ImportPlan,
    ImportSummary,
    format_for,
    parse_import,
    plan_import,
)
from gateway.errors import ImportFileError
from gateway.flows.degrees.files import read_degree_files
from gateway.storage.credential_status import StatusRepository
from gateway.storage.database import Database, serialize
from gateway.storage.degrees import DegreeFiles, DegreeRepository
from gateway.storage.repositories import RecordsRepository
from gateway.storage.syllabus import SyllabusRepository

Clock = Callable[[], datetime]
IMPORT_LOCK = "records-import"
"""Imports read the stored records, plan, then upsert: two at once must not plan blind."""


def utc_now() -> datetime:
    return datetime.now(UTC)


async def import_file(db: Database, path: Path | str, *, clock: Clock = utc_now) -> ImportSummary:
    """Import ``path``; its suffix (``.json`` or ``.csv``) says the format."""
    name = str(path)
    fmt = format_for(name)
    try:
        data = await asyncio.to_thread(Path(path).read_bytes)
    except OSError as exc:
        raise ImportFileError(name, None, None, f"cannot be read: {exc.strerror}") from None
    return await import_data(db, data, name=name, fmt=fmt, clock=clock, base_dir=Path(path).parent)


async def import_data(
    db: Database,
    data: bytes,
    *,
    name: str,
    fmt: ImportFormat | str,
    clock: Clock = utc_now,
    base_dir: Path | None = None,
) -> ImportSummary:
    """Import the bytes of one file; ``name`` is what error messages call it. The PDFs its
    degrees name are read relative to ``base_dir`` (without one, naming a PDF is an error)."""
    batch = parse_import(data, name, fmt)
    files = await read_degree_files(batch, base_dir)
    async with db.session(write=True) as session, session.begin():
        return await import_batch(RecordsRepository(session), batch, clock(), files=files)


async def import_batch(
    repo: RecordsRepository,
    batch: ImportBatch,
    now: datetime,
    *,
    files: DegreeFiles | None = None,
) -> ImportSummary:
    """Check a parsed batch against the database and write it, in the caller's transaction
    (of a write session, ``db.session(write=True)``), serialised with every other import.

    ``files``: the PDFs the batch's degrees name, read by the caller (``read_degree_files``);
    without them a degree naming a PDF is refused (a document sent over the network)."""
    if files is None:
        files = await read_degree_files(batch, None)
    await serialize(repo.session, IMPORT_LOCK)  # PostgreSQL: one import at a time, as SQLite
    degrees = DegreeRepository(repo.session)
    known = dataclasses.replace(await repo.known(batch), degrees=await degrees.facts(batch))
    plan = plan_import(batch, known)
    summary = await _write(repo, degrees, plan, files, now)
    if not summary.updated:  # nothing stored changed: no credential can have gone stale
        return summary
    revoked = await StatusRepository(repo.session).revoke_changed(
        updated_at=now, actor=f"import {plan.file}", now=now
    )
    return dataclasses.replace(summary, credentials_revoked=revoked)


async def _write(
    repo: RecordsRepository,
    degrees: DegreeRepository,
    plan: ImportPlan,
    files: DegreeFiles,
    now: datetime,
) -> ImportSummary:
    """Write in dependency order; each step flushes, the caller's transaction commits."""
    syllabi = SyllabusRepository(repo.session)
    summary = ImportSummary(
        file=plan.file,
        institutions=await repo.upsert_institutions(plan.institutions),
        grading_scales=await repo.upsert_grading_scales(plan.grading_scales),
        terms=await repo.upsert_terms(plan.terms),
        learners=await repo.upsert_learners(plan.learners),
        opportunities=await repo.upsert_opportunities(plan.opportunities),
        results=await repo.upsert_results(plan.results, now=now),
        syllabi=await syllabi.upsert_syllabi(plan.syllabi),
        quality_assurance=await syllabi.upsert_quality(plan.quality_assurance),
    )
    if not plan.degrees:
        return summary
    written = await degrees.upsert(plan.degrees, files, now=now)
    return dataclasses.replace(
        summary, degrees=written.counts, degree_status_changes=written.status_changes
    )
