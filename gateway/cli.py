"""The `gateway` command line: argument parsing and wiring of every subcommand to its flow."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from gateway.errors import GatewayError
from gateway.logs import configure_logging
from gateway.settings import Settings, load_settings

Command = Callable[[argparse.Namespace, Settings], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "command"):
        parser.print_help()
        return 2
    try:
        settings = load_settings(args.config)
        configure_logging(settings.logging.level, settings.logging.format)
        code: int = args.command(args, settings)
        return code
    except GatewayError as exc:
        print(f"gateway: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gateway", description="EMREX contact point, EMREX client and wallet bridge."
    )
    parser.add_argument(
        "--config", metavar="FILE", help="configuration file (default: $GATEWAY_CONFIG)"
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.set_defaults(command=cmd_serve)

    db = sub.add_parser("db", help="database administration")
    db_sub = db.add_subparsers(title="db commands", metavar="ACTION", required=True)
    db_sub.add_parser("upgrade", help="apply all migrations").set_defaults(command=cmd_db_upgrade)

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

    elmo = sub.add_parser("elmo", help="export and verify ELMO documents")
    elmo_sub = elmo.add_subparsers(title="elmo commands", metavar="ACTION", required=True)
    export = elmo_sub.add_parser("export", help="export a learner's results as signed ELMO")
    export.add_argument("--learner", required=True, metavar="ID", help="national identifier")
    export.add_argument("--select", type=int, nargs="+", metavar="ID", help="result ids")
    export.add_argument("--packed", action="store_true", help="print base64(gzip(xml))")
    export.add_argument("--out", type=Path, metavar="FILE", help="write to FILE, not stdout")
    export.set_defaults(command=cmd_elmo_export)
    verify = elmo_sub.add_parser("verify", help="verify a signed ELMO document")
    verify.add_argument("file", type=Path, metavar="FILE")
    verify.add_argument("--cert", type=Path, action="append", metavar="PEM", help="trusted cert")
    verify.add_argument("--packed", action="store_true", help="FILE holds base64(gzip(xml))")
    verify.add_argument("--schema", action="store_true", help="also require XSD validity")
    verify.set_defaults(command=cmd_elmo_verify)
    return parser


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.web.app import serve

    print(f"emrex-gateway serving on {settings.server.public_url}", flush=True)
    serve(settings)
    return 0


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.storage.database import current_revision, upgrade_database

    upgrade_database(settings.database.url)
    print(f"database at revision {current_revision(settings.database.url)}")
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


def cmd_elmo_export(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.export_elmo import export_elmo
    from gateway.flows.services import Services

    async def run() -> bytes:
        services = await Services.open(settings)
        try:
            result = await export_elmo(services, args.learner, select=args.select)
        finally:
            await services.close()
        return result.packed().encode("ascii") + b"\n" if args.packed else result.signed_xml

    output = asyncio.run(run())
    if args.out:
        args.out.write_bytes(output)
    else:
        sys.stdout.buffer.write(output)
    return 0


def cmd_elmo_verify(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.verify_elmo import verify_elmo_file

    try:
        print(
            verify_elmo_file(settings, args.file, args.cert, packed=args.packed, schema=args.schema)
        )
    except GatewayError as exc:
        print(f"invalid: {exc.message}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
