"""EDM error codes, severities, media types and SR spellings against the official code lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gateway.core.oots.codes import (
    EDM_ERRORS,
    OOTS_MEDIA_TYPES,
    PREVIEW_REQUIRED,
    QUERY_EXCEPTION,
    SEVERITY_ERROR,
    SEVERITY_PREVIEW_REQUIRED,
    SEVERITY_PREVIEW_REQUIRED_V1_0,
    EdmVersion,
    sr_key,
    sr_spelling,
)
from gateway.core.xml import read_xml_file

GC_NS = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/"
CODELISTS = Path("tdd-1.0.x/codelists/OOTS")


def _rows(text: str) -> list[dict[str, str]]:
    """Genericode rows read leniently: EDMErrorCodes-CodeList.gc is not well-formed upstream
    (``…QueryRequest/SimpleValue>`` misses a ``<``), so regular expressions, not a parser."""
    rows = []
    for row in re.findall(r"<Row>(.*?)</Row>", text, re.S):
        cells = re.findall(
            r'<Value ColumnRef="([^"]+)">\s*<SimpleValue>(.*?)(?:</SimpleValue>|/SimpleValue>)',
            row,
            re.S,
        )
        rows.append({column: value.strip() for column, value in cells})
    return rows


@pytest.fixture(scope="module")
def error_rows(oots_dir: Path) -> list[dict[str, str]]:
    return _rows((oots_dir / CODELISTS / "EDMErrorCodes-CodeList.gc").read_text(encoding="utf-8"))


def test_every_official_code_is_known_with_its_type_and_message(
    error_rows: list[dict[str, str]],
) -> None:
    assert [row["code"] for row in error_rows] == sorted(EDM_ERRORS)
    for row in error_rows:
        ours = EDM_ERRORS[row["code"]]
        assert ours.exception_type == row["name-Type"]
        assert ours.message == row["name-Value"]
        assert ours.message_for(EdmVersion.V1_2) == row["name-Value"]


def test_only_0008_changed_its_message_in_2_0() -> None:
    changed = [e.code for e in EDM_ERRORS.values() if e.message_for(EdmVersion.V2_0) != e.message]
    assert changed == [QUERY_EXCEPTION.code]


def test_severities_are_those_of_the_code_list(oots_dir: Path) -> None:
    root = read_xml_file(oots_dir / CODELISTS / "ErrorSeverity-CodeList.gc")
    codes = {
        value.findtext("SimpleValue", "").strip()
        for value in root.iter("Value")
        if value.get("ColumnRef") == "code"
    }
    assert SEVERITY_ERROR in codes
    assert SEVERITY_PREVIEW_REQUIRED_V1_0 in codes
    # 1.1 on (1.2 and 2.0 examples): the same URN on the .ec. host.
    assert (
        SEVERITY_PREVIEW_REQUIRED_V1_0.replace("sr.oots.tech.", "sr.oots.tech.ec.")
        == SEVERITY_PREVIEW_REQUIRED
    )


@pytest.mark.parametrize("version", list(EdmVersion))
def test_preview_required_is_the_only_non_error_severity(version: EdmVersion) -> None:
    for error in EDM_ERRORS.values():
        severity = error.severity_for(version)
        if error is PREVIEW_REQUIRED:
            assert severity.endswith(":EDMErrorResponse:PreviewRequired")
            assert (".ec." in severity) == (version is not EdmVersion.V1_0)
        else:
            assert severity == SEVERITY_ERROR


def test_media_types_are_the_official_list(oots_dir: Path) -> None:
    root = read_xml_file(oots_dir / CODELISTS / "OOTSMediaTypes-CodeList.gc")
    codes = {
        value.findtext("SimpleValue", "").strip()
        for value in root.iter("Value")
        if value.get("ColumnRef") == "code"
    }
    assert codes == OOTS_MEDIA_TYPES


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("oots-edm:v1.0", EdmVersion.V1_0),
        (" oots-edm:v1.2\n", EdmVersion.V1_2),
        ("oots-edm:v2.0", EdmVersion.V2_0),
        ("oots-edm:v2.0.1", None),
        ("oots-edm:v3.0", None),
        ("", None),
        (None, None),
    ],
)
def test_version_parse(value: str | None, expected: EdmVersion | None) -> None:
    assert EdmVersion.parse(value) is expected


UUID = "b6a49e54-8b3c-4688-acad-380440dc5962"


def test_sr_key_joins_both_spellings() -> None:
    v1_0 = f"https://sr.oots.tech.europa.eu/evidencetypeclassifications/EU/{UUID}"
    v1_2 = f"https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/EU/{UUID}"
    assert sr_key(v1_0) == sr_key(f"  {v1_2}\n") == v1_2
    acceptance = f"https://sr.acc.oots.tech.ec.europa.eu/requirements/{UUID}"
    assert sr_key(acceptance) == acceptance  # another environment: another identifier


def test_sr_spelling_per_version() -> None:
    model = "https://sr.oots.tech.ec.europa.eu/datamodels/elm-3.2"
    assert (
        sr_spelling(model, EdmVersion.V1_0)
        == "https://sr.oots.tech.europa.eu/distributions/elm-3.2"
    )
    assert sr_spelling(model, EdmVersion.V1_2) == model
    assert sr_spelling(sr_spelling(model, EdmVersion.V1_0), EdmVersion.V2_0) == model
    assert sr_spelling("https://example.org/model", EdmVersion.V1_0) == "https://example.org/model"
