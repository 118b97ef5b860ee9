"""Reading providers' answers for the requester tool: ours and the official samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.core.oots.codes import PREVIEW_REQUIRED, STATUS_SUCCESS
from gateway.core.oots.reply import MalformedResponse, read_query_response
from tests.core.oots import support


def test_official_1_2_preview_flow_answers(oots_dir: Path) -> None:
    first = read_query_response((oots_dir / support.PREVIEW_ERROR_1_2).read_bytes())
    assert first.failed
    assert first.exceptions[0].code == PREVIEW_REQUIRED.code
    assert first.preview_location == (
        "https://preview.space.example.com/requests?session=d36af8bc-fea6-4ee5-a32d-5bef82cdb071"
    )
    second = read_query_response((oots_dir / support.SECOND_RESPONSE_1_2).read_bytes())
    assert second.status == STATUS_SUCCESS
    assert not second.failed
    assert second.preview_location is None
    (evidence,) = second.evidences
    assert evidence.href == "cid:bb39b56b-57e2-4e0b-98a4-70f5a8127b3c@it.nrw"
    assert evidence.format == "application/xml"
    assert evidence.classification_node is None


def test_official_2_0_response(oots_dir: Path) -> None:
    summary = read_query_response((oots_dir / support.FR_RESPONSE).read_bytes())
    assert summary.specification == "oots-edm:v2.0"
    (evidence,) = summary.evidences  # found inside the RegistryPackage
    assert evidence.classification_node == "MainEvidence"
    assert evidence.href == "cid:1a2b3c4d-0000-4000-8000-000000000003@pdf.oots.fr"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<a/>", "not a query:QueryResponse"),
        (b"<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>", "DTD"),
        (
            b"<q:QueryResponse xmlns:q='urn:oasis:names:tc:ebxml-regrep:xsd:query:4.0'",
            "well-formed",
        ),
    ],
)
def test_malformed_answers(data: bytes, message: str) -> None:
    with pytest.raises(MalformedResponse, match=message):
        read_query_response(data)
