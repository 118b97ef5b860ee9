"""Processes on loopback for the development scripts (federation.py, demo.py): start one with its
output in a log, wait until it answers, stop it, read the end of its log. Standard library only.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

START_MARK = "=== starting"  # written to a log before each start: log_tail reads the latest
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class ProcessError(Exception):
    """Something the person running the script must read (printed, exit 1)."""


def child_environment() -> dict[str, str]:
    """The shell's environment without GATEWAY_* overrides: each node runs as its file says."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATEWAY_")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def stop_with_parent() -> None:
    """In the child before exec: SIGTERM when the process that started it ends, however it ends
    (even SIGKILL), so that nothing is left running without its supervisor."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start(
    command: Sequence[str],
    log: Path | None,
    cwd: Path,
    *,
    mark: str = START_MARK,
    die_with_parent: bool = False,
) -> subprocess.Popen[bytes]:
    """``command`` in its own session (Ctrl-C in the terminal does not reach it: its starter
    stops it), its output appended to ``log`` after a line with ``mark`` (or, without a log, on
    the starter's terminal)."""
    output = None
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        output = log.open("ab")
        output.write(f"\n{mark} {time.strftime('%Y-%m-%d %H:%M:%S')} ===\n".encode())
        output.flush()
    try:
        return subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT if output is not None else None,
            env=child_environment(),
            start_new_session=True,
            preexec_fn=stop_with_parent if die_with_parent else None,
        )
    finally:
        if output is not None:
            output.close()


def alive(pid: int) -> bool:
    """Running (not a zombie); reaps it when it is our own child that has exited."""
    with contextlib.suppress(ChildProcessError, OSError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return True  # no /proc: trust kill(0)
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def stop(pid: int, seconds: float) -> bool:
    """SIGTERM, and SIGKILL after ``seconds``; True when SIGTERM was enough."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if not alive(pid):
        return True
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    while alive(pid):
        time.sleep(0.05)
    return False


def log_tail(log: Path, lines: int = 40, mark: str = START_MARK) -> str:
    """The last lines the latest start wrote to ``log`` (earlier runs left out)."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    latest = text.rsplit(mark, 1)[-1]
    return "\n".join(latest.splitlines()[-lines:])


def is_ready(url: str, timeout: float = 2.0, cafile: Path | None = None) -> bool:
    """``url`` answers 200 (https checked against ``cafile`` when it exists)."""
    context = ssl.create_default_context(
        cafile=str(cafile) if cafile is not None and cafile.is_file() else None
    )
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=context) as reply:  # noqa: S310
            return bool(reply.status == 200)
    except (OSError, urllib.error.URLError, ssl.SSLError):
        return False


def wait_ready(
    name: str,
    url: str,
    process: subprocess.Popen[bytes],
    log: Path,
    seconds: float,
    *,
    mark: str = START_MARK,
    cafile: Path | None = None,
) -> None:
    """Until ``url`` answers 200; ProcessError with the end of the log when the process exits
    first or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ProcessError(
                f"{name} exited with status {process.returncode} while starting; "
                f"the end of {log}:\n{log_tail(log, mark=mark)}"
            )
        if is_ready(url, cafile=cafile):
            return
        time.sleep(0.2)
    raise ProcessError(
        f"{name} did not answer {url} within {seconds:.0f} s; "
        f"the end of its log:\n{log_tail(log, mark=mark)}"
    )
