"""`gateway api-client add | list | revoke`: the clients of the integration API (issue #16)."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from gateway.core.api.clients import ApiClient, Scope
from gateway.errors import ConfigError
from gateway.settings import Settings
from gateway.storage.database import Database

T = TypeVar("T")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    client = sub.add_parser(
        "api-client", help="clients of the integration API (/api/v1): add, list, revoke"
    )
    actions = client.add_subparsers(title="api-client commands", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="create a client and print its secret (once)",
        description="Create a client of /api/v1 and print its bearer secret. The secret is "
        "shown only now; the gateway keeps its SHA-256 alone.",
    )
    add.add_argument("name", metavar="NAME", help="lower-case letters, digits, '.', '_', '-'")
    add.add_argument(
        "--scope",
        action="append",
        default=[],
        metavar="SCOPE",
        help=f"what it may do, repeatable: {', '.join(s.value for s in Scope)}",
    )
    add.add_argument(
        "--tls-cert",
        type=Path,
        metavar="PEM",
        help="also accept this TLS client certificate for it (needs [api] tls_client_ca)",
    )
    add.set_defaults(command=cmd_add)
    actions.add_parser("list", help="list the clients").set_defaults(command=cmd_list)
    revoke = actions.add_parser("revoke", help="revoke a client: its secret stops working")
    revoke.add_argument("name", metavar="NAME")
    revoke.set_defaults(command=cmd_revoke)


def _run(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    async def run() -> T:
        db = Database.open(settings.database.url)
        try:
            return await work(db)
        finally:
            await db.dispose()

    return asyncio.run(run())


def _describe(client: ApiClient) -> str:
    scopes = " ".join(sorted(s.value for s in client.scopes))
    state = f"revoked {client.revoked_at:%Y-%m-%d %H:%M}" if client.revoked_at else "active"
    certificate = (
        f" tls-cert sha256:{client.certificate_sha256}" if client.certificate_sha256 else ""
    )
    return f"{client.name}\t{state}\t{scopes}\tcreated {client.created_at:%Y-%m-%d}{certificate}"


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.api.clients import add_client

    pem = None
    if args.tls_cert is not None:
        try:
            pem = args.tls_cert.read_bytes()
        except OSError as exc:
            raise ConfigError(f"--tls-cert {args.tls_cert}: {exc.strerror}") from None
    now = datetime.now(UTC)
    added = _run(
        settings, lambda db: add_client(db, args.name, args.scope, now, certificate_pem=pem)
    )
    print(f"client {added.client.name} added: {' '.join(sorted(args.scope))}")
    print(f"secret: {added.token}")
    print("Keep the secret now: it is not shown again (the gateway stores only its hash).")
    return 0


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.api.clients import list_clients

    clients = _run(settings, list_clients)
    for client in clients:
        print(_describe(client))
    if not clients:
        print("no API clients (add one with `gateway api-client add NAME --scope …`)")
    return 0


def cmd_revoke(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.api.clients import revoke_client

    now = datetime.now(UTC)
    revoked = _run(settings, lambda db: revoke_client(db, args.name, now))
    print(f"client {revoked.name} revoked: its secret and certificate no longer work")
    return 0
