"""`--config FILE` before or after any command, with the same meaning; two different files are
an error. The parser for every command form, real processes for serve, export and check-config."""

from __future__ import annotations

import argparse
import asyncio
import signal
import subprocess
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import unused_port

from gateway.cli import build_parser, chosen_config, main
from gateway.core.keys import SigningKey
from tests.test_cli import GATEWAY, KARIN, config  # noqa: F401 (the deployment fixture)
from tests.web.nodes import default_wallet_key
from tests.web.processes import wait_until_up, write_deployment

# Every command with the arguments it cannot do without (a command added to the CLI without a
# row here fails test_every_command_is_listed).
COMMANDS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("serve",): ("--workers", "2"),
    ("db", "upgrade"): (),
    ("db", "purge"): (),
    ("seed",): ("--demo", "--dataset", "no"),
    ("import",): ("a.json", "b.csv"),
    ("certs",): ("--force",),
    ("schemas",): ("--source", "spec"),
    ("elmo", "export"): ("--learner", KARIN, "--packed"),
    ("elmo", "verify"): ("karin.xml", "--schema"),
    ("elm", "convert"): ("karin.xml", "--report", "left.json"),
    ("elm", "check"): ("karin.xml",),
    ("elm", "to-elmo"): ("credential.json",),
    ("wallet", "offer"): ("--learner", KARIN, "--select", "1", "2"),
    ("wallet", "status"): ("--revoke", "3", "--reason", "lost phone"),
    ("badge", "issue"): ("--learner", KARIN, "--course", "1DL301", "--out", "badges"),
    ("registry", "build"): ("se.toml", "no.toml", "--out", "registry.json"),
    ("oots", "request"): (
        "--to",
        "https://127.0.0.1:1/oots/query",
        "--requester",
        "urn:x:1",
        "--person",
        "Andersson,Karin,1990-03-15",
        "--evidence-type",
        "urn:type",
    ),
    ("oots", "listen"): ("--listen", "http://127.0.0.1:1/oots/answers", "--out", "inbox"),
    ("oots", "outbox"): ("--state", "failed"),
    ("check-config",): (),
    ("api-client", "add"): ("sis", "--scope", "records:write", "--scope", "merits:read"),
    ("api-client", "list"): (),
    ("api-client", "revoke"): ("sis",),
    ("verifier", "log"): ("--limit", "5"),
}


def _commands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> set[tuple[str, ...]]:
    """The runnable command forms of ``parser`` (its subparsers' leaves)."""
    found: set[tuple[str, ...]] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found |= _commands(sub, (*prefix, name)) or {(*prefix, name)}
    return found


def _parsed(argv: list[str]) -> tuple[str | None, dict[str, object]]:
    """The configuration chosen and what else the command line says (config options left out)."""
    args = build_parser().parse_args(argv)
    others = {k: v for k, v in vars(args).items() if not k.startswith("config")}
    return chosen_config(args), others


def test_every_command_is_listed() -> None:
    assert _commands(build_parser()) == set(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS), ids=" ".join)
def test_config_after_the_command_means_what_it_means_before(command: tuple[str, ...]) -> None:
    rest = list(COMMANDS[command])
    before = _parsed(["--config", "se.toml", *command, *rest])
    assert before[0] == "se.toml"
    assert _parsed([*command, "--config", "se.toml", *rest]) == before
    assert _parsed([*command, *rest, "--config", "se.toml"]) == before
    if len(command) == 2:  # between the area and its action: `gateway elmo --config F export`
        assert _parsed([command[0], "--config", "se.toml", command[1], *rest]) == before
    # the same file twice (however it is spelled) is that file
    assert _parsed(["--config", "se.toml", *command, "--config", "./se.toml", *rest])[0] in (
        "se.toml",
        "./se.toml",
    )
    assert _parsed([*command, *rest])[0] is None  # none given: $GATEWAY_CONFIG, then the default


@pytest.mark.parametrize("command", sorted(COMMANDS), ids=" ".join)
def test_two_different_configs_are_an_error(
    command: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--config", "se.toml", *command, *COMMANDS[command], "--config", "no.toml"])
    assert stopped.value.code == 2
    assert "--config given twice with different files: se.toml, no.toml" in capsys.readouterr().err


def _gateway(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*GATEWAY, *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_export_and_verify_with_config_after_the_command(
    config: Path,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
) -> None:
    out = tmp_path / "karin.xml"
    exported = _gateway(
        "elmo", "export", "--config", str(config), "--learner", KARIN, "--out", str(out)
    )
    assert exported.returncode == 0, exported.stderr
    after = _gateway("elmo", "verify", str(out), "--config", str(config), "--schema")
    before = _gateway("--config", str(config), "elmo", "verify", str(out), "--schema")
    assert after.returncode == 0, after.stdout + after.stderr
    assert after.stdout.startswith("valid: Karin Andersson (1990-03-15)")
    assert after.stdout == before.stdout


def test_check_config_takes_the_file_or_config(
    config: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    positional = _gateway("check-config", str(config))
    for option in (
        ["check-config", "--config", str(config)],
        ["--config", str(config), "check-config"],
    ):
        done = _gateway(*option)
        assert done.returncode == positional.returncode
        assert done.stdout.splitlines()[-1] == positional.stdout.splitlines()[-1]
        assert done.stdout.splitlines()[-1].startswith(f"{config}: ")
    other = tmp_path / "other.toml"
    other.write_text(config.read_text(encoding="utf-8"), encoding="utf-8")
    refused = _gateway("check-config", str(config), "--config", str(other))
    assert refused.returncode == 2
    assert f"different files: {config}, {other}" in refused.stderr


async def test_serve_with_config_after_the_command(
    tmp_path: Path, signing_key: SigningKey, schema_dir: Path
) -> None:
    """`gateway serve --config FILE` serves what FILE says (its port), as `--config FILE serve`."""
    port = unused_port()
    database = f"sqlite+aiosqlite:///{tmp_path / 'gw.sqlite3'}"
    deployment = write_deployment(
        tmp_path, database, signing_key, default_wallet_key(), schema_dir, port
    )
    upgraded = _gateway("db", "upgrade", "--config", str(deployment.config))
    assert upgraded.returncode == 0, upgraded.stderr
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            *GATEWAY, "serve", "--config", str(deployment.config), stdout=output, stderr=output
        )
    try:
        await wait_until_up(f"http://127.0.0.1:{port}/healthz", process, log)
        async with (
            aiohttp.ClientSession() as client,
            client.get(f"http://127.0.0.1:{port}/registry/entry.json") as entry,
        ):
            assert entry.status == 200
            assert (await entry.json())["url"] == f"http://127.0.0.1:{port}/emrex"
    finally:
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 30) == 0, log.read_text()
    assert f"serving on http://127.0.0.1:{port}" in log.read_text()
