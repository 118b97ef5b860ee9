"""`gateway serve` over TLS ([server] tls_cert, tls_key) with the cert `gateway certs` makes."""

from __future__ import annotations

import asyncio
import ipaddress
import ssl
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import unused_port
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from gateway.errors import ConfigError
from gateway.settings import load_settings
from gateway.web.app import server_ssl_context

ROOT = Path(__file__).resolve().parents[2]


def _config(home: Path, schema_dir: Path, port: int, tls: str) -> Path:
    path = home / "gateway.toml"
    path.write_text(
        f"""
[gateway]
environment = "test"
[server]
port = {port}
public_url = "https://127.0.0.1:{port}"
{tls}
[database]
url = "sqlite+aiosqlite:///{home}/gw.sqlite3"
[signing]
cert = "{home}/certs/elmo.crt"
key = "{home}/certs/elmo.key"
ca_cert = "{home}/certs/ca.crt"
ca_key = "{home}/certs/ca.key"
[wallet]
signing_cert = "{home}/certs/wallet.crt"
signing_key = "{home}/certs/wallet.key"
[registry]
source = "{home}/registry.json"
[schemas]
dir = "{schema_dir}"
[logging]
format = "text"
""",
        encoding="utf-8",
    )
    return path


def _gateway(config: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "gateway", "--config", str(config), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_tls_cert_without_key_is_refused(tmp_path: Path, schema_dir: Path) -> None:
    config = _config(tmp_path, schema_dir, 8443, f'tls_cert = "{tmp_path}/server.crt"')
    with pytest.raises(ConfigError, match="tls_cert and tls_key go together"):
        server_ssl_context(load_settings(config, environ={}))


async def test_certs_makes_a_server_certificate_and_serve_speaks_tls(
    tmp_path: Path, schema_dir: Path
) -> None:
    port = unused_port()
    tls = f'tls_cert = "{tmp_path}/certs/server.crt"\ntls_key = "{tmp_path}/certs/server.key"'
    config = _config(tmp_path, schema_dir, port, tls)
    await asyncio.to_thread(_gateway, config, "db", "upgrade")
    created = await asyncio.to_thread(_gateway, config, "certs")
    assert f"created {tmp_path}/certs/server.crt" in created
    assert "kept" in await asyncio.to_thread(_gateway, config, "certs")  # kept unless --force

    cert = x509.load_pem_x509_certificate((tmp_path / "certs/server.crt").read_bytes())
    ca = x509.load_pem_x509_certificate((tmp_path / "certs/ca.crt").read_bytes())
    cert.verify_directly_issued_by(ca)
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("127.0.0.1")]
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    usage = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usage) == [ExtendedKeyUsageOID.SERVER_AUTH]

    log = (tmp_path / "serve.log").open("wb")
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway", "--config", str(config), "serve",
        cwd=ROOT, stdout=log, stderr=log,
    )  # fmt: skip
    try:
        context = ssl.create_default_context(cafile=str(tmp_path / "certs/ca.crt"))
        url = f"https://127.0.0.1:{port}/registry/entry.json"
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=context)) as http:
            status = await _first_answer(http, url, server)
            assert status == 200
            with pytest.raises(aiohttp.ClientError):  # plain http to the TLS port: no answer
                async with http.get(f"http://127.0.0.1:{port}/registry/entry.json") as reply:
                    await reply.read()
    finally:
        server.terminate()
        await asyncio.wait_for(server.wait(), 30)
        log.close()


async def _first_answer(
    http: aiohttp.ClientSession, url: str, server: asyncio.subprocess.Process
) -> int:
    async with asyncio.timeout(30):
        while True:
            assert server.returncode is None, "gateway serve exited"
            try:
                async with http.get(url) as reply:
                    return reply.status
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
