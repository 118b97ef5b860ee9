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

    elm = sub.add_parser("elm", help="ELMO → Europass ELM 3.2 credentials and Annex I report")
    elm_sub = elm.add_subparsers(title="elm commands", metavar="ACTION", required=True)
    for name, text, command in (
        ("convert", "print the ELM credential(s) as JSON-LD", cmd_elm_convert),
        ("check", "print the EU micro-credential report as JSON", cmd_elm_check),
    ):
        action = elm_sub.add_parser(name, help=text)
        action.add_argument("file", type=Path, metavar="FILE")
        action.add_argument("--packed", action="store_true", help="FILE holds base64(gzip(xml))")
        if name == "convert":
            action.add_argument("--report", type=Path, metavar="FILE", help="what did not map")
        action.set_defaults(command=command)
    wallet = sub.add_parser("wallet", help="wallet bridge (OpenID4VCI credential offers)")
    wallet_sub = wallet.add_subparsers(title="wallet commands", metavar="ACTION", required=True)
    offer = wallet_sub.add_parser("offer", help="make a credential offer; print URI and tx_code")
    offer.add_argument("--learner", required=True, metavar="ID", help="national identifier")
    source = offer.add_mutually_exclusive_group()
    source.add_argument("--select", type=int, nargs="+", metavar="ID", help="result ids")
    source.add_argument("--import", dest="import_id", type=int, metavar="ID", help="import id")
    offer.set_defaults(command=cmd_wallet_offer)

    registry = sub.add_parser("registry", help="the EMREX registry (EMREG JSON)")
    registry_sub = registry.add_subparsers(
        title="registry commands", metavar="ACTION", required=True
    )
    build = registry_sub.add_parser("build", help="write an EMREG JSON listing a set of gateways")
    build.add_argument("nodes", nargs="+", type=Path, metavar="NODE_CONFIG")
    build.add_argument("--out", type=Path, metavar="FILE", help="write to FILE, not stdout")
    build.set_defaults(command=cmd_registry_build)

    oots = sub.add_parser("oots", help="OOTS evidence exchange: requester tool, delivery outbox")
    oots_sub = oots.add_subparsers(title="oots commands", metavar="ACTION", required=True)
    ask = oots_sub.add_parser(
        "request", help="send an EDM evidence request, wait for the answer, print and save it"
    )
    ask.add_argument("--to", required=True, metavar="URL", help="the provider's /oots/query URL")
    ask.add_argument("--requester", required=True, metavar="ID", help="<schemeID>:<identifier>")
    ask.add_argument("--requester-name", default="emrex-gateway requester tool", metavar="NAME")
    ask.add_argument("--requester-country", metavar="CC", help="default: [gateway] country")
    ask.add_argument("--provider", metavar="ID", help="default: [oots] provider_id")
    ask.add_argument("--provider-name", metavar="NAME", help="default: [oots] provider_name")
    ask.add_argument(
        "--person", required=True, metavar="FILE|ARGS", help="JSON file or Family,Given,YYYY-MM-DD"
    )
    ask.add_argument("--evidence-type", required=True, metavar="IRI")
    ask.add_argument("--preview", action="store_true", help="allow a preview and follow it")
    ask.add_argument("--version", default="oots-edm:v1.2", help="SpecificationIdentifier")
    ask.add_argument("--format", default="application/pdf", help="DistributedAs/Format")
    ask.add_argument(
        "--listen", required=True, metavar="URL", help="our answer endpoint, http://HOST:PORT/PATH"
    )
    ask.add_argument("--out", type=Path, metavar="DIR", help="save the answer and attachments")
    ask.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS")
    ask.add_argument("--cafile", type=Path, metavar="PEM", help="CA to trust for the provider")
    ask.set_defaults(command=cmd_oots_request)
    outbox = oots_sub.add_parser("outbox", help="answers pending, delivered or failed")
    outbox.add_argument("--state", choices=("pending", "delivered", "failed"))
    outbox.add_argument("--limit", type=int, default=50)
    outbox.add_argument("--json", action="store_true", help="one JSON object per line")
    outbox.add_argument("--retry", metavar="MESSAGE_ID", help="put a failed message back in line")
    outbox.set_defaults(command=cmd_oots_outbox)
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


def cmd_elm_convert(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.wallet_cli import elm_convert

    print(elm_convert(settings, args.file, packed=args.packed, report=args.report))
    return 0


def cmd_elm_check(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.wallet_cli import elm_check

    print(elm_check(settings, args.file, packed=args.packed))
    return 0


def cmd_wallet_offer(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.wallet_cli import wallet_offer

    offer = wallet_offer(settings, args.learner, select=args.select, import_id=args.import_id)
    print(asyncio.run(offer))
    return 0


def cmd_registry_build(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from gateway.errors import ConfigError
    from gateway.flows.registry import build_registry, load_emreg_validator
    from gateway.storage.database import current_revision

    # Each node is read as written: this shell's GATEWAY_* overrides are for this process only.
    nodes = [load_settings(path, environ={}) for path in args.nodes]
    for path, node in zip(args.nodes, nodes, strict=True):
        if current_revision(node.database.url) is None:
            raise ConfigError(f"{path}: its database is empty or missing; run `gateway db upgrade`")
    validate = load_emreg_validator(settings.schemas.dir)
    document = asyncio.run(build_registry(nodes, validate))
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"{args.out}: {len(document['emps'])} contact point(s)")
    else:
        sys.stdout.write(text)
    return 0


def cmd_oots_request(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.core.oots.codes import EdmVersion
    from gateway.flows.oots_requester import RequestOptions, agent, read_person
    from gateway.web.requester import run_requester

    version = EdmVersion.parse(args.version)
    if version is None:
        raise GatewayError(f"--version must be one of {', '.join(v.value for v in EdmVersion)}")
    country = args.requester_country or settings.gateway.country
    options = RequestOptions(
        to=args.to,
        requester=agent(args.requester, args.requester_name, country, "ER"),
        provider=agent(
            args.provider or settings.oots.provider_id,
            args.provider_name or settings.oots.provider_name,
            None,
            None,
        ),
        person=read_person(args.person),
        evidence_type=args.evidence_type,
        version=version,
        preview=args.preview,
        fmt=args.format,
        timeout_s=args.timeout,
        out=args.out,
    )
    return asyncio.run(run_requester(options, listen=args.listen, cafile=args.cafile))


def cmd_oots_outbox(args: argparse.Namespace, settings: Settings) -> int:
    import json
    from datetime import UTC, datetime

    from gateway.core.oots.exchange import OutboxMessage
    from gateway.flows.oots_outbox import outbox_messages, retry_message
    from gateway.storage.database import Database

    async def run() -> list[OutboxMessage] | bool:
        db = Database.open(settings.database.url)
        try:
            if args.retry:
                return await retry_message(db, args.retry, datetime.now(UTC))
            return await outbox_messages(db, state=args.state, limit=args.limit)
        finally:
            await db.dispose()

    found = asyncio.run(run())
    if isinstance(found, bool):
        print(f"{args.retry}: {'pending again' if found else 'not a failed message'}")
        return 0 if found else 1
    for m in found:
        when = m.delivered_at or m.next_attempt_at
        row = {
            "message": m.id,
            "state": m.state.value,
            "attempts": m.attempts,
            "answer": m.answer,
            "exchange": m.exchange_id,
            "response_id": m.response_id,
            "endpoint": m.endpoint,
            "bytes": len(m.body),
            "at": when.isoformat(timespec="seconds"),
            "last_status": m.last_status,
            "last_error": m.last_error,
        }
        if args.json:
            print(json.dumps(row))
        else:
            error = f"  ({m.last_error})" if m.last_error and m.state.value != "delivered" else ""
            print(
                f"{m.id}  {m.state.value:<9}  attempts={m.attempts:<2}  {m.answer:<12}  "
                f"{row['at']}  {m.endpoint}{error}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
