"""`gateway serve | db | seed | import | certs | schemas`: running and filling a gateway."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from gateway.errors import ConfigError, GatewayError
from gateway.settings import Settings


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="server processes sharing the port (default 1; see README, several workers)",
    )
    serve.set_defaults(command=cmd_serve)

    db = sub.add_parser("db", help="database administration")
    db_sub = db.add_subparsers(title="db commands", metavar="ACTION", required=True)
    db_sub.add_parser("upgrade", help="apply all migrations").set_defaults(command=cmd_db_upgrade)
    db_sub.add_parser(
        "purge", help="forget what finished exchanges kept, after [retention] days"
    ).set_defaults(command=cmd_db_purge)

    seed = sub.add_parser("seed", help="load demo data")
    seed.add_argument("--demo", action="store_true", required=True, help="load the demo dataset")
    seed.add_argument("--dataset", default="se", choices=("se", "no"), help="which demo country")
    seed.set_defaults(command=cmd_seed)

    imp = sub.add_parser("import", help="import results from JSON or CSV export files")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.set_defaults(command=cmd_import)

    certs = sub.add_parser("certs", help="generate the development CA and signing certificates")
    certs.add_argument("--force", action="store_true", help="replace existing keys")
    certs.set_defaults(command=cmd_certs)

    schemas = sub.add_parser("schemas", help="fill the schema directory with official artefacts")
    schemas.add_argument("--source", type=Path, help="local spec folder to copy from")
    schemas.add_argument("--mirror", help="base URL standing in for raw.githubusercontent.com")
    schemas.set_defaults(command=cmd_schemas)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.web.app import serve

    if args.workers < 1:
        raise ConfigError("--workers must be at least 1")
    workers = f" with {args.workers} workers" if args.workers > 1 else ""
    print(f"emrex-gateway serving on {settings.server.public_url}{workers}", flush=True)
    if args.workers == 1:
        serve(settings)
        return 0
    from gateway.web.workers import serve_workers

    return serve_workers(settings, args.workers, serve)


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.storage.database import current_revision, upgrade_database

    upgrade_database(settings.database.url)
    print(f"database at revision {current_revision(settings.database.url)}")
    return 0


def cmd_db_purge(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio
    from datetime import UTC, datetime

    from gateway.flows.retention import purge_expired
    from gateway.storage.database import Database

    days = settings.retention.days

    async def run() -> str:
        db = Database.open(settings.database.url)
        try:
            purged = await purge_expired(db, days=days, now=datetime.now(UTC))
        finally:
            await db.dispose()
        return (
            f"purged what ended more than {days} day(s) ago: {purged.oots_exchanges} OOTS "
            f"exchange(s), {purged.client_sessions} EMREX client fetch(es), "
            f"{purged.wallet_offers} wallet offer(s)"
        )

    print(asyncio.run(run()))
    return 0


def cmd_seed(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.seed import seed_demo
    from gateway.storage.database import Database

    async def run() -> str:
        db = Database.open(settings.database.url)
        try:
            return (await seed_demo(db, args.dataset)).describe()
        finally:
            await db.dispose()

    print(asyncio.run(run()))
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.import_records import import_file
    from gateway.storage.database import Database

    async def run() -> int:
        failed = 0
        db = Database.open(settings.database.url)
        try:
            for path in args.files:
                try:
                    summary = await import_file(db, path)
                except GatewayError as exc:
                    failed += 1
                    print(f"gateway: {exc.message} (nothing from this file was imported)")
                    continue
                print(f"{path}: {summary.describe()}")
        finally:
            await db.dispose()
        return 1 if failed else 0

    return asyncio.run(run())


def cmd_certs(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.certs import ensure_dev_certificates

    print(ensure_dev_certificates(settings, force=args.force).summary())
    return 0


def cmd_schemas(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.schema_dir import fill_schema_dir

    report = fill_schema_dir(settings.schemas.dir, source=args.source, mirror=args.mirror)
    print(f"{settings.schemas.dir}: {report.summary()}")
    return 0
