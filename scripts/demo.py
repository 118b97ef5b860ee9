"""`make run`: the development gateway in the foreground and a demo contact point abroad beside it.

    python scripts/demo.py [--config config/gateway.toml] [--peer config/demo-no.toml]

Starts the peer (`gateway --config PEER serve`: NO-GW, the Norwegian demo contact point, with its
output in var/demo-no/gateway.log), waits until it answers, then serves the gateway itself
(`gateway --config CONFIG serve`, its output on this terminal), so that **Fetch results** on the
gateway has a contact point abroad. Ctrl-C (or SIGTERM) stops both; the gateway or the peer
exiting on its own stops the other. Each runs in its own session (the terminal's Ctrl-C reaches
only this script, which stops them in order) and is told by the kernel to stop should this
script die without doing so (PR_SET_PDEATHSIG): nothing is left running. The databases, keys and
registry are prepared beforehand by `make prepare` (certs, db, registry).

Standard library only (scripts/processes.py).
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

import processes

ROOT = Path(__file__).resolve().parent.parent
READY_SECONDS = 60.0
STOP_SECONDS = 15.0
MARK = "=== demo: starting"


class Stop(Exception):
    """SIGINT (Ctrl-C) or SIGTERM: unwind so that the `finally` stops what was started."""


def _on_signal(signum: int, frame: FrameType | None) -> None:
    raise Stop


def _gateway(config: Path) -> list[str]:
    return [sys.executable, "-m", "gateway", "--config", str(config), "serve"]


def _node(config: Path) -> tuple[str, str]:
    """A node's acronym in the registry, and where it answers 200 once it can serve."""
    raw = tomllib.loads(config.read_text(encoding="utf-8"))
    acronym = str(raw.get("emrex", {}).get("acronym", config.stem))
    return acronym, str(raw["server"]["public_url"]).rstrip("/") + "/readyz"


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _stop(name: str, process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    graceful = processes.stop(process.pid, STOP_SECONDS)
    print(
        f"demo: {name} {'stopped' if graceful else 'killed (SIGTERM was not enough)'}", flush=True
    )


def run(config: Path, peer: Path | None, peer_log: Path) -> int:
    """Serve ``config`` (and ``peer`` beside it) until Ctrl-C, SIGTERM or one of them exits."""
    started: list[tuple[str, subprocess.Popen[bytes]]] = []
    try:
        if peer is not None:
            acronym, url = _node(peer)
            name = f"contact point {acronym}"
            process = processes.start(
                _gateway(peer), peer_log, ROOT, mark=MARK, die_with_parent=True
            )
            started.append((name, process))
            processes.wait_ready(name, url, process, peer_log, READY_SECONDS, mark=MARK)
            home = url.removesuffix("/readyz")
            print(f"demo: {name} at {home} (pid {process.pid}, log {_shown(peer_log)})", flush=True)
        main = processes.start(_gateway(config), None, ROOT, die_with_parent=True)
        started.append(("gateway", main))
        print(f"demo: gateway pid {main.pid}; Ctrl-C stops {'both' if peer else 'it'}", flush=True)
        while True:
            for name, process in started:
                if process.poll() is not None:
                    print(f"demo: {name} exited with status {process.returncode}", flush=True)
                    return 1
            time.sleep(0.2)
    except Stop:
        print("demo: stopping", flush=True)
        return 0
    except processes.ProcessError as exc:
        print(f"demo: {exc}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut this short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for name, process in reversed(started):
            _stop(name, process)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--config", type=Path, default=Path("config/gateway.toml"))
    parser.add_argument("--peer", type=Path, help="the demo contact point's configuration")
    parser.add_argument(
        "--peer-log", type=Path, help="its output (default: var/<PEER name>/gateway.log)"
    )
    args = parser.parse_args(argv)
    # Ctrl-C stops both even when the shell started this with SIGINT ignored (a script, CI).
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    peer = ROOT / args.peer if args.peer else None
    peer_log = ROOT / (
        args.peer_log or Path("var") / (peer.stem if peer else "peer") / "gateway.log"
    )
    return run(ROOT / args.config, peer, peer_log)


if __name__ == "__main__":
    sys.exit(main())
