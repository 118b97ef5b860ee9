"""EMREX load on loopback (`make load`): N learners at once against 1, then 2 gateway workers.

A fresh deployment (keys, database: migrated, demo dataset ``se`` plus synthetic learners
imported through the import path) is served by `gateway serve --workers W` for each W in
``--workers``. ``--learners`` simulated learners (aiohttp clients, each with its own cookie
jar) run whole EMREX transfers without pause — entry POST /emrex, dev login, select, consent,
the signed answer page (see ``load_client``) — for ``--warmup`` + ``--duration`` seconds; what
ends inside the measured window counts. Prints flows/s, p50/p95/p99 per step, errors, where
the machine's CPU went (load generator, gateway, the rest: database, other work), and the
flows/s ratio of the last worker count to the first.

The load generator shares the machine with the server. ``--client-cpus`` / ``--server-cpus``
pin them (taskset lists such as ``1`` or ``0-1``); ``--pin-workers`` gives W workers cores
0..W-1 (one core per worker: a single worker cannot then also use a second core for its
signing thread). By default nothing is pinned; every run reports where the CPU went (load
generator, gateway, database, the rest) so each figure can be read against what it cost.

``--postgres URL`` (a server's maintenance database, as ``scripts/with-postgres.sh`` exports)
runs the gateway on PostgreSQL, each run on its own database copied from a template;
without it, SQLite files. Only loopback addresses are used; every run is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load_client import STEPS, Results, percentile, run_learners  # noqa: E402

from gateway.core.demo import demo_document  # noqa: E402
from gateway.core.keys import (  # noqa: E402
    issue_certificate,
    make_ca,
    new_ec_key,
    new_rsa_key,
    write_key_pair,
)
from gateway.flows.import_records import import_data  # noqa: E402
from gateway.flows.seed import seed_demo  # noqa: E402
from gateway.storage.database import Database, create_engine, upgrade_database  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def synthetic_learners(count: int) -> tuple[bytes, list[str]]:
    """An import file of ``count`` learners, each with the results of a demo learner who has
    passed ones (cycling through them), and their national ids."""
    demo = demo_document("se")
    by_learner: dict[str, list[dict[str, Any]]] = {}
    for result in demo["results"]:
        by_learner.setdefault(result["learner"], []).append(result)
    models = [
        (learner, by_learner[learner["national_id"]])
        for learner in demo["learners"]
        if any(r["status"] == "passed" for r in by_learner.get(learner["national_id"], []))
    ]
    learners, results, ids = [], [], []
    for n in range(count):
        model, model_results = models[n % len(models)]
        national_id = f"1970{1 + n // 28 % 12:02d}{1 + n % 28:02d}-{9000 + n // 336:04d}"
        learner = {**copy.deepcopy(model), "national_id": national_id}
        learner.pop("esi", None)
        learner["family_name"] = f"{model['family_name']} {n}"
        learner["birth_date"] = f"1970-{1 + n // 28 % 12:02d}-{1 + n % 28:02d}"
        learners.append(learner)
        results += [{**r, "learner": national_id} for r in model_results]
        ids.append(national_id)
    document = {"format": "emrex-gateway/records", "version": 1, "learners": learners}
    document["results"] = results
    return json.dumps(document).encode(), ids


class Store:
    """Where the runs' databases live: SQLite files, or databases of a PostgreSQL server."""

    def __init__(self, home: Path, postgres: str | None) -> None:
        self.home, self.postgres, self.made = home, postgres, 0

    def url(self, name: str) -> str:
        if self.postgres is None:
            return f"sqlite+aiosqlite:///{self.home / name}.sqlite3"
        base, _, _ = self.postgres.rpartition("/")
        return f"{base}/{name}"

    async def admin(self, *statements: str) -> None:
        assert self.postgres is not None
        engine = create_engine(self.postgres)
        try:
            async with engine.connect() as connection:
                autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
                for statement in statements:
                    await autocommit.exec_driver_sql(statement)
        finally:
            await engine.dispose()

    async def template(self, learners: int) -> tuple[str, list[str]]:
        """Migrated, demo data, synthetic learners; the template's name and learner ids."""
        name = f"load_{os.getpid()}_template"
        if self.postgres is not None:
            await self.admin(f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
        url = self.url(name)
        await asyncio.to_thread(upgrade_database, url)
        data, ids = synthetic_learners(learners)
        db = Database.open(url)
        try:
            await seed_demo(db, "se")
            await import_data(db, data, name="synthetic.json", fmt="json")
        finally:
            await db.dispose()
        return name, ids

    async def copy(self, template: str) -> str:
        self.made += 1
        name = f"load_{os.getpid()}_{self.made}"
        if self.postgres is None:
            shutil.copyfile(self.home / f"{template}.sqlite3", self.home / f"{name}.sqlite3")
        else:
            create = f"CREATE DATABASE {name} TEMPLATE {template}"
            await self.admin(f"DROP DATABASE IF EXISTS {name}", create)
        return self.url(name)

    async def drop_all(self) -> None:
        if self.postgres is not None:
            names = [f"load_{os.getpid()}_{n}" for n in ("template", *range(1, self.made + 1))]
            await self.admin(*(f"DROP DATABASE IF EXISTS {n} WITH (FORCE)" for n in names))


def write_config(home: Path, database_url: str, port: int, schema_dir: Path) -> Path:
    certs = home / "certs"
    if not certs.exists():
        ca = make_ca("Load CA", "emrex-gateway load", "SE")
        write_key_pair(issue_certificate(ca, new_rsa_key(), "Load EMP", "load", "SE"),
                       certs / "elmo.crt", certs / "elmo.key")  # fmt: skip
        write_key_pair(issue_certificate(ca, new_ec_key(), "Load wallet", "load", "SE"),
                       certs / "wallet.crt", certs / "wallet.key")  # fmt: skip
    config = home / "gateway.toml"
    config.write_text(
        f"""[gateway]
environment = "test"
[server]
host = "127.0.0.1"
port = {port}
public_url = "http://127.0.0.1:{port}"
[database]
url = "{database_url}"
[signing]
cert = "{certs}/elmo.crt"
key = "{certs}/elmo.key"
[wallet]
signing_cert = "{certs}/wallet.crt"
signing_key = "{certs}/wallet.key"
[schemas]
dir = "{schema_dir}"
[registry]
source = "{home}/registry.json"
[auth]
mode = "dev"
[logging]
level = "WARNING"
""",
        encoding="utf-8",
    )
    return config


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """CPU seconds (user + system) of each process still there, with its reaped children's
    (a database connection closed meanwhile is in the postmaster's figure)."""
    spent = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        spent[pid] = sum(int(f) for f in fields[11:15]) / TICKS  # utime stime cutime cstime
    return spent


def cpu_between(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU spent between two samples (processes started meanwhile count from zero)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def machine_busy_seconds() -> float:
    """CPU seconds spent not idle, over every core (from /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return sum(values[i] for i in (0, 1, 2, 5, 6)) / TICKS  # user nice system irq softirq


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in found.read_text().split()] if found.exists() else []


def database_processes(url: str | None) -> list[int]:
    """The PostgreSQL server listening on ``url``'s port (postmaster and its children)."""
    if url is None:
        return []
    port = f"-p {url.rpartition(':')[2].partition('/')[0]} "
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        if "postgres" in cmdline and port in cmdline + " " and "-D " in cmdline:
            return [int(proc.name), *children(int(proc.name))]
    return []


async def serve_and_load(
    args: argparse.Namespace, config: Path, port: int, workers: int, ids: list[str], log: Path
) -> tuple[Results, dict[str, float]]:
    command = [sys.executable, "-m", "gateway", "--config", str(config), "serve"]
    command += ["--workers", str(workers)] if workers > 1 else []
    cpus = args.server_cpus or (f"0-{workers - 1}" if args.pin_workers else None)
    if cpus:
        command = ["taskset", "-c", cpus, *command]
    with log.open("ab") as output:
        server = await asyncio.create_subprocess_exec(
            *command, cwd=ROOT, stdout=output, stderr=output
        )
    try:
        base = f"http://127.0.0.1:{port}"
        async with aiohttp.ClientSession() as client:
            for _ in range(600):
                if server.returncode is not None:
                    raise SystemExit(f"gateway serve exited; see {log}")
                try:
                    async with client.get(base + "/healthz") as response:
                        if response.status == 200 and len(children(server.pid)) >= workers - 1:
                            break
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise SystemExit(f"gateway serve did not start; see {log}")
        await asyncio.sleep(1.0)  # every worker up (each answers /healthz on its own)

        def sample() -> tuple[float, dict[int, float], dict[int, float], float, float]:
            gateway = cpu_seconds([server.pid, *children(server.pid)])
            database = cpu_seconds(database_processes(args.postgres))
            busy = machine_busy_seconds()
            return time.process_time(), gateway, database, busy, time.monotonic()

        mark = sample()
        learners = ids[: args.learners]
        results = await run_learners(base, learners, args.warmup, args.duration, args.timeout)
        spent = sample()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(server.wait(), 60)
        except TimeoutError:
            server.kill()
            await server.wait()
    window = spent[4] - mark[4]  # CPU is measured from the start to the last flow's end
    used = {
        "client": spent[0] - mark[0],
        "gateway": cpu_between(mark[1], spent[1]),
        "database": cpu_between(mark[2], spent[2]),
        "busy": spent[3] - mark[3],
    }
    return results, {name: seconds / window for name, seconds in used.items()}


def report(workers: int, results: Results, cpu: dict[str, float], duration: float) -> float:
    rate = results.flows / duration
    errors = sum(results.errors.values())
    print(f"\n{workers} worker(s): {results.flows} flows in {duration:.0f} s = {rate:.1f} flows/s, "
          f"{errors} errors")  # fmt: skip
    other = cpu["busy"] - cpu["client"] - cpu["gateway"] - cpu["database"]
    print(f"  CPU (cores busy of {os.cpu_count()}): load generator {cpu['client']:.2f}, gateway "
          f"{cpu['gateway']:.2f}, database {cpu['database']:.2f}, other {max(0.0, other):.2f}; "
          f"gateway CPU per flow {1000 * cpu['gateway'] / max(rate, 1e-9):.1f} ms")  # fmt: skip
    print(f"  {'step':<8} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for step in STEPS:
        values = results.steps[step]
        cells = [percentile(values, q) * 1000 for q in (0.50, 0.95, 0.99)]
        print(f"  {step:<8} {len(values):>6} " + " ".join(f"{c:>8.1f}" for c in cells))
    for what, count in results.errors.most_common(10):
        print(f"  error x{count}: {what}")
    return rate


def main() -> int:
    args = parse_args()
    schema_dir = Path(args.schemas).resolve()
    if not (schema_dir / "elmo" / "schema.xsd").is_file():
        raise SystemExit(f"{schema_dir} has no schemas: run `make schemas` first")
    if args.client_cpus:
        os.sched_setaffinity(0, set(_cpus(args.client_cpus)))
    (ROOT / "var").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="load-", dir=ROOT / "var") as folder:
        return asyncio.run(run(args, Path(folder), schema_dir))


async def run(args: argparse.Namespace, home: Path, schema_dir: Path) -> int:
    store = Store(home, args.postgres)
    rates = []
    try:
        started = time.monotonic()
        template, ids = await store.template(max(args.learners, args.synthetic))
        backend = "PostgreSQL" if args.postgres else "SQLite"
        print(f"{args.learners} learners at once, {args.warmup:.0f} s warm-up + "
              f"{args.duration:.0f} s measured per run; {backend}; {len(ids)} synthetic "
              f"learners imported in {time.monotonic() - started:.1f} s")  # fmt: skip
        for workers in args.workers:
            port = _free_port()
            config = write_config(home, await store.copy(template), port, schema_dir)
            log = home / f"serve-{workers}.log"
            results, cpu = await serve_and_load(args, config, port, workers, ids, log)
            rates.append(report(workers, results, cpu, args.duration))
            if args.keep_logs:
                shutil.copyfile(log, ROOT / "var" / log.name)
    finally:
        await store.drop_all()
    if len(rates) > 1 and rates[0] > 0:
        print(f"\nflows/s, {args.workers[-1]} workers vs {args.workers[0]}: "
              f"{rates[-1] / rates[0]:.2f}x")  # fmt: skip
    return 0


def _cpus(listing: str) -> list[int]:
    cpus: list[int] = []
    for part in listing.split(","):
        first, _, last = part.partition("-")
        cpus += range(int(first), int(last or first) + 1)
    return cpus


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=100, help="simulated learners at once")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="runs to make")
    parser.add_argument("--duration", type=float, default=20.0, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds before measuring")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds for one request")
    parser.add_argument("--synthetic", type=int, default=100, help="learners to import")
    parser.add_argument("--postgres", help="PostgreSQL maintenance-database URL (else SQLite)")
    parser.add_argument("--client-cpus", help="pin the load generator (taskset list)")
    parser.add_argument("--server-cpus", help="pin the gateway processes (taskset list)")
    parser.add_argument(
        "--pin-workers",
        action="store_true",
        help="W workers on cores 0..W-1: one core per worker, the load generator floats",
    )
    parser.add_argument("--schemas", default=str(ROOT / "var" / "schemas"))
    parser.add_argument("--keep-logs", action="store_true", help="copy server logs to var/")
    args = parser.parse_args(argv)
    if not 1 <= args.learners <= 1000 or not 1 <= args.duration <= 600:
        parser.error("--learners 1..1000 and --duration 1..600 keep the run bounded")
    return args


if __name__ == "__main__":
    sys.exit(main())
