"""EMREG JSON (current and legacy form) against the official JSON schema, and our own entries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from gateway.core.keys import SigningKey
from gateway.core.registry import (
    emp_entry,
    emreg_document,
    load_manifest_schema,
    manifest_entry,
    parse_registry,
)
from gateway.core.xml import parse_xml
from gateway.errors import InvalidInput


@pytest.fixture(scope="module")
def validate(schema_dir: Path) -> Any:
    schema = json.loads((schema_dir / "elmo/emreg/emregjsonschema.json").read_text())
    return jsonschema.Draft6Validator(schema).validate


def document(signing_key: SigningKey, url: str = "https://emp.example.se/emrex") -> dict[str, Any]:
    entry = emp_entry("SE-GW", "SE", url, ["uu.se", "umu.se"], signing_key.certificate)
    return emreg_document([entry])


def test_our_document_validates_and_parses(validate: Any, signing_key: SigningKey) -> None:
    data = json.dumps(document(signing_key)).encode()
    registry = parse_registry(data, validate)
    point = registry.contact_point("SE-GW")
    assert point is not None
    assert point.institutions == ("uu.se", "umu.se")
    assert point.certificates == (signing_key.certificate,)
    assert [c.code for c, _ in registry.by_country()] == ["SE"]


def test_legacy_ncps_form_is_read(validate: Any, signing_key: SigningKey) -> None:
    doc = document(signing_key)
    doc["ncps"] = doc.pop("emps")
    registry = parse_registry(json.dumps(doc).encode(), validate)
    assert registry.contact_point("SE-GW") is not None


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.pop("countries"),
        lambda d: d["emps"][0].pop("pubKey"),
        lambda d: d["emps"][0].update(extra=1),
        lambda d: d["emps"][0].update(pubKey="not a certificate"),
        lambda d: d["emps"][0].update(url="http://emp.example.se/emrex"),
        lambda d: d["emps"].append(dict(d["emps"][0])),
    ],
)
def test_invalid_documents_are_refused(validate: Any, signing_key: SigningKey, mutate: Any) -> None:
    doc = document(signing_key)
    mutate(doc)
    with pytest.raises(InvalidInput):
        parse_registry(json.dumps(doc).encode(), validate)


def test_plain_http_only_for_listed_hosts(validate: Any, signing_key: SigningKey) -> None:
    data = json.dumps(document(signing_key, "http://127.0.0.1:8081/emrex")).encode()
    with pytest.raises(InvalidInput, match="https"):
        parse_registry(data, validate)
    assert parse_registry(data, validate, insecure_hosts=["127.0.0.1"]).contact_points


def test_not_json_is_refused(validate: Any) -> None:
    with pytest.raises(InvalidInput, match="not valid JSON"):
        parse_registry(b"{nope", validate)


def test_manifest_entry_is_valid_against_the_ewp_xsd(
    schema_dir: Path, signing_key: SigningKey
) -> None:
    xsd = load_manifest_schema(schema_dir)
    xml = manifest_entry(
        "https://emp.example.se/emrex", "Example EMP", "SE", ["uu.se"], [signing_key.certificate]
    )
    root = parse_xml(xml)
    assert xsd.validate(root), xsd.error_log


def test_by_country_can_leave_our_own_contact_point_out(
    validate: Any, signing_key: SigningKey, other_signing_key: SigningKey
) -> None:
    entries = [
        emp_entry("SE-GW", "SE", "https://se.example/emrex", ["uu.se"], signing_key.certificate),
        emp_entry(
            "NO-GW", "NO", "https://no.example/emrex", ["uio.no"], other_signing_key.certificate
        ),
    ]
    registry = parse_registry(json.dumps(emreg_document(entries)).encode(), validate)
    listed = [cp.acronym for _, points in registry.by_country(exclude="SE-GW") for cp in points]
    assert listed == ["NO-GW"]
    assert len(registry.by_country()) == 2
