"""A local EMREX/wallet/OOTS federation on loopback: start, stop, show and test it.

    python scripts/federation.py up [NAME ...]    prepare what is missing, start what is not running
    python scripts/federation.py down [NAME ...]  stop what `up` started (by pid file); safe twice
    python scripts/federation.py status [--json]  name, pid, alive, ready, URL, log
    python scripts/federation.py test [PYTEST ARGS]  clean, up, run tests/federation, always down
    python scripts/federation.py clean            down, then remove var/federation

Every service is its own process (see SERVICES), started from the repository root in its own
session, with its log in var/federation/logs/NAME.log and its pid in var/federation/run/NAME.pid.
`up` waits until each answers its readiness URL and, when one dies or does not get ready in time,
prints the tail of its log, stops whatever this run started and exits 1. What runs where is also
written to var/federation/federation.json (read by tests/federation).

Standard library only (with scripts/processes.py, shared with `make run`'s scripts/demo.py);
run it with the project's venv Python (the Makefile does).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

import processes
from processes import ProcessError as FederationError

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "federation"
RUN = VAR / "run"
LOGS = VAR / "logs"
CONFIGS = ROOT / "config" / "federation"
SCHEMAS = ROOT / "var" / "schemas"
STATE = VAR / "federation.json"
CA_FILE = VAR / "se" / "certs" / "dev-ca.crt"  # se's development CA: the only TLS node
REGISTRY_FILE = VAR / "registry" / "registry.json"
FORGED_ELMO = VAR / "rogue" / "forged.b64"
INBOX = VAR / "requester" / "inbox"
KARIN_SE = "19900315-2389"
READY_SECONDS = 60.0
STOP_SECONDS = 15.0
START_MARK = "=== federation: starting"
GATEWAY = (sys.executable, "-m", "gateway")
HTTP_SERVER = (sys.executable, "-m", "http.server", "--bind", "127.0.0.1")


@dataclass(frozen=True)
class Service:
    name: str
    role: str
    url: str  # what a person opens
    ready_url: str  # answers 200 once the service is up
    command: tuple[str, ...]
    marker: str  # a part of the command line that identifies the process as this service


def _gateway(config: str, *args: str) -> tuple[str, ...]:
    return (*GATEWAY, "--config", f"config/federation/{config}.toml", *args)


SERVICES: tuple[Service, ...] = (
    Service(
        "registry",
        "EMREX registry (EMREG JSON built by `gateway registry build`), served over http",
        "http://127.0.0.1:8460/registry.json",
        "http://127.0.0.1:8460/registry.json",
        (*HTTP_SERVER, "--directory", "var/federation/registry", "8460"),
        "var/federation/registry",
    ),
    Service(
        "requester",
        "OOTS evidence requester (`gateway oots listen`), keeps answers in requester/inbox",
        "http://127.0.0.1:8463/oots/answers",
        "http://127.0.0.1:8463/oots/answers",
        _gateway(
            "requester",
            "oots",
            "listen",
            "--listen",
            "http://127.0.0.1:8463/oots/answers",
            "--out",
            str(INBOX.relative_to(ROOT)),
        ),
        "config/federation/requester.toml",
    ),
    Service(
        "rogue",
        "rogue contact point DK-ROGUE (scripts/rogue_emp.py): answers garbage",
        "http://127.0.0.1:8464/emrex",
        "http://127.0.0.1:8464/",
        (sys.executable, "scripts/rogue_emp.py", "--port", "8464", "--forged", str(FORGED_ELMO)),
        "scripts/rogue_emp.py",
    ),
    Service(
        "se",
        "Swedish data access point SE-GW (uu.se, su.se, umu.se): EMREX contact point and "
        "client, wallet issuer, OOTS provider; TLS",
        "https://127.0.0.1:8461/",
        "https://127.0.0.1:8461/registry/entry.json",
        _gateway("se", "serve"),
        "config/federation/se.toml",
    ),
    Service(
        "no",
        "Norwegian contact point NO-GW (uio.no, ntnu.no): EMREX contact point and client",
        "http://localhost:8462/",
        "http://localhost:8462/registry/entry.json",
        _gateway("no", "serve"),
        "config/federation/no.toml",
    ),
)
BY_NAME = {service.name: service for service in SERVICES}
# The gateway nodes to prepare (database, demo data, certificates): config name → dataset,
# extra records file.
NODES: dict[str, tuple[str | None, str | None]] = {
    "se": ("se", None),
    "no": ("no", "config/federation/no-newcomer.json"),
    "rogue": (None, None),
}


class Interrupted(Exception):
    """SIGTERM: unwind so that `finally` blocks stop what was started."""


# -- processes -------------------------------------------------------------------------------


def _pid_file(name: str) -> Path:
    return RUN / f"{name}.pid"


def _read_pid(name: str) -> int | None:
    try:
        return int(_pid_file(name).read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _alive(pid: int) -> bool:
    return processes.alive(pid)


def _is_ours(service: Service, pid: int) -> bool:
    """The pid still belongs to this service (not a recycled pid of some other program)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return _alive(pid)
    return service.marker in cmdline


def running_pid(service: Service) -> int | None:
    pid = _read_pid(service.name)
    if pid is not None and _alive(pid) and _is_ours(service, pid):
        return pid
    return None


def _start(service: Service) -> subprocess.Popen[bytes]:
    RUN.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{service.name}.log"
    process = processes.start(service.command, log, ROOT, mark=START_MARK)
    _pid_file(service.name).write_text(f"{process.pid}\n", encoding="ascii")
    return process


def _stop(service: Service) -> str:
    pid = running_pid(service)
    _pid_file(service.name).unlink(missing_ok=True)
    if pid is None:
        return f"{service.name}: not running"
    if not processes.stop(pid, STOP_SECONDS):
        return f"{service.name}: killed (pid {pid}; SIGTERM was not enough)"
    return f"{service.name}: stopped (pid {pid})"


def log_tail(name: str, lines: int = 40) -> str:
    """The last lines the latest start of ``name`` wrote (earlier runs left out)."""
    return processes.log_tail(LOGS / f"{name}.log", lines, mark=START_MARK)


# -- readiness -------------------------------------------------------------------------------


def is_ready(url: str, timeout: float = 2.0) -> bool:
    return processes.is_ready(url, timeout, cafile=CA_FILE)


def _port_taken(url: str) -> bool:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _wait_ready(service: Service, process: subprocess.Popen[bytes]) -> None:
    log = LOGS / f"{service.name}.log"
    processes.wait_ready(
        service.name,
        service.ready_url,
        process,
        log,
        READY_SECONDS,
        mark=START_MARK,
        cafile=CA_FILE,
    )


# -- preparation -----------------------------------------------------------------------------


def _run(*command: str) -> str:
    done = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=processes.child_environment(),
        check=False,
    )
    if done.returncode != 0:
        raise FederationError(f"`{' '.join(command)}` failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def _fingerprint(config: str, dataset: str | None, extra: str | None) -> str:
    digest = hashlib.sha256((CONFIGS / f"{config}.toml").read_bytes())
    digest.update(f"|{dataset}|".encode())
    if extra:
        digest.update((ROOT / extra).read_bytes())
    return digest.hexdigest()


def _prepare_node(config: str) -> bool:
    """Migrate, seed, import and make certificates once per configuration (a marker file keeps
    the configuration's fingerprint); True when something was done."""
    dataset, extra = NODES[config]
    marker = VAR / config / ".prepared"
    fingerprint = _fingerprint(config, dataset, extra)
    if marker.is_file() and marker.read_text(encoding="ascii") == fingerprint:
        return False
    (VAR / config).mkdir(parents=True, exist_ok=True)
    print(f"preparing {config}: database, demo data, certificates", flush=True)
    _run(*_gateway(config, "db", "upgrade"))
    if dataset is not None:
        _run(*_gateway(config, "seed", "--demo", "--dataset", dataset))
    if extra is not None:
        _run(*_gateway(config, "import", extra))
    _run(*_gateway(config, "certs"))
    marker.write_text(fingerprint, encoding="ascii")
    return True


def prepare() -> None:
    if not (SCHEMAS / "elmo" / "schema.xsd").is_file():
        raise FederationError(f"{SCHEMAS} is empty: run `make schemas` first")
    changed = [config for config in NODES if _prepare_node(config)]
    if changed or not FORGED_ELMO.is_file():
        _run(*_gateway("se", "elmo", "export", "--learner", KARIN_SE, "--packed", "--out",
                       str(FORGED_ELMO)))  # fmt: skip
    if changed or not REGISTRY_FILE.is_file():
        REGISTRY_FILE.parent.mkdir(parents=True, exist_ok=True)
        configs = [f"config/federation/{name}.toml" for name in NODES]
        _run(*_gateway("se", "registry", "build", *configs, "--out", str(REGISTRY_FILE)))
    INBOX.mkdir(parents=True, exist_ok=True)


# -- commands --------------------------------------------------------------------------------


def _selected(names: Sequence[str]) -> list[Service]:
    unknown = [name for name in names if name not in BY_NAME]
    if unknown:
        raise FederationError(f"unknown service {', '.join(unknown)}; known: {', '.join(BY_NAME)}")
    return [s for s in SERVICES if not names or s.name in names]


def up(names: Sequence[str] = ()) -> None:
    """Start what is not running, in dependency order; on any failure stop what this call
    started and raise."""
    prepare()
    started: list[Service] = []
    try:
        for service in _selected(names):
            if running_pid(service) is not None:
                continue
            if _port_taken(service.ready_url):
                raise FederationError(
                    f"{service.name}: {service.ready_url} is taken by a process that this "
                    "federation did not start; stop it or change the port in "
                    "config/federation/ and scripts/federation.py"
                )
            process = _start(service)
            started.append(service)
            _wait_ready(service, process)
            print(f"{service.name}: ready at {service.url} (pid {process.pid})", flush=True)
    except BaseException:
        for service in reversed(started):
            print(_stop(service), flush=True)
        raise
    write_state()


def down(names: Sequence[str] = ()) -> None:
    for service in reversed(_selected(names)):
        print(_stop(service), flush=True)
    if not names:
        STATE.unlink(missing_ok=True)


def _rows() -> Iterator[dict[str, object]]:
    for service in SERVICES:
        pid = running_pid(service)
        yield {
            "name": service.name,
            "pid": pid,
            "alive": pid is not None,
            "ready": pid is not None and is_ready(service.ready_url, timeout=1.0),
            "url": service.url,
            "ready_url": service.ready_url,
            "log": str((LOGS / f"{service.name}.log").relative_to(ROOT)),
            "role": service.role,
        }


def write_state() -> None:
    """var/federation/federation.json: what runs where, for the tests and for people."""
    state = {
        "root": str(ROOT),
        "ca_file": str(CA_FILE),
        "inbox": str(INBOX),
        "registry_file": str(REGISTRY_FILE),
        "configs": {name: str(CONFIGS / f"{name}.toml") for name in (*NODES, "requester")},
        "services": {row["name"]: row for row in _rows()},
    }
    STATE.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")


def status(as_json: bool) -> None:
    rows = list(_rows())
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'NAME':<10} {'PID':>7}  {'ALIVE':<5}  {'READY':<5}  {'URL':<38}  LOG")
    for row in rows:
        pid = "-" if row["pid"] is None else str(row["pid"])
        alive = "yes" if row["alive"] else "no"
        ready = "yes" if row["ready"] else "no"
        url = str(row["url"])
        print(f"{row['name']!s:<10} {pid:>7}  {alive:<5}  {ready:<5}  {url:<38}  {row['log']}")


def run_tests(pytest_args: Sequence[str]) -> int:
    """A fresh federation (what runs is stopped, var/federation is wiped), the scenarios, and
    down whatever happens (failure, Ctrl-C, SIGTERM): every run starts from the same state."""
    started = time.monotonic()
    try:
        clean()
        up()
        command = [sys.executable, "-m", "pytest", "tests/federation", *pytest_args]
        print("running " + " ".join(command[2:]), flush=True)
        code = subprocess.call(command, cwd=ROOT)
    finally:
        print("stopping the federation", flush=True)
        down()
        print(f"federation-test took {time.monotonic() - started:.0f} s", flush=True)
    return code


def clean() -> None:
    down()
    shutil.rmtree(VAR, ignore_errors=True)
    print(f"removed {VAR.relative_to(ROOT)}")


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Interrupted


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("up", "down"):
        cmd = sub.add_parser(name)
        cmd.add_argument("names", nargs="*", metavar="NAME", help=", ".join(BY_NAME))
    sub.add_parser("status").add_argument("--json", action="store_true")
    sub.add_parser("test").add_argument("pytest_args", nargs=argparse.REMAINDER)
    sub.add_parser("clean")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _on_sigterm)
    os.chdir(ROOT)
    try:
        if args.command == "up":
            up(args.names)
            status(as_json=False)
        elif args.command == "down":
            down(args.names)
        elif args.command == "status":
            status(args.json)
        elif args.command == "test":
            return run_tests(args.pytest_args)
        elif args.command == "clean":
            clean()
    except FederationError as exc:
        print(f"federation: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, Interrupted):
        print("federation: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
