"""`gateway certs` (wallet key), `gateway elm convert|check`, `gateway wallet offer`, for real."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from gateway.core.elmo.pack import pack_elmo
from gateway.core.elmo.signature import sign_elmo
from gateway.core.elmo.write import elmo_to_xml
from gateway.core.keys import SigningKey, load_signing_key
from tests.core.elm.fixtures import swedish_elmo
from tests.storage.helpers import Backend, rows
from tests.test_cli import KARIN, run


@pytest.fixture(scope="module")
def config(
    tmp_path_factory: pytest.TempPathFactory, schema_dir: Path, database_backend: Backend
) -> Path:
    home = tmp_path_factory.mktemp("wallet-deployment")
    path = home / "gateway.toml"
    path.write_text(
        f"""
[gateway]
environment = "development"
[server]
public_url = "http://127.0.0.1:8080"
[database]
url = "{database_backend.empty(home)}"
[signing]
cert = "{home}/certs/elmo.crt"
key = "{home}/certs/elmo.key"
ca_cert = "{home}/certs/ca.crt"
ca_key = "{home}/certs/ca.key"
[wallet]
signing_cert = "{home}/certs/wallet.crt"
signing_key = "{home}/certs/wallet.key"
[issuer]
legal_name = {{ en = "Test Operator AB", sv = "Testoperatören AB" }}
eidas_identifier = "SE5560000001"
country = "SE"
[registry]
source = "{home}/registry.json"
[schemas]
dir = "{schema_dir}"
[logging]
format = "text"
""",
        encoding="utf-8",
    )
    run(path, "db", "upgrade")
    run(path, "seed", "--demo")
    assert f"created {home}/certs/wallet.crt" in run(path, "certs").stdout
    return path


@pytest.fixture(scope="module")
def elmo_file(tmp_path_factory: pytest.TempPathFactory, signing_key: SigningKey) -> Path:
    path = tmp_path_factory.mktemp("elmo") / "two-reports.xml"
    path.write_bytes(sign_elmo(elmo_to_xml(swedish_elmo()), signing_key))
    return path


def test_certs_make_an_es256_wallet_key_issued_by_the_dev_ca(config: Path) -> None:
    certs = config.parent / "certs"
    key = load_signing_key(certs / "wallet.crt", certs / "wallet.key")
    assert isinstance(key.private_key, ec.EllipticCurvePrivateKey)
    assert isinstance(key.private_key.curve, ec.SECP256R1)
    ca = x509.load_pem_x509_certificate((certs / "ca.crt").read_bytes())
    key.certificate.verify_directly_issued_by(ca)
    assert (certs / "wallet.key").stat().st_mode & 0o077 == 0


def _database(config: Path) -> str:
    return str(tomllib.loads(config.read_text(encoding="utf-8"))["database"]["url"])


def test_wallet_offer_prints_the_offer_and_the_tx_code(config: Path) -> None:
    ((result_id,),) = rows(
        _database(config),
        "SELECT r.id FROM results r JOIN learners l ON l.id = r.learner_id "
        "WHERE l.national_id = ? AND r.status = 'passed' ORDER BY r.id LIMIT 1",
        KARIN,
    )
    printed = run(config, "wallet", "offer", "--learner", KARIN, "--select", str(result_id))
    lines = dict(line.split(": ", 1) for line in printed.stdout.splitlines())
    link = lines["offer"]
    assert link.startswith("openid-credential-offer://?credential_offer_uri=")
    uri = parse_qs(urlsplit(link).query)["credential_offer_uri"][0]
    assert uri == lines["credential_offer_uri"]
    assert uri.startswith("http://127.0.0.1:8080/credential-offer/")
    assert lines["tx_code"].isdigit()
    assert len(lines["tx_code"]) == 6
    assert "credential 1" in lines
    stored = rows(
        _database(config), "SELECT token_hash, code_hash, tx_code_hash FROM wallet_offers"
    )
    assert len(stored) == 1
    assert lines["tx_code"] not in repr(stored)
    assert uri.rsplit("/", 1)[1] not in repr(stored)
    unknown = run(config, "wallet", "offer", "--learner", "19000101-0000", check=False)
    assert unknown.returncode == 1
    assert "not known" in unknown.stderr


def test_elm_convert_prints_json_ld_with_the_operator_as_issuer(
    config: Path, elmo_file: Path, tmp_path: Path
) -> None:
    report = tmp_path / "unmapped.json"
    printed = run(config, "elm", "convert", str(elmo_file), "--report", str(report))
    credentials = json.loads(printed.stdout)
    assert len(credentials) == 2  # one per ELMO report
    for credential in credentials:
        assert credential["@context"][1] == "http://data.europa.eu/snb/model/context/edc-ap"
        assert credential["issuer"]["legalName"] == {
            "en": "Test Operator AB",
            "sv": "Testoperatören AB",
        }
        assert credential["issuer"]["eIDASIdentifier"]["notation"] == "SE5560000001"
    assert len(json.loads(report.read_text(encoding="utf-8"))["credentials"]) == 2


def test_elm_check_prints_the_annex_report_and_errors_name_the_elmo_path(
    config: Path, elmo_file: Path, tmp_path: Path
) -> None:
    packed = tmp_path / "packed.b64"
    packed.write_text(pack_elmo(elmo_file.read_bytes()))
    reports = json.loads(run(config, "elm", "check", str(packed), "--packed").stdout)
    assert len(reports) == 2
    for report in reports:
        assert [e["number"] for e in report["elements"]] == list(range(1, 12))
        assert {e["status"] for e in report["elements"]} <= {"present", "missing"}
    empty = tmp_path / "empty.xml"
    empty.write_text(
        '<elmo xmlns="https://github.com/emrex-eu/elmo-schemas/tree/v1">'
        "<generatedDate>2026-01-01T00:00:00Z</generatedDate>"
        "<learner><givenNames>A</givenNames><familyName>B</familyName></learner></elmo>"
    )
    failed = run(config, "elm", "convert", str(empty), check=False)
    assert failed.returncode == 1
    assert "elmo/report" in failed.stderr
