"""Loading the official ELMO XSD offline, and what an invalid document reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from gateway.core.elmo.pack import unpack_elmo
from gateway.core.elmo.schema import REMOTE_LOCATIONS, ElmoSchema
from gateway.core.xml import parse_xml
from gateway.errors import SchemaInvalid, SchemaMissingError
from gateway.flows.schema_dir import load_manifest


def _remote_imports(xsd: Path) -> set[str]:
    # W3C's xml.xsd carries a DOCTYPE, which the gateway's parser refuses by design; these are
    # pinned official files, read here with a parser that still loads no DTD and no network.
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    root = etree.fromstring(xsd.read_bytes(), parser)
    found = set()
    for element in root.iter("{http://www.w3.org/2001/XMLSchema}import"):
        location = element.get("schemaLocation", "")
        if location.startswith(("http://", "https://")):
            found.add(location)
    return found


def test_every_import_is_mapped_to_a_pinned_file(schema_dir: Path) -> None:
    """Every remote schemaLocation in the ELMO XSD and the files it imports (followed
    transitively) has a local file, and that file is pinned in the manifest."""
    pinned = {p.path for p in load_manifest()}
    base = schema_dir / "elmo"
    seen: set[str] = set()
    pending = [base / "schema.xsd"]
    while pending:
        for remote in _remote_imports(pending.pop()) - seen:
            seen.add(remote)
            assert remote in REMOTE_LOCATIONS, f"import {remote} is not mapped"
            local = REMOTE_LOCATIONS[remote]
            assert f"elmo/{local}" in pinned
            pending.append(base / local)
    assert len(seen) >= 5


def test_missing_schema_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SchemaMissingError, match=r"elmo is missing; run `make schemas`"):
        ElmoSchema.load(tmp_path)


def test_missing_import_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "elmo").mkdir()
    with pytest.raises(SchemaMissingError, match=r"imports missing: .*xmldsig-core-schema\.xsd"):
        ElmoSchema.load(tmp_path)


def test_official_example_validates(schema_dir: Path, elmo_schema: ElmoSchema) -> None:
    elmo_schema.validate(parse_xml((schema_dir / "elmo" / "example.xml").read_bytes()))


def test_invalid_document_lists_errors_with_line_numbers(
    schema_dir: Path, elmo_schema: ElmoSchema
) -> None:
    packed = (schema_dir / "elmo" / "examples" / "emrex-gateway" / "sampleElmo.b64").read_text()
    xml = unpack_elmo(packed, max_packed_bytes=1 << 20, max_xml_bytes=1 << 20)
    with pytest.raises(SchemaInvalid) as caught:
        elmo_schema.validate(parse_xml(xml))
    message = caught.value.message
    assert message.startswith("ELMO does not validate against the v1.7.0 schema: line ")
    # Norway puts gradingScheme before issueDate.
    assert "Element 'gradingScheme': This element is not expected" in message
    assert "{https://github.com" not in message


def test_values_are_kept_out_of_the_message(elmo_xml: bytes, elmo_schema: ElmoSchema) -> None:
    bad = elmo_xml.replace(b"<bday>1990-05-12</bday>", b"<bday>1990-5-12</bday>")
    with pytest.raises(SchemaInvalid) as caught:
        elmo_schema.validate(parse_xml(bad))
    assert "line 10: Element 'bday': the value is not a valid value" in caught.value.message
    assert "1990-5-12" not in caught.value.message
    assert caught.value.detail is not None
    assert "1990-5-12" in caught.value.detail
