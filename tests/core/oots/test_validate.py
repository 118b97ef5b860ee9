"""The conformance tools themselves: official examples pass, broken messages are caught."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from gateway.core.oots.codes import EdmVersion
from gateway.core.oots.validate import Finding, OotsSchema, OotsValidator, Schematron
from gateway.core.xml import parse_xml, read_xml_file
from gateway.errors import SchemaInvalid, SchemaMissingError
from tests.core.oots import support


@pytest.mark.parametrize(
    ("example", "transaction"),
    [
        (support.BIRTH_REQUEST, "REQ"),
        (support.BIRTH_RESPONSE, "RESP"),
        (support.EDUCATION_ERROR, "ERR"),
    ],
    ids=["birth-request", "birth-response", "education-preview-error"],
)
def test_official_1_0_examples_conform(
    validator: OotsValidator, oots_dir: Path, example: Path, transaction: str
) -> None:
    data = (oots_dir / example).read_bytes()
    assert support.conformance_errors(validator, transaction, data) == []  # type: ignore[arg-type]


def test_tax_example_conforms_to_the_xsd(validator: OotsValidator, oots_dir: Path) -> None:
    root = read_xml_file(oots_dir / support.TAX_REQUEST)
    assert validator.xsd.errors(root) == []


def test_1_0_rules_pin_the_version_and_the_1_0_spellings(
    validator: OotsValidator, oots_dir: Path
) -> None:
    """The 1.2 response passes the structure rules; only version-pinned content rules fail."""
    data = (oots_dir / support.SECOND_RESPONSE_1_2).read_bytes()
    assert validator.xsd.errors(parse_xml(data)) == []
    assert support.failed_rules(validator, "RESP", data) == {
        "R-EDM-RESP-C002",  # SpecificationIdentifier fixed to oots-edm:v1.0
        "R-EDM-RESP-C017",  # evidence type on sr.oots.tech.europa.eu
        "R-EDM-RESP-C022",  # ConformsTo under …/distributions/
        "R-EDM-RESP-C043",  # Transformation under …/distributions/
        "R-EDM-RESP-C042",  # cid with a hyphen: ^cid:[a-z0-9]*@
    }


def test_info_and_warning_asserts_are_not_errors(validator: OotsValidator, oots_dir: Path) -> None:
    assert validator.schematron is not None
    root = read_xml_file(oots_dir / support.BIRTH_REQUEST)
    report = validator.schematron.check("REQ", root)
    assert report.ok
    assert {f.role for f in report.findings} == {"info"}  # PreviewLocation etc. "MAY be present"
    assert Finding("R-X", "WARNING", "/", "").is_error is False
    assert Finding("R-X", None, "/", "").is_error is True


def test_reports_with_role_error_are_errors(validator: OotsValidator, oots_dir: Path) -> None:
    """``sch:report`` R-EDM-RESP-C044a fires when an XML distribution lacks ConformsTo."""
    root = read_xml_file(oots_dir / support.BIRTH_RESPONSE)
    for conforms in root.iter("{http://data.europa.eu/p4s}ConformsTo"):
        parent = conforms.getparent()
        assert parent is not None
        parent.remove(conforms)
    assert support.failed_rules(validator, "RESP", etree.tostring(root)) == {"R-EDM-RESP-C044a"}


def test_check_raises_with_the_rule_ids(validator: OotsValidator, oots_dir: Path) -> None:
    root = read_xml_file(oots_dir / support.EDUCATION_ERROR)
    exception = root.find("{urn:oasis:names:tc:ebxml-regrep:xsd:rs:4.0}Exception")
    assert exception is not None
    exception.set("code", "EDM:ERR:9999")
    with pytest.raises(SchemaInvalid, match="R-EDM-ERR-C017") as caught:
        validator.check("ERR", root, EdmVersion.V1_0)
    assert caught.value.detail
    assert "R-EDM-ERR-C017" in caught.value.detail


def test_xsd_violation_is_reported_without_values(validator: OotsValidator, oots_dir: Path) -> None:
    root = read_xml_file(oots_dir / support.BIRTH_REQUEST)
    born = root.find(".//{http://data.europa.eu/p4s}DateOfBirth")
    assert born is not None
    born.text = "01.03.1970"
    with pytest.raises(SchemaInvalid) as caught:
        validator.check("REQ", root, EdmVersion.V1_0)
    assert "01.03.1970" not in caught.value.message
    assert caught.value.detail
    assert "DateOfBirth" in caught.value.detail


def test_only_the_1_0_line_is_checked(validator: OotsValidator, oots_dir: Path) -> None:
    root = read_xml_file(oots_dir / support.FIRST_REQUEST_1_2)
    assert validator.xsd.errors(root)  # 1.2 additions are unknown to the 1.0 XSD
    validator.check("REQ", root, EdmVersion.V1_2)  # not covered: no error


def test_missing_artefacts_are_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SchemaMissingError, match="make schemas"):
        OotsSchema.load(tmp_path)
    with pytest.raises(SchemaMissingError, match="make schemas"):
        Schematron.compile(tmp_path / "EDM-REQ-S.sch")
