"""`gateway verifier log`: what the OpenID4VP verifier did, with the reason of every refusal."""

from __future__ import annotations

import argparse
import asyncio

from gateway.settings import Settings
from gateway.storage.database import Database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    verifier = sub.add_parser("verifier", help="the wallet presentation verifier: log")
    actions = verifier.add_subparsers(title="verifier commands", metavar="ACTION", required=True)
    log = actions.add_parser(
        "log",
        help="list presentation transactions with outcome and reason code",
        description="One line per transaction, newest first: created, id (prefix), step, "
        "outcome (verified | refused | declined), reason code, vct, issuer, import, flow, "
        "detail.",
    )
    log.add_argument("--limit", type=int, default=50, metavar="N", help="at most N (50)")
    log.set_defaults(command=cmd_log)


def cmd_log(args: argparse.Namespace, settings: Settings) -> int:
    from gateway.flows.verifier.log import describe, transaction_log

    async def run() -> list[str]:
        db = Database.open(settings.database.url)
        try:
            return [describe(tx) for tx in await transaction_log(db, max(1, args.limit))]
        finally:
            await db.dispose()

    lines = asyncio.run(run())
    for line in lines:
        print(line)
    if not lines:
        print("no presentation transactions yet")
    return 0
