"""Loading the official ELMO XSD offline, and what an invalid document reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.core.elmo.pack import unpack_elmo
from gateway.core.elmo.schema import REMOTE_LOCATIONS, ElmoSchema
from gateway.core.xml import parse_xml
from gateway.errors import SchemaInvalid, SchemaMissingError


def test_every_import_is_mapped_to_a_shipped_file(schema_dir: Path) -> None:
    catalog = (schema_dir / "elmo" / "catalog.xml").read_text(encoding="utf-8")
    for remote, local in REMOTE_LOCATIONS.items():
        if remote != "https://www.w3.org/2001/03/xml.xsd":  # our extra alias
            assert f'name="{remote}" uri="{local}"' in catalog
        assert (schema_dir / "elmo" / local).is_file()


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
