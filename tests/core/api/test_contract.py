"""The integration API's contract: the OpenAPI document is valid OpenAPI 3.1 (an independent
validator), and its records schema follows the importer field for field."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from gateway.core.api.openapi import ERRORS, openapi_document
from gateway.core.api.records_schema import GRADE, SECTIONS, records_document_schema
from gateway.core.demo import demo_document
from gateway.core.importing import ImportSummary, check_file, jsonfile

ROOT = Path(__file__).resolve().parents[3]
FORMAT_DOC = ROOT / "docs" / "import-format.md"
EXAMPLE = ROOT / "docs" / "examples" / "records.json"


def test_the_document_is_valid_openapi_3_1() -> None:
    document = openapi_document("https://gateway.example.org")
    assert document["openapi"] == "3.1.0"
    validate(document, cls=OpenAPIV31SpecValidator)  # raises on any violation of OpenAPI 3.1


def test_every_path_of_the_issue_is_described_with_its_errors() -> None:
    paths = openapi_document("https://gateway.example.org")["paths"]
    assert set(paths) == {
        "/api/v1/records",
        "/api/v1/merits",
        "/api/v1/merits/{id}",
        "/api/v1/openapi.json",
    }
    post = paths["/api/v1/records"]["post"]["responses"]
    assert {"200", "400", "401", "403", "408", "413", "415", "422", "500"} <= set(post)
    assert "404" in paths["/api/v1/merits/{id}"]["get"]["responses"]
    assert {status for status, _ in ERRORS.values()} >= {400, 401, 403, 408, 413, 415, 422}


def test_the_records_schema_names_exactly_the_fields_the_importer_reads() -> None:
    """A field added to the import format but not to the schema fails here."""
    schema = records_document_schema()
    properties: dict[str, object] = schema["properties"]
    assert set(properties) == set(jsonfile._TOP_KEYS)
    assert set(SECTIONS) == set(jsonfile._KEYS)
    for section, keys in jsonfile._KEYS.items():
        assert set(SECTIONS[section]["properties"]) == set(keys), section
    assert set(GRADE["properties"]) == set(jsonfile._GRADE_KEYS)


def _documented_fields() -> dict[str, set[str]]:
    """The field tables (``| Field | Req. | Meaning |``) of docs/import-format.md, by section."""
    found: dict[str, set[str]] = {}
    section, in_table = None, False
    for line in FORMAT_DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^#+ `?(\w+)`?", line)
        if heading:
            section, in_table = heading.group(1), False
        elif line.startswith("| Field |"):
            in_table = True
        elif not line.startswith("|"):
            in_table = False
        elif in_table and section is not None:
            cell = line.split("|")[1]
            found.setdefault(section, set()).update(re.findall(r"`(\w+)`", cell))
    return found


def test_the_records_schema_names_exactly_the_documented_fields() -> None:
    documented = _documented_fields()
    for section, schema in SECTIONS.items():
        assert set(schema["properties"]) == documented[section], section


def _validator() -> Draft202012Validator:
    schema = records_document_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("dataset", ["se", "no"])
def test_documents_the_importer_accepts_are_valid(dataset: str) -> None:
    for document in (json.loads(EXAMPLE.read_text(encoding="utf-8")), demo_document(dataset)):
        data = json.dumps(document).encode()
        check_file(data, "doc.json", "json")  # the importer accepts it …
        errors = [e.message for e in _validator().iter_errors(document)]
        assert errors == []  # … and so does the schema


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["institutions"][0].update(motto="x"), "motto"),
        (lambda d: d.update(version=2), "version"),
        (lambda d: d["results"][0].update(status="done"), "done"),
        (lambda d: d.update(extra=[]), "extra"),
    ],
)
def test_the_schema_refuses_what_the_importer_refuses(change: Any, where: str) -> None:
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    change(document)
    errors = [f"{list(e.absolute_path)} {e.message}" for e in _validator().iter_errors(document)]
    assert errors
    assert any(where in message for message in errors), errors


def test_the_summary_schema_lists_every_kind_the_importer_counts() -> None:
    schema = openapi_document("https://gateway.example.org")["components"]["schemas"]
    counts = schema["ImportSummary"]["properties"]["counts"]
    kinds = [name for name, _ in ImportSummary(file="x").kinds()]
    assert counts["required"] == kinds
