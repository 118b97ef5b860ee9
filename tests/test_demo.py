"""`make run` (scripts/demo.py): the gateway and a demo contact point beside it, both stopped by
Ctrl-C, by SIGTERM, or by the kernel when the script itself is killed: no process is left."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp.test_utils import unused_port

from gateway.core.keys import SigningKey, issue_certificate, make_ca, new_rsa_key
from tests.conftest import ROOT
from tests.storage.helpers import Template
from tests.web.nodes import default_wallet_key
from tests.web.processes import Deployment, write_deployment

DEMO = ROOT / "scripts" / "demo.py"
GATEWAY = [sys.executable, "-m", "gateway"]
WAIT_S = 90.0


@dataclass(frozen=True)
class Pair:
    gateway: Deployment
    peer: Deployment
    peer_log: Path


def _deployment(
    home: Path, database: Template, key: SigningKey, schema_dir: Path, acronym: str
) -> Deployment:
    port = unused_port()
    extra = f'[emrex]\nacronym = "{acronym}"\n'
    return write_deployment(
        home, database.clone(home), key, default_wallet_key(), schema_dir, port, extra
    )


@pytest.fixture
def pair(
    tmp_path: Path,
    seeded_template: Template,
    seeded_no_template: Template,
    signing_key: SigningKey,
    schema_dir: Path,
) -> Pair:
    """Two development deployments on free ports and a registry listing both (as `make
    prepare` leaves config/gateway.toml and config/demo-no.toml)."""
    ca = make_ca("Demo peer CA", "emrex-gateway tests", "NO")
    peer_key = issue_certificate(ca, new_rsa_key(), "NO-T", "emrex-gateway tests", "NO")
    gateway = _deployment(tmp_path / "se", seeded_template, signing_key, schema_dir, "SE-T")
    peer = _deployment(tmp_path / "no", seeded_no_template, peer_key, schema_dir, "NO-T")
    registry = gateway.home / "registry.json"
    nodes = [str(gateway.config), str(peer.config)]
    built = subprocess.run(
        [*GATEWAY, "--config", nodes[0], "registry", "build", *nodes, "--out", str(registry)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    shutil.copyfile(registry, peer.home / "registry.json")
    return Pair(gateway, peer, tmp_path / "no" / "gateway.log")


def _serving(config: Path) -> list[int]:
    """Pids of the `gateway … serve` processes started with ``config``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[-1].split()[0]
        except OSError:
            continue
        if str(config).encode() in argv and b"serve" in argv and state != "Z":
            found.append(int(entry.name))
    return found


def _until(condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"waited {WAIT_S:.0f} s for {what}")


def _command(pair: Pair) -> list[str]:
    gateway, peer = str(pair.gateway.config), str(pair.peer.config)
    return [
        sys.executable,
        str(DEMO),
        "--config",
        gateway,
        "--peer",
        peer,
        "--peer-log",
        str(pair.peer_log),
    ]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:  # noqa: S310 (loopback http)
            return bool(reply.status == 200)
    except OSError:
        return False


@contextmanager
def demo(pair: Pair, output: Path) -> Iterator[subprocess.Popen[bytes]]:
    """scripts/demo.py in a process group of its own (as a terminal's foreground job), until both
    gateways serve; whatever happens, nothing of it survives the test."""
    with output.open("wb") as out:
        process = subprocess.Popen(
            _command(pair),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        _until(
            lambda: process.poll() is not None or _answers(pair.gateway.public_url + "/healthz"),
            "both gateways to start",
        )
        assert process.poll() is None, output.read_text()
        yield process
    finally:
        for pid in [process.pid, *_serving(pair.gateway.config), *_serving(pair.peer.config)]:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait()


def test_ctrl_c_stops_the_gateway_and_the_peer(pair: Pair, tmp_path: Path) -> None:
    output = tmp_path / "demo.out"
    with demo(pair, output) as process:
        gateway, peer = _serving(pair.gateway.config), _serving(pair.peer.config)
        assert len(gateway) == 1
        assert len(peer) == 1
        os.killpg(process.pid, signal.SIGINT)  # what the terminal sends its foreground job
        assert process.wait(timeout=WAIT_S) == 0, output.read_text()
        assert _serving(pair.gateway.config) == []
        assert _serving(pair.peer.config) == []
    text = output.read_text()
    assert "contact point NO-T at http://127.0.0.1:" in text
    assert "demo: gateway stopped" in text
    assert "demo: contact point NO-T stopped" in text
    assert "emrex-gateway serving on" in text, text  # the gateway's own output is on the terminal
    assert "gateway started" in pair.peer_log.read_text()  # the peer's goes to its log


def test_sigterm_stops_both_too(pair: Pair, tmp_path: Path) -> None:
    with demo(pair, tmp_path / "demo.out") as process:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=WAIT_S) == 0
        assert _serving(pair.gateway.config) + _serving(pair.peer.config) == []


def test_a_killed_script_leaves_no_gateway_behind(pair: Pair, tmp_path: Path) -> None:
    with demo(pair, tmp_path / "demo.out") as process:
        process.kill()  # no chance to clean up: the kernel tells the gateways (PR_SET_PDEATHSIG)
        process.wait()
        _until(
            lambda: not _serving(pair.gateway.config) and not _serving(pair.peer.config),
            "the orphaned gateways to stop",
        )


def test_a_peer_that_cannot_start_stops_the_run(pair: Pair, tmp_path: Path) -> None:
    pair.peer.config.write_text(
        pair.peer.config.read_text(encoding="utf-8") + "\n[nonsense]\nkey = 1\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        _command(pair),
        capture_output=True,
        text=True,
        timeout=WAIT_S,
        check=False,
    )
    assert done.returncode == 1
    assert "exited with status" in done.stderr
    assert "nonsense" in done.stderr  # the end of its log says why
    assert _serving(pair.gateway.config) + _serving(pair.peer.config) == []
