"""The `gateway` command line: global options, error reporting, and each area's subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from gateway.cli import api, documents, exchange, ops, records
from gateway.errors import GatewayError
from gateway.logs import configure_logging
from gateway.settings import Settings, load_settings

Command = Callable[[argparse.Namespace, Settings], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if hasattr(args, "standalone"):  # a command that reads its own configuration file
        return int(args.standalone(args))
    if not hasattr(args, "command"):
        parser.print_help()
        return 2
    try:
        settings = load_settings(args.config)
        settings.metrics.export()
        configure_logging(settings.logging.level, settings.logging.format)
        code: int = args.command(args, settings)
        return code
    except GatewayError as exc:
        print(f"gateway: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`gateway elm convert … | head`): stop quietly, as Unix tools do.
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gateway", description="EMREX contact point, EMREX client and wallet bridge."
    )
    parser.add_argument(
        "--config", metavar="FILE", help="configuration file (default: $GATEWAY_CONFIG)"
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for area in (records, documents, exchange, ops, api):
        area.register(sub)
    return parser


if __name__ == "__main__":
    sys.exit(main())
