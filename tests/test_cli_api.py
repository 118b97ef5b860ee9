"""`gateway api-client add | list | revoke` as an operator runs them: processes, a temp config."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from gateway.core.keys import issue_certificate, make_ca, new_ec_key, write_key_pair
from tests.storage.helpers import Backend, dump, rows

GATEWAY = [sys.executable, "-m", "gateway"]


def run(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*GATEWAY, "--config", str(config), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def deployment(tmp_path: Path, schema_dir: Path, database_backend: Backend) -> tuple[Path, str]:
    url = database_backend.empty(tmp_path)
    config = tmp_path / "gateway.toml"
    config.write_text(
        f"""
[server]
public_url = "http://127.0.0.1:18400"
[database]
url = "{url}"
[signing]
cert = "{tmp_path}/elmo.crt"
key = "{tmp_path}/elmo.key"
[schemas]
dir = "{schema_dir}"
[logging]
format = "text"
level = "WARNING"
""",
        encoding="utf-8",
    )
    assert run(config, "db", "upgrade").returncode == 0
    return config, url


def test_add_prints_the_secret_once_and_keeps_only_its_hash(
    deployment: tuple[Path, str],
) -> None:
    config, url = deployment
    added = run(config, "api-client", "add", "ladok", "--scope", "records:write",
                "--scope", "merits:read")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.splitlines()[0] == "client ladok added: merits:read records:write"
    (secret,) = [line[8:] for line in added.stdout.splitlines() if line.startswith("secret: ")]
    assert secret.startswith("gwapi_")
    key_id, random_part = secret[len("gwapi_") :].split("_", 1)
    ((stored_key, stored_hash, scopes),) = rows(
        url, "SELECT key_id, secret_sha256, scopes FROM api_clients"
    )
    assert (stored_key, scopes) == (key_id, "merits:read records:write")
    assert stored_hash == hashlib.sha256(random_part.encode()).hexdigest()
    assert random_part not in "\n".join(dump(url))

    listed = run(config, "api-client", "list")
    assert listed.returncode == 0
    assert listed.stdout.startswith("ladok\tactive\tmerits:read records:write\tcreated ")
    assert secret not in listed.stdout


def test_revoke_and_refusals(deployment: tuple[Path, str]) -> None:
    config, _ = deployment
    assert run(config, "api-client", "add", "reader", "--scope", "merits:read").returncode == 0
    for args, problem in (
        (("add", "reader", "--scope", "merits:read"), "there is already a client named 'reader'"),
        (("add", "x", "--scope", "everything"), "unknown scope 'everything'"),
        (("add", "nothing"), "give at least one --scope"),
        (("add", "Bad Name", "--scope", "merits:read"), "must be 1–63 lower-case letters"),
        (("revoke", "nobody"), "there is no client named 'nobody'"),
    ):
        done = run(config, "api-client", *args)
        assert done.returncode == 1, args
        assert problem in done.stderr, done.stderr
    revoked = run(config, "api-client", "revoke", "reader")
    assert revoked.returncode == 0, revoked.stderr
    assert "revoked" in revoked.stdout
    assert "\trevoked " in run(config, "api-client", "list").stdout
    again = run(config, "api-client", "revoke", "reader")
    assert again.returncode == 1
    assert "revoked already" in again.stderr


def test_a_certificate_is_pinned_by_its_sha256(
    deployment: tuple[Path, str], tmp_path: Path
) -> None:
    config, url = deployment
    leaf = issue_certificate(make_ca("CA", "tests", "SE"), new_ec_key(), "ladok", "tests", "SE")
    write_key_pair(leaf, tmp_path / "ladok.crt", tmp_path / "ladok.key")
    added = run(config, "api-client", "add", "ladok", "--scope", "merits:read",
                "--tls-cert", str(tmp_path / "ladok.crt"))  # fmt: skip
    assert added.returncode == 0, added.stderr
    pin = hashlib.sha256(leaf.certificate.public_bytes(Encoding.DER)).hexdigest()
    assert rows(url, "SELECT certificate_sha256 FROM api_clients") == [(pin,)]
    assert f"tls-cert sha256:{pin}" in run(config, "api-client", "list").stdout
    bad = run(config, "api-client", "add", "x", "--scope", "merits:read",
              "--tls-cert", str(tmp_path / "ladok.key"))  # fmt: skip
    assert bad.returncode == 1
    assert "not a PEM certificate" in bad.stderr
