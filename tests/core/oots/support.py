"""Helpers for the OOTS tests: official example files, Domibus payloads, structure shapes."""

from __future__ import annotations

import base64
from pathlib import Path

from lxml import etree

from gateway.core.oots.codes import XSI_NS
from gateway.core.oots.validate import OotsValidator, Transaction
from gateway.core.xml import parse_xml, read_xml_file

EXCHANGE = Path("tdd-1.0.x/xml/Exchange/4.5.4 - OOTS-EDM XML Examples of the Evidence Exchange")
BIRTH_REQUEST = EXCHANGE / (
    "2 Example for requesting a Birth Certificate - natural person/"
    "2.1 Step 1  Evidence Request - Birth - full example.xml"
)
BIRTH_RESPONSE = EXCHANGE / (
    "2 Example for requesting a Birth Certificate - natural person/"
    "2.2 Step 2  Evidence Response - Birth - full example.xml"
)
TAX_REQUEST = EXCHANGE / (
    "4 Example for requesting an Extract of a Commercial Register/"
    "4.1 Step 1  Evidence Request  - Tax - full example.xml"
)
EDUCATION_ERROR = EXCHANGE / (
    "3 Example for requesting Secondary Education Completion Evidence/"
    "3.2 Step 2 Error Response - Education - full example.xml"
)
FIRST_REQUEST_1_2 = Path("tdd-1.2-examples/EDM_Ferst_Request.xml")
SECOND_REQUEST_1_2 = Path("tdd-1.2-examples/EDM_Second_Request.xml")
PREVIEW_ERROR_1_2 = Path("tdd-1.2-examples/EDM_Ferst_Response.xml")
SECOND_RESPONSE_1_2 = Path("tdd-1.2-examples/EDM_Second_Response.xml")
FR_REQUEST = Path("oots-france-v2.0/reference/messages/requete.xml")
FR_RESPONSE = Path("oots-france-v2.0/reference/messages/reponse.xml")
FR_ERROR = Path("oots-france-v2.0/reference/messages/erreur.xml")
FR_CAPTURED_REQUEST = Path("oots-france-v2.0/incoming/reel/requete.xml")

#: Attributes whose values are part of a message's structure (not its data).
STRUCTURAL = {"name", f"{{{XSI_NS}}}type", "classificationScheme", "classificationNode", "status"}


def domibus_payload(envelope: Path) -> bytes:
    """The RegRep body a Domibus WS plugin hands over base64-encoded in ``payload/value``."""
    value = read_xml_file(envelope).find(".//payload/value")
    assert value is not None
    assert value.text
    return base64.b64decode(value.text.strip().strip("()"))


def shape(data: bytes) -> list[str]:
    """A message's structure as one line per distinct element path: path, structural
    attributes, other attribute names. Text, repeated elements and the parts of an address
    (data, not structure) are left out."""
    lines: list[str] = []

    def walk(element: etree._Element, path: str) -> None:
        tag = etree.QName(element).localname
        here = f"{path}/{tag}"
        structural = sorted(f"{k!s}={v!s}" for k, v in element.attrib.items() if k in STRUCTURAL)
        others = sorted(etree.QName(k).localname for k in element.attrib if k not in STRUCTURAL)
        lines.append(f"{here} {structural} {others}")
        if tag in ("Address", "CurrentAddress"):
            return
        for child in element:
            if isinstance(child.tag, str):
                walk(child, here)

    walk(parse_xml(data), "")
    return list(dict.fromkeys(lines))


def conformance_errors(
    validator: OotsValidator, transaction: Transaction, data: bytes
) -> list[str]:
    """XSD violations and failed Schematron rules (warning/info asserts left out)."""
    root = parse_xml(data)
    assert validator.schematron is not None
    report = validator.schematron.check(transaction, root)
    return validator.xsd.errors(root) + [f"{f.rule}: {f.text}" for f in report.errors]


def failed_rules(validator: OotsValidator, transaction: Transaction, data: bytes) -> set[str]:
    assert validator.schematron is not None
    report = validator.schematron.check(transaction, parse_xml(data))
    return {f.rule or "(unnamed)" for f in report.errors}
