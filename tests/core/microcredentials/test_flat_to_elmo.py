"""core/microcredentials/flat_to_elmo.py: flat claims → ELMO 1.7, checked against the ELMO XSD."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gateway.core.elmo.schema import ElmoSchema
from gateway.core.microcredentials.flat_to_elmo import flat_micro_to_elmo
from gateway.core.xml import parse_xml
from gateway.errors import InvalidInput

CLAIMS: dict[str, Any] = {
    "title": "Database Design I",
    "awardingBody": "Uppsala University",
    "awardingBodyIdentifier": "uu.se",
    "issuerCountry": "SE",
    "notionalWorkload": {"value": 7.5, "unit": "ECTS"},
    "level": "EQF-6",
    "issuanceDate": "2026-06-01",
    "grade": "4",
    "gradingScheme": "U, 3, 4, 5",
    "givenName": "Karin",
    "familyName": "Lind",
    "dateOfBirth": "1999-03-04",
}


def _valid(xml: bytes, schema_dir: Path) -> None:
    ElmoSchema.load(schema_dir).validate(parse_xml(xml, max_bytes=len(xml)))


def test_graded_and_hours_only_credentials_are_valid_elmo(schema_dir: Path) -> None:
    xml, elmo = flat_micro_to_elmo(CLAIMS)
    _valid(xml, schema_dir)  # the official ELMO 1.7 XSD (lxml)
    (report,) = elmo.reports
    (los,) = report.opportunities
    assert los.instance.result_label == "4"
    assert [c.value for c in los.instance.credits] == [pytest.approx(7.5)]
    assert report.issuer.identifiers[0].type == "schac"
    ungraded = {k: v for k, v in CLAIMS.items() if k not in ("grade", "gradingScheme")}
    ungraded["notionalWorkload"] = {"value": 40, "unit": "hours"}
    xml, elmo = flat_micro_to_elmo(ungraded)
    _valid(xml, schema_dir)
    (los,) = elmo.reports[0].opportunities
    assert los.instance.result_label is None
    assert los.instance.credits == ()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("title", None),
        ("title", ["not", "text"]),
        ("level", "EQF-9"),
        ("issuanceDate", "yesterday"),
        ("notionalWorkload", {"value": "NaN", "unit": "ECTS"}),
        ("notionalWorkload", {"value": 5, "unit": "weeks"}),
        ("awardingBody", "x" * 5000),
    ],
)
def test_a_claim_of_the_wrong_shape_is_refused(name: str, value: Any) -> None:
    with pytest.raises(InvalidInput):
        flat_micro_to_elmo({**CLAIMS, name: value})
