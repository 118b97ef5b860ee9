"""`gateway registry | oots`: the EMREX registry and the OOTS requester tool and outbox."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from gateway.errors import GatewayError
from gateway.settings import Settings, load_settings

#: Where a requester receives answers unless told otherwise (the local federation's too).
ANSWERS_PATH = "/oots/answers"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    answers = ask.add_mutually_exclusive_group()
    answers.add_argument(
        "--listen",
        metavar="URL",
        help="our answer endpoint, http://HOST:PORT/PATH (default: [server] public_url"
        f" + {ANSWERS_PATH})",
    )
    answers.add_argument(
        "--inbox",
        type=Path,
        metavar="DIR",
        help="read the answers a running `gateway oots listen --out DIR` keeps (no own port)",
    )
    ask.add_argument("--out", type=Path, metavar="DIR", help="save the answer and attachments")
    ask.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS")
    ask.add_argument("--cafile", type=Path, metavar="PEM", help="CA to trust for the provider")
    ask.set_defaults(command=cmd_oots_request)
    listen = oots_sub.add_parser(
        "listen", help="a requester's answer endpoint: keep every answer delivered to it"
    )
    listen.add_argument(
        "--listen", required=True, metavar="URL", help="the endpoint, http://HOST:PORT/PATH"
    )
    listen.add_argument(
        "--out", required=True, type=Path, metavar="DIR", help="keep each answer in DIR"
    )
    listen.set_defaults(command=cmd_oots_listen)
    outbox = oots_sub.add_parser("outbox", help="answers pending, delivered or failed")
    outbox.add_argument("--state", choices=("pending", "delivered", "failed"))
    outbox.add_argument("--limit", type=int, default=50)
    outbox.add_argument("--json", action="store_true", help="one JSON object per line")
    outbox.add_argument("--retry", metavar="MESSAGE_ID", help="put a failed message back in line")
    outbox.set_defaults(command=cmd_oots_outbox)


def cmd_registry_build(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from gateway.errors import ConfigError
    from gateway.flows.emrex.registry import build_registry, load_emreg_validator
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
    from gateway.flows.oots.requester import RequestOptions, agent, read_person
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
    listen = args.listen
    if listen is None and args.inbox is None:
        # The endpoint the provider's [oots.requesters."<id>"] names for us, by convention.
        listen = settings.server.public_url.rstrip("/") + ANSWERS_PATH
        print(f"answers: listening at {listen}", file=sys.stderr, flush=True)
    return asyncio.run(run_requester(options, listen=listen, inbox=args.inbox, cafile=args.cafile))


def cmd_oots_listen(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.web.requester import run_listener

    run_listener(args.listen, args.out)
    return 0


def cmd_oots_outbox(args: argparse.Namespace, settings: Settings) -> int:
    import json
    from datetime import UTC, datetime

    from gateway.core.oots.exchange import OutboxMessage
    from gateway.flows.oots.outbox import outbox_messages, retry_message
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
    if not found and not args.json:
        state = f" {args.state}" if args.state else ""
        print(f"outbox: no{state} messages", file=sys.stderr)
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
