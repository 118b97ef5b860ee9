"""Real `gateway serve` processes for tests: a deployment folder, start, wait until up, stop."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from gateway.core.keys import SigningKey, write_key_pair

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Deployment:
    """A configuration file and what it points at (keys, database) in ``home``."""

    home: Path
    config: Path
    database_url: str
    public_url: str


def write_deployment(
    home: Path,
    database_url: str,
    key: SigningKey,
    wallet_key: SigningKey,
    schema_dir: Path,
    port: int,
    extra: str = "",
) -> Deployment:
    """A development deployment listening on ``port`` (``public_url`` on that port)."""
    home.mkdir(parents=True, exist_ok=True)
    write_key_pair(key, home / "elmo.crt", home / "elmo.key")
    write_key_pair(wallet_key, home / "wallet.crt", home / "wallet.key")
    public_url = f"http://127.0.0.1:{port}"
    config = home / "gateway.toml"
    config.write_text(
        f"""
[gateway]
environment = "test"
[server]
host = "127.0.0.1"
port = {port}
public_url = "{public_url}"
[database]
url = "{database_url}"
[signing]
cert = "{home}/elmo.crt"
key = "{home}/elmo.key"
[schemas]
dir = "{schema_dir}"
[wallet]
signing_cert = "{home}/wallet.crt"
signing_key = "{home}/wallet.key"
[registry]
source = "{home}/registry.json"
[auth]
mode = "dev"
[logging]
format = "text"
{extra}
""",
        encoding="utf-8",
    )
    return Deployment(home, config, database_url, public_url)


async def wait_until_up(url: str, process: asyncio.subprocess.Process, log: Path) -> None:
    """Poll ``url`` until it answers (any status), failing if the process exits first."""
    async with asyncio.timeout(START_TIMEOUT_S), aiohttp.ClientSession() as client:
        while True:
            assert process.returncode is None, f"gateway serve exited; see {log}"
            try:
                async with client.get(url):
                    return
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)


@asynccontextmanager
async def serving(
    deployment: Deployment,
    *,
    port: int,
    workers: int = 1,
    environ: Mapping[str, str] | None = None,
) -> AsyncIterator[asyncio.subprocess.Process]:
    """`gateway serve [--workers N]` on ``port``; yields once it answers; SIGTERM at the end,
    and the process must then exit 0 (``returncode``) within ``STOP_TIMEOUT_S``."""
    log = deployment.home / f"serve-{port}.log"
    env = {**os.environ, "GATEWAY_SERVER_PORT": str(port), **(environ or {})}
    args = ["serve"] if workers == 1 else ["serve", "--workers", str(workers)]
    with log.open("ab") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "gateway", "--config", str(deployment.config), *args,
            cwd=ROOT, env=env, stdout=output, stderr=output,
        )  # fmt: skip
    try:
        await wait_until_up(f"http://127.0.0.1:{port}/healthz", process, log)
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), STOP_TIMEOUT_S)
            except TimeoutError:
                process.kill()
                await process.wait()
                raise AssertionError(f"gateway serve did not stop on SIGTERM; see {log}") from None


def log_of(deployment: Deployment, port: int) -> str:
    return (deployment.home / f"serve-{port}.log").read_text(encoding="utf-8", errors="replace")
