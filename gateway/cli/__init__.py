"""The `gateway` command line: global options, error reporting, and each area's subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from gateway.cli import api, documents, exchange, ops, records, verifier
from gateway.errors import GatewayError
from gateway.logs import configure_logging
from gateway.settings import Settings, load_settings

Command = Callable[[argparse.Namespace, Settings], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.config = chosen_config(args)
    except ValueError as exc:
        parser.error(str(exc))
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


CONFIG_HELP = "configuration file (default: $GATEWAY_CONFIG, else config/gateway.toml)"
#: Where a ``--config`` written after a command name lands: one attribute per parser, so that
#: none overwrites another and two different files can be refused.
CONFIG_AFTER = "config_after_"


class CommandParser(argparse.ArgumentParser):
    """A command's parser (``gateway serve``, ``gateway elmo``, ``gateway elmo export`` …):
    it takes ``--config FILE`` too, so the option may follow the command with the same meaning
    as before it. Nested ``add_subparsers`` keep this class (argparse uses the parent's)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_argument(
            "--config",
            metavar="FILE",
            dest=f"{CONFIG_AFTER}{id(self)}",
            default=argparse.SUPPRESS,
            help=CONFIG_HELP,
        )


def chosen_config(args: argparse.Namespace) -> str | None:
    """The configuration file given, wherever ``--config`` was written; two different files are
    an error, not a silent pick."""
    given = [args.config] if args.config else []
    given += [value for name, value in vars(args).items() if name.startswith(CONFIG_AFTER)]
    if len({os.path.realpath(path) for path in given}) > 1:
        named = ", ".join(dict.fromkeys(given))
        raise ValueError(f"--config given twice with different files: {named}")
    return given[0] if given else None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gateway", description="EMREX contact point, EMREX client and wallet bridge."
    )
    parser.add_argument("--config", metavar="FILE", help=CONFIG_HELP)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=CommandParser)
    for area in (records, documents, exchange, ops, api, verifier):
        area.register(sub)
    return parser


if __name__ == "__main__":
    sys.exit(main())
