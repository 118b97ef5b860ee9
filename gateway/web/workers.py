"""`gateway serve --workers N`: N server processes on one port, sharing nothing but the database.

A pre-fork supervisor, no clustering of our own: the parent binds N listening sockets to the
port with ``SO_REUSEPORT`` (the kernel spreads new connections over them), forks one worker per
socket and then only watches. Each worker is a whole gateway — ``serve`` exactly as a single
process runs it (TLS, logs, its own database pool, registry refresh and OOTS outbox loop) — on
its inherited socket; protocol state lives in the database, so any worker serves any step.

Why not one shared socket, as gunicorn does: an asyncio worker accepts every connection that
is waiting when it wakes up, so a burst of new keep-alive connections can land on one worker
and stay there; ``SO_REUSEPORT`` balances each connection by its address instead. Before
binding, the port is probed without ``SO_REUSEPORT``, so a port already in use (even by another
gateway with the same option) is an error rather than a silent share.

SIGTERM or SIGINT to the parent is passed on once (SIGTERM) to every worker, which finishes its
requests and stops; the parent exits when all have. Workers run in their own process group (a
Ctrl-C reaches the parent only) and get SIGTERM if the parent dies. A worker that dies after
running ``RESTART_AFTER_S`` is replaced on the same socket (connections queued meanwhile wait
there); one that dies sooner means the configuration cannot start: every worker is stopped and
the command fails.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import signal
import socket
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType

from gateway.errors import ConfigError, GatewayError
from gateway.flows.metrics import process_exited
from gateway.settings import Settings

log = logging.getLogger(__name__)
RESTART_AFTER_S = 10.0
BACKLOG = 1024
_PR_SET_PDEATHSIG = 1


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` sockets bound to one address with ``SO_REUSEPORT`` (port 0: a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    if port:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError as exc:
                raise ConfigError(f"[server] cannot listen on {host}:{port}: {exc}") from None
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
            port = sock.getsockname()[1]
            sock.listen(BACKLOG)
            sock.set_inheritable(True)
    except OSError as exc:
        for sock in sockets:
            sock.close()
        raise ConfigError(f"[server] cannot listen on {host}:{port}: {exc}") from None
    return sockets


@dataclass
class Supervisor:
    """The parent process: forks the workers, replaces crashed ones, stops them all."""

    settings: Settings
    sockets: list[socket.socket]
    run_worker: Callable[[Settings, socket.socket], None]
    workers: dict[int, tuple[int, float]] = field(default_factory=dict)  # pid → (slot, start)
    stopping: bool = False
    failed: bool = False

    def run(self) -> int:
        previous = {s: signal.signal(s, self._stop) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            for slot in range(len(self.sockets)):
                self._start(slot)
            log.info("gateway workers started", extra={"workers": len(self.sockets)})
            while self.workers:
                self._reap()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            for sock in self.sockets:
                sock.close()
        return 1 if self.failed else 0

    def _start(self, slot: int) -> None:
        supervisor = os.getpid()
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            code = 1
            try:
                _become_worker(supervisor)
                for index, sock in enumerate(self.sockets):
                    if index != slot:
                        sock.close()
                self.run_worker(self.settings, self.sockets[slot])
                code = 0
            except GatewayError as exc:  # as the command reports it (keys, schemas, TLS …)
                sys.stderr.write(f"gateway: {exc.message}\n")  # one write: workers share it
            except BaseException:  # a worker reports and exits; the supervisor decides
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        self.workers[pid] = (slot, time.monotonic())

    def _reap(self) -> None:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            self.workers.clear()
            return
        if pid not in self.workers:
            return
        slot, started = self.workers.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        _forget_metrics(self.settings, pid)
        if self.stopping:
            self.failed = self.failed or code not in (0, -signal.SIGTERM)
            return
        ran = time.monotonic() - started
        log.warning("gateway worker exited", extra={"worker": pid, "code": code, "ran_s": ran})
        if ran < RESTART_AFTER_S:
            self.failed = True
            self._signal_all()
        else:
            self._start(slot)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        if not self.stopping:
            self._signal_all()

    def _signal_all(self) -> None:
        self.stopping = True
        for pid in self.workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)


def _become_worker(supervisor: int) -> None:
    """Own process group (terminal signals go to the supervisor), default signal handlers,
    and SIGTERM when the supervisor dies (Linux), so no worker outlives it."""
    os.setpgid(0, 0)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, signal.SIG_DFL)
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM) != 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
        if os.getppid() != supervisor:  # it died before prctl took effect
            os._exit(1)


def _forget_metrics(settings: Settings, pid: int) -> None:
    """``[metrics] multiprocess_dir``: a dead worker's live gauges are dropped."""
    if settings.metrics.multiprocess_dir is not None:
        with contextlib.suppress(OSError):
            process_exited(pid, settings.metrics.multiprocess_dir)


def serve_workers(
    settings: Settings,
    count: int,
    run_worker: Callable[[Settings, socket.socket], None],
) -> int:
    """Serve with ``count`` worker processes until SIGTERM/SIGINT; the exit status."""
    if count < 1:
        raise ConfigError("--workers must be at least 1")
    if not hasattr(socket, "SO_REUSEPORT") or not hasattr(os, "fork"):
        raise ConfigError("--workers needs SO_REUSEPORT and fork (Linux, BSD, macOS)")
    server = settings.server
    sockets = listening_sockets(server.host, server.port, count)
    try:
        return Supervisor(settings, sockets, run_worker).run()
    except OSError as exc:  # fork failing: out of processes or memory
        if exc.errno in (errno.EAGAIN, errno.ENOMEM):
            raise ConfigError(f"cannot start {count} workers: {exc.strerror}") from None
        raise
