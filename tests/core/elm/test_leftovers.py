"""The XML scan lists ELMO elements the model leaves out, with parse.py-style paths."""

from __future__ import annotations

from pathlib import Path

from gateway.core.elm.leftovers import unread_elements
from gateway.core.xml import parse_xml

NS = "https://github.com/emrex-eu/elmo-schemas/tree/v1"
LOI = "specifies/learningOpportunityInstance"


def test_official_example(schema_dir: Path) -> None:
    root = parse_xml((schema_dir / "elmo" / "example.xml").read_bytes())
    found = {(u.elmo_path, u.what) for u in unread_elements(root, signature_embedded=True)}
    los = "elmo/report[1]/learningOpportunitySpecification"
    assert found == {
        (f"{los}[1]/{LOI}/diplomaSupplement", "diplomaSupplement"),
        (f"{los}[2]/descriptionHtml", "descriptionHtml"),
        (f"{los}[2]/{LOI}/shortenedGrading", "shortenedGrading"),
        (f"{los}[2]/{LOI}/resultDistribution", "resultDistribution"),
        (f"{los}[2]/{LOI}/grouping", "grouping"),
        (f"{los}[2]/hasPart[1]/learningOpportunitySpecification/{LOI}/grouping", "grouping"),
        (f"{los}[2]/hasPart[2]/learningOpportunitySpecification/{LOI}/grouping", "grouping"),
        (f"{los}[2]/hasPart[2]/learningOpportunitySpecification/{LOI}/extension", "extension"),
        (f"{los}[3]/{LOI}/resultDistribution", "resultDistribution"),
        (f"{los}[3]/{LOI}/attachments", "attachments"),
        ("elmo/groups", "groups"),
        ("elmo/Signature", "Signature"),
    }


def test_empty_and_foreign_elements() -> None:
    xml = (
        f'<elmo xmlns="{NS}"><learner><givenNames>A</givenNames><familyName>B</familyName>'
        "<currentAddress>Gatan 1</currentAddress></learner><report><issuer/>"
        '<extension/><x:note xmlns:x="urn:example">hi</x:note></report>'
        "<report/></elmo>"
    ).encode()
    found = unread_elements(parse_xml(xml), signature_embedded=False)
    assert [(u.elmo_path, u.what) for u in found] == [
        ("elmo/learner/currentAddress", "currentAddress"),
        ("elmo/report[1]/note", "note"),
    ]
    assert "urn:example" in found[1].reason
