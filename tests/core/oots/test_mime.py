"""multipart/related packaging of a response and its attachments, and reading it back."""

from __future__ import annotations

import base64
import email
from email import policy

import pytest

from gateway.core.oots.codes import EBRS_MEDIA_TYPE, EdmVersion
from gateway.core.oots.mime import (
    MimePackageError,
    Package,
    Part,
    build_package,
    parse_package,
)
from gateway.core.oots.reply import read_query_response
from gateway.core.oots.response import build_query_response
from tests.core.oots import factories

BOUNDARY = "oots-5b1e0c7d2a9f4e63"
PAYLOAD_ID = "body5b1e0c7d@gateway.example.se"


def _package(version: EdmVersion = EdmVersion.V1_0) -> Package:
    elm, pdf = factories.documents()
    payload = build_query_response(
        factories.request(version),
        response_id=factories.RESPONSE_ID,
        issued_at=factories.NOW,
        provider=factories.PROVIDER,
        issuance=factories.ISSUANCE,
        documents=(elm, pdf),
    )
    return Package(
        Part(PAYLOAD_ID, EBRS_MEDIA_TYPE, payload),
        (
            Part(elm.content_id, elm.media_type, factories.ELM_JSON),
            Part(pdf.content_id, pdf.media_type, factories.PDF_BYTES),
        ),
    )


@pytest.mark.parametrize("version", [EdmVersion.V1_0, EdmVersion.V2_0])
def test_round_trip_keeps_every_byte(version: EdmVersion) -> None:
    original = _package(version)
    content_type, body = build_package(original, boundary=BOUNDARY)
    assert content_type.startswith("multipart/related;")
    assert f'start="<{PAYLOAD_ID}>"' in content_type
    assert f'type="{EBRS_MEDIA_TYPE}"' in content_type
    assert parse_package(content_type, body) == original


def test_cid_references_resolve_to_the_parts() -> None:
    content_type, body = build_package(_package(), boundary=BOUNDARY)
    received = parse_package(content_type, body)
    summary = read_query_response(received.payload.data)
    resolved = {e.href: received.attachment(e.href) for e in summary.evidences}
    assert {href: part.media_type for href, part in resolved.items()} == {
        e.href: e.format for e in summary.evidences
    }
    pdf = received.attachment("cid:pdf8a0d6c55@gateway.example.se")
    assert pdf.data == factories.PDF_BYTES
    assert pdf.href == "cid:pdf8a0d6c55@gateway.example.se"
    with pytest.raises(MimePackageError, match="no attachment"):
        received.attachment("cid:missing@gateway.example.se")


def test_stdlib_email_reads_our_package() -> None:
    """An independent MIME reader sees the same parts, Content-IDs and bytes."""
    content_type, body = build_package(_package(), boundary=BOUNDARY)
    message = email.message_from_bytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body, policy=policy.default
    )
    parts = list(message.iter_parts())
    assert [p["Content-ID"] for p in parts] == [
        f"<{PAYLOAD_ID}>",
        "<elm5b1e0c7d@gateway.example.se>",
        "<pdf8a0d6c55@gateway.example.se>",
    ]
    assert [p.get_content_type() for p in parts] == [
        EBRS_MEDIA_TYPE,
        "application/json",
        "application/pdf",
    ]
    assert parts[2].get_payload(decode=True) == factories.PDF_BYTES


def test_start_names_the_payload_wherever_it_is() -> None:
    body = (
        b"preamble to ignore\r\n"
        b"--b1\r\nContent-Type: application/pdf\r\nContent-ID: <pdf1@x.se>\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(factories.PDF_BYTES).replace(b"\n", b"\r\n")
        + b"\r\n--b1   \r\nContent-Type: application/x-ebrs+xml\r\nContent-ID: <body@x.se>\r\n\r\n"
        b"<xml/>\r\n--b1--\r\nepilogue"
    )
    received = parse_package('multipart/related; boundary=b1; start="<body@x.se>"', body)
    assert received.payload == Part("body@x.se", EBRS_MEDIA_TYPE, b"<xml/>")
    assert received.attachments == (Part("pdf1@x.se", "application/pdf", factories.PDF_BYTES),)


def test_without_start_the_first_part_is_the_payload() -> None:
    body = (
        b"--b1\r\nContent-ID: <a@x.se>\r\n\r\nA\r\n--b1\r\nContent-ID: <b@x.se>\r\n\r\nB\r\n--b1--"
    )
    received = parse_package("multipart/related; boundary=b1", body)
    assert received.payload.content_id == "a@x.se"
    assert received.payload.media_type == "text/plain"


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        ("application/xml", b"<x/>", "expected multipart/related"),
        ("multipart/related", b"--b1--", "no boundary"),
        ("multipart/related; boundary=b1", b"no delimiter here", "does not contain"),
        ("multipart/related; boundary=b1", b"--b1\r\nContent-ID: <a@x>\r\n\r\nA", "not closed"),
        ("multipart/related; boundary=b1", b"--b1\r\n\r\nA\r\n--b1--", "no Content-ID"),
        ("multipart/related; boundary=b1", b"--b1--", "no parts"),
        (
            'multipart/related; boundary=b1; start="<z@x>"',
            b"--b1\r\nContent-ID: <a@x>\r\n\r\nA\r\n--b1--",
            "start part",
        ),
        (
            "multipart/related; boundary=b1",
            b"--b1\r\nContent-ID: <a@x>\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%\r\n--b1--",
            "base64",
        ),
        (
            "multipart/related; boundary=b1",
            b"--b1\r\nContent-ID: <a@x>\r\nContent-Transfer-Encoding: x-zip\r\n\r\nA\r\n--b1--",
            "unsupported encoding",
        ),
    ],
)
def test_malformed_packages_are_refused(content_type: str, body: bytes, message: str) -> None:
    with pytest.raises(MimePackageError, match=message):
        parse_package(content_type, body)


def test_part_count_is_bounded() -> None:
    part = b"--b1\r\nContent-ID: <a@x>\r\n\r\nA\r\n"
    with pytest.raises(MimePackageError, match="more than 3"):
        parse_package("multipart/related; boundary=b1", part * 5 + b"--b1--", max_parts=3)


def test_packaging_refuses_what_it_cannot_frame() -> None:
    package = _package()
    with pytest.raises(ValueError, match="boundary occurs"):
        build_package(package, boundary="not-the-boundary")  # it is inside PDF_BYTES
    with pytest.raises(ValueError, match="boundary must"):
        build_package(package, boundary="has space")
    twice = Package(package.payload, (package.attachments[0], package.attachments[0]))
    with pytest.raises(ValueError, match="unique"):
        build_package(twice, boundary=BOUNDARY)
    bad_type = Package(package.payload, (Part("a@x.se", "application/pdf; x=1", b""),))
    with pytest.raises(ValueError, match="media type"):
        build_package(bad_type, boundary=BOUNDARY)
