"""`gateway check-config [FILE]`: validate a deployment configuration, one line per check."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from gateway import __version__
from gateway.flows.ops import Check, check_deployment
from gateway.settings import config_path
from gateway.web.transport import standalone_transport


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = sub.add_parser(
        "check-config",
        help="validate a deployment configuration (files, keys, schemas, database, registry)",
        description=(
            "Load FILE as `gateway serve` would and check everything it needs: the keys and "
            "certificates load and match, the schema directory is complete, the database is "
            "reachable and migrated, the registry source is readable and valid, production "
            "rules (https, no development login), OOTS requester endpoints, metrics access. "
            "Exit 1 when any check fails. GATEWAY_* overrides in the environment apply, as for "
            "serve."
        ),
    )
    check.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        nargs="?",
        help="the configuration to check (default: --config, $GATEWAY_CONFIG, config/gateway.toml)",
    )
    check.set_defaults(standalone=cmd_check_config)


def cmd_check_config(args: argparse.Namespace) -> int:
    if args.file and args.config and os.path.realpath(args.file) != os.path.realpath(args.config):
        print(
            f"gateway: check-config FILE and --config name different files: {args.file}, "
            f"{args.config}",
            file=sys.stderr,
        )
        return 2
    path = args.file or config_path(args.config)
    checks = asyncio.run(_run(path))
    for check in checks:
        print(format_check(check))
    failed = sum(1 for c in checks if not c.ok)
    print(f"{path}: {'FAIL, ' + str(failed) + ' problem(s)' if failed else 'ok'}")
    return 1 if failed else 0


def format_check(check: Check) -> str:
    return f"{'ok  ' if check.ok else 'FAIL'} {check.name:<14} {check.detail}".rstrip()


async def _run(path: Path) -> list[Check]:
    async with standalone_transport(f"emrex-gateway/{__version__} check-config") as transport:
        return await check_deployment(path, transport)
