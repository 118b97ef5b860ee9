"""The integration API's figures for `make bench-flows`: records in, merits out (issue #16).

- ``POST /api/v1/records`` with a 1,000-learner document (the demo ``se`` institutions, scales,
  terms and opportunities; each learner with the results of one demo learner) into an empty
  database, next to ``gateway import`` of the same file (the command, a process of its own, and
  its import alone in this process, without the process start): records per second, where a
  record is each institution, scale, term, learner, opportunity and result of the document;
- ``GET /api/v1/merits``: a feed of real entries (Karin's signed ELMO, 17 results, as the EMREX
  client publishes it) read from the start in pages of 100 and of 1,000: entries per second.
"""

from __future__ import annotations

import asyncio
import copy
import json
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from gateway.core.api.merits import (
    Merit,
    MeritSource,
    SourceKind,
    StatusCheck,
    Verification,
    flat_results,
)
from gateway.core.demo import demo_document
from gateway.core.elmo.parse import parse_elmo_bytes
from gateway.core.keys import SigningKey
from gateway.flows.api.clients import add_client
from gateway.flows.elmo.export import export_elmo
from gateway.flows.import_records import import_file
from gateway.storage.api import ApiRepository
from gateway.storage.database import Database
from gateway.web import appkeys
from tests.storage.helpers import Template
from tests.web.nodes import Node, default_wallet_key, running_node
from tests.web.processes import ROOT, write_deployment

LEARNERS = 1000
FEED_ENTRIES = 2000
KARIN = "19900315-2389"
Figures = dict[str, tuple[float, float]]  # name → (seconds, items per second)


def thousand_learners() -> tuple[dict[str, Any], int]:
    """The document and its number of records."""
    base = demo_document("se")
    templates = [
        [r for r in base["results"] if r["learner"] == learner["national_id"]]
        for learner in base["learners"]
    ]
    learners, results = [], []
    for index in range(LEARNERS):
        birth = date(1980, 1, 1) + timedelta(days=index * 7)
        national_id = f"{birth:%Y%m%d}-{index % 10000:04d}"
        learners.append(
            {
                "national_id": national_id,
                "given_names": f"Learner{index}",
                "family_name": "Bench",
                "birth_date": birth.isoformat(),
            }
        )
        for result in templates[index % len(templates)]:
            results.append({**copy.deepcopy(result), "learner": national_id})
    rest = {name: value for name, value in base.items() if name != "degrees"}  # demo learners'
    document = {**rest, "learners": learners, "results": results}
    sections = ("institutions", "grading_scales", "terms", "learners", "opportunities", "results")
    return document, sum(len(document.get(name) or []) for name in sections)


def _write_document(folder: Path) -> tuple[Path, bytes, int]:
    document, records = thousand_learners()
    data = json.dumps(document, ensure_ascii=False).encode()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "thousand.json"
    path.write_bytes(data)
    return path, data, records


async def _cli_import(config: Path, path: Path) -> float:
    began = time.perf_counter()
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "gateway", "--config", str(config), "import", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - began
    assert done.returncode == 0, done.stdout + done.stderr
    return elapsed


async def _post(node: Node, token: str, data: bytes) -> float:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as http:
        began = time.perf_counter()
        async with http.post(node.path("/api/v1/records"), data=data, headers=headers) as answer:
            body = await answer.json()
            elapsed = time.perf_counter() - began
    assert answer.status == 200, body
    assert body["counts"]["learners"]["inserted"] == LEARNERS
    return elapsed


async def _token(node: Node, *scopes: str) -> str:
    db = Database.open(node.database_url)
    try:
        return (await add_client(db, "bench", list(scopes), datetime.now(UTC))).token
    finally:
        await db.dispose()


async def records_in(
    folder: Path, migrated: Template, key: SigningKey, schema_dir: Path, runs: int
) -> Figures:
    path, data, records = await asyncio.to_thread(_write_document, folder)
    cli, flow, api = [], [], []
    for run in range(runs):
        home = folder / f"cli{run}"
        deployment = write_deployment(
            home, migrated.clone(home), key, default_wallet_key(), schema_dir, 18499
        )
        cli.append(await _cli_import(deployment.config, path))
        db = Database.open(migrated.clone(folder / f"flow{run}"))
        try:
            began = time.perf_counter()
            await import_file(db, path)
            flow.append(time.perf_counter() - began)
        finally:
            await db.dispose()
        overrides = {"logging": {"level": "ERROR", "format": "text"}}
        async with running_node(folder / f"api{run}", migrated, key, schema_dir, overrides) as node:
            api.append(await _post(node, await _token(node, "records:write"), data))
    best = {"gateway import FILE (the command)": min(cli), "  its import alone": min(flow)}
    best["POST /api/v1/records"] = min(api)
    figures = {name: (seconds, records / seconds) for name, seconds in best.items()}
    figures[f"  ({records} records, {len(data)} bytes, {LEARNERS} learners)"] = (0.0, 0.0)
    return figures


async def merits_out(folder: Path, seeded: Template, key: SigningKey, schema_dir: Path) -> Figures:
    overrides = {"logging": {"level": "ERROR", "format": "text"}}
    async with running_node(folder / "feed", seeded, key, schema_dir, overrides) as node:
        services = node.app[appkeys.SERVICES]
        signed = (await export_elmo(services, KARIN)).signed_xml
        await _fill_feed(services.db, signed)
        token = await _token(node, "merits:read")
        figures = {}
        for page in (100, 1000):
            seconds, size = await _read_feed(node, token, page)
            figures[f"GET /api/v1/merits, pages of {page}"] = (seconds, FEED_ENTRIES / seconds)
        figures[f"  ({FEED_ENTRIES} entries of {size // FEED_ENTRIES // 1024} KB each)"] = (0, 0)
    return figures


async def _fill_feed(db: Database, signed: bytes) -> None:
    now = datetime.now(UTC)
    merit = Merit(
        learner_id=1,
        source=MeritSource(SourceKind.EMREX, "BENCH-EMP", "NO", "https://emp.example.org/emrex"),
        verification=Verification(
            now,
            "elmo-xmldsig",
            "CN=Bench EMP",
            "CN=Bench CA",
            "0" * 64,
            {"signature": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"},
            StatusCheck("emrex-registry", "listed", now),
        ),
        results=flat_results(parse_elmo_bytes(signed, max_bytes=len(signed))),
        document=signed,
    )
    async with db.session(write=True) as session, session.begin():
        repo = ApiRepository(session)
        for _ in range(FEED_ENTRIES):
            await repo.append_merit(merit)


async def _read_feed(node: Node, token: str, page: int) -> tuple[float, int]:
    """Seconds to read the whole feed, parsing each page as a client does; bytes read."""
    headers = {"Authorization": f"Bearer {token}"}
    seen, size, cursor = 0, 0, None
    async with aiohttp.ClientSession() as http:
        began = time.perf_counter()
        while True:
            query = f"limit={page}" + (f"&after={cursor}" if cursor else "")
            async with http.get(node.path(f"/api/v1/merits?{query}"), headers=headers) as answer:
                data = await answer.read()
            size += len(data)
            body = json.loads(data)
            if not body["entries"]:
                break
            seen += len(body["entries"])
            cursor = body["next_cursor"]
        elapsed = time.perf_counter() - began
    assert seen == FEED_ENTRIES
    return elapsed, size
