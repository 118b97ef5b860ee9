"""`gateway check-config FILE`: every check printed, exit 1 on any failure, secrets never shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gateway.cli import main
from gateway.core.keys import load_certificate
from gateway.core.registry import emp_entry, emreg_document
from gateway.flows.certs import ensure_dev_certificates
from gateway.settings import load_settings
from tests.storage.helpers import Template, execute

CHECKS = [
    "configuration",
    "production",
    "signing_key",
    "wallet_key",
    "issuer",
    "schemas",
    "database",
    "registry",
    "oots",
    "auth",
    "metrics",
    "api",
]


def deployment(home: Path, url: str, schema_dir: Path, extra: str = "") -> Path:
    """A development deployment: config, dev certificates, registry listing itself."""
    config = home / "gateway.toml"
    config.write_text(
        f"""
[gateway]
environment = "development"
[server]
public_url = "http://127.0.0.1:8080"
[database]
url = "{url}"
[signing]
cert = "{home}/certs/elmo.crt"
key = "{home}/certs/elmo.key"
ca_cert = "{home}/certs/ca.crt"
ca_key = "{home}/certs/ca.key"
[wallet]
signing_cert = "{home}/certs/wallet.crt"
signing_key = "{home}/certs/wallet.key"
[schemas]
dir = "{schema_dir}"
[registry]
source = "{home}/registry.json"
[logging]
format = "text"
level = "WARNING"
{extra}
""",
        encoding="utf-8",
    )
    settings = load_settings(config, environ={})
    ensure_dev_certificates(settings, force=False)
    cert = load_certificate(settings.signing.cert.read_bytes())
    entry = emp_entry("SE-GW", "SE", "http://127.0.0.1:8080/emrex", ["uu.se"], cert)
    (home / "registry.json").write_text(json.dumps(emreg_document([entry])), encoding="utf-8")
    return config


def outcome(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, str], str]:
    code = main(["check-config", *args])
    out = capsys.readouterr().out
    lines = {
        line.split()[1]: line.split()[0]
        for line in out.splitlines()
        if line[:4] in ("ok  ", "FAIL")
    }
    return code, lines, out


def test_a_sound_deployment_passes_every_check(
    tmp_path: Path, seeded_template: Template, schema_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = deployment(tmp_path, seeded_template.clone(tmp_path / "db"), schema_dir)
    code, lines, out = outcome(capsys, str(config))
    assert code == 0, out
    assert list(lines) == CHECKS
    assert set(lines.values()) == {"ok"}
    assert out.rstrip().endswith(": ok")


def test_every_problem_is_named_and_none_hides_another(
    tmp_path: Path, seeded_template: Template, schema_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = seeded_template.clone(tmp_path / "db")
    extra = '[metrics]\nallow = ["not-a-network"]\nmultiprocess_dir = "/nonexistent/metrics"\n'
    config = deployment(tmp_path, url, schema_dir, extra)
    execute(url, "UPDATE alembic_version SET version_num = '0001'")
    (tmp_path / "certs" / "wallet.key").write_text("not a key", encoding="utf-8")
    (tmp_path / "registry.json").write_text('{"emps": "x"', encoding="utf-8")
    code, lines, out = outcome(capsys, str(config))
    assert code == 1
    failed = {name for name, state in lines.items() if state == "FAIL"}
    assert failed == {"wallet_key", "database", "registry", "metrics"}
    assert "gateway db upgrade" in out
    assert "BEGIN" not in out  # no key material, whatever went wrong


def test_production_rules(
    tmp_path: Path, seeded_template: Template, schema_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = deployment(tmp_path, seeded_template.clone(tmp_path / "db"), schema_dir)
    text = config.read_text(encoding="utf-8").replace('"development"', '"production"')
    config.write_text(text, encoding="utf-8")
    code, lines, out = outcome(capsys, str(config))
    assert code == 1
    assert lines["production"] == "FAIL"
    assert "https" in out


def test_an_unreadable_file_is_one_failed_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines, out = outcome(capsys, str(tmp_path / "missing.toml"))
    assert code == 1
    assert lines == {"configuration": "FAIL"}
    assert "does not exist" in out


@pytest.mark.parametrize(
    ("server", "ca", "expected"),
    [
        ("", "ca.crt", "[server] tls_cert is not"),
        ("tls", "elmo.key", "cannot be read as PEM certificates"),
        ("tls", "ca.crt", "client certificates from 1 CA(s)"),
    ],
)
def test_the_api_client_certificate_authority_is_checked(
    tmp_path: Path,
    seeded_template: Template,
    schema_dir: Path,
    capsys: pytest.CaptureFixture[str],
    server: str,
    ca: str,
    expected: str,
) -> None:
    certs = tmp_path / "certs"
    tls = (
        f'[server]\ntls_cert = "{certs}/elmo.crt"\ntls_key = "{certs}/elmo.key"\n' if server else ""
    )
    extra = f'[api]\ntls_client_ca = "{certs}/{ca}"\n'
    config = deployment(tmp_path, seeded_template.clone(tmp_path / "db"), schema_dir, extra)
    if tls:
        text = config.read_text(encoding="utf-8")
        text = text.replace("[server]\n", tls, 1)
        config.write_text(text, encoding="utf-8")
    code, lines, out = outcome(capsys, str(config))
    assert lines["api"] == ("ok" if expected.startswith("client") else "FAIL"), out
    assert expected in out
    assert code == (0 if lines["api"] == "ok" else 1)
    assert "BEGIN" not in out
