"""gateway.flows.elmo.elm: ELMO files (plain or packed) → credentials and Annex I reports."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

import pytest

from gateway.core.elm.microcredential import microcredential_report
from gateway.core.elmo.pack import pack_elmo
from gateway.core.elmo.signature import sign_elmo
from gateway.core.elmo.write import elmo_to_xml
from gateway.core.keys import SigningKey
from gateway.errors import ConfigError, InvalidInput, PayloadTooLarge
from gateway.flows.elmo.elm import check_file, convert_elmo_file, convert_file, issuer_identity
from tests.core.elm import fixtures
from tests.tools import settings_for

SETTINGS = settings_for(Path("/nonexistent"))
VECTORS = Path(__file__).resolve().parents[2] / "vectors" / "elm"
REGENERATE = os.environ.get("GATEWAY_REGENERATE_VECTORS") == "1"


def test_official_example_file(schema_dir: Path) -> None:
    path = schema_dir / "elmo" / "example.xml"
    credentials = convert_file(
        SETTINGS, path, packed=False, issuer=fixtures.ISSUER, issued=fixtures.ISSUED
    )
    assert len(credentials) == 1
    assert base64.b64decode(credentials[0]["evidence"][0]["embeddedEvidence"][0]["content"]) == (
        path.read_bytes()
    )


def test_packed_norwegian_sample(schema_dir: Path) -> None:
    path = schema_dir / "elmo" / "examples" / "emrex-gateway" / "sampleElmo.b64"
    reports = check_file(
        SETTINGS, path, packed=True, issuer=fixtures.ISSUER, issued=fixtures.ISSUED
    )
    assert len(reports) == 1
    assert reports[0].missing == (6, 9, 10, 11)


def test_signed_and_packed_swedish_file(tmp_path: Path, signing_key: SigningKey) -> None:
    signed = sign_elmo(elmo_to_xml(fixtures.swedish_elmo()), signing_key)
    path = tmp_path / "elmo.b64"
    path.write_text(pack_elmo(signed), encoding="ascii")
    result = convert_elmo_file(
        SETTINGS, path, packed=True, issuer=fixtures.ISSUER, issued=fixtures.ISSUED
    )
    assert len(result.credentials) == 2
    for credential in result.credentials:
        media = credential["evidence"][0]["embeddedEvidence"][0]
        assert base64.b64decode(media["content"]) == signed
    # Our own ELMO carries nothing the model drops, besides the signature.
    scanned = {u.what for u in result.report.elmo}
    assert scanned == {"generatedDate", "attachment", "Signature"}


def test_unsigned_file_is_generic(tmp_path: Path) -> None:
    path = tmp_path / "elmo.xml"
    path.write_bytes(elmo_to_xml(fixtures.swedish_elmo()))
    (credential, _) = convert_file(
        SETTINGS, path, packed=False, issuer=fixtures.ISSUER, issued=fixtures.ISSUED
    )
    assert "evidence" not in credential
    assert credential["credentialProfiles"][0]["prefLabel"] == {"en": "Generic"}


def test_file_errors_name_the_problem(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="cannot read"):
        convert_file(SETTINGS, tmp_path / "missing.xml", packed=False, issuer=fixtures.ISSUER)
    big = tmp_path / "big.xml"
    big.write_bytes(b"<elmo/>" * 10)
    small = settings_for(Path("/nonexistent"), elmo={"max_xml_bytes": 20, "max_packed_bytes": 20})
    with pytest.raises(InvalidInput, match="larger than 20 bytes"):
        convert_file(small, big, packed=False, issuer=fixtures.ISSUER)
    with pytest.raises(PayloadTooLarge):
        convert_file(small, big, packed=True, issuer=fixtures.ISSUER)
    broken = tmp_path / "broken.xml"
    broken.write_bytes(
        b'<elmo xmlns="https://github.com/emrex-eu/elmo-schemas/tree/v1">'
        b"<generatedDate>2020-01-01T00:00:00Z</generatedDate></elmo>"
    )
    with pytest.raises(InvalidInput, match="elmo/learner"):
        convert_file(SETTINGS, broken, packed=False, issuer=fixtures.ISSUER)


def _check_vector(name: str, value: Any) -> None:
    path = VECTORS / "swedish-transcript" / name
    text = json.dumps(value, indent=1, ensure_ascii=False, sort_keys=False) + "\n"
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, (
        f"{path} changed (GATEWAY_REGENERATE_VECTORS=1)"
    )


def test_golden_vectors(swedish_result: Any) -> None:
    """The whole output for the Swedish fixture, reviewed by hand; changes must be deliberate."""
    _check_vector("credentials.json", list(swedish_result.credentials))
    _check_vector("conversion-report.json", swedish_result.report.to_json())
    _check_vector(
        "microcredential.json",
        [microcredential_report(c).to_json() for c in swedish_result.credentials],
    )


def test_issuer_identity_from_configuration() -> None:
    identity = issuer_identity({"en": "Operator"}, "SE2021000000", "SE", homepage="https://x.se/")
    assert identity.registration_country == "SE"
    with pytest.raises(ConfigError, match=r"\[issuer\] issuer country"):
        issuer_identity({"en": "Operator"}, "SE2021000000", "Sverige")
