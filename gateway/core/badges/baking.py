"""Baking a signed credential into the badge image and reading it back (OB 3.0 §5.3, Baking).

PNG: one ``iTXt`` chunk with keyword ``openbadgecredential``, no compression, empty language
and translated keyword, the text the credential (a VC-JWT here), placed before ``IEND``; a
chunk already there is replaced (an image carries one credential). SVG: an
``<openbadges:credential verify="JWT"/>`` element (namespace ``https://purl.imsglobal.org/ob/v3p0``)
as the first child of the root; a JSON credential would be the element's CDATA text instead.
Reading checks the PNG signature, every chunk's CRC and length, and parses SVG through the
hardened ``core/xml.py``.
"""

from __future__ import annotations

import html
import struct
import zlib
from collections.abc import Iterator
from typing import Final

from gateway.core.badges.image import OB_NAMESPACE
from gateway.core.xml import parse_xml
from gateway.errors import InvalidInput

PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORD: Final = b"openbadgecredential"
MAX_IMAGE_BYTES: Final = 8 * 1024 * 1024
_CREDENTIAL_TAG: Final = f"{{{OB_NAMESPACE}}}credential"


class NotBaked(InvalidInput):
    """The image is malformed, or carries no (or more than one) baked credential."""


def _chunks(png: bytes) -> Iterator[tuple[bytes, bytes, int, int]]:
    """(type, data, start, end) of every chunk, CRCs checked."""
    if len(png) > MAX_IMAGE_BYTES:
        raise NotBaked("image too large")
    if not png.startswith(PNG_SIGNATURE):
        raise NotBaked("not a PNG image")
    at = len(PNG_SIGNATURE)
    while at < len(png):
        if at + 12 > len(png):
            raise NotBaked("truncated PNG chunk")
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind = png[at + 4 : at + 8]
        end = at + 12 + length
        if end > len(png):
            raise NotBaked("truncated PNG chunk")
        data = png[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length : end])
        if zlib.crc32(kind + data) != crc:
            raise NotBaked("PNG chunk CRC mismatch")
        yield kind, data, at, end
        at = end
        if kind == b"IEND":
            return
    raise NotBaked("PNG without IEND")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _is_credential(kind: bytes, data: bytes) -> bool:
    return kind == b"iTXt" and data.split(b"\0", 1)[0] == PNG_KEYWORD


def bake_png(png: bytes, credential: str) -> bytes:
    """``png`` with ``credential`` in its ``openbadgecredential`` iTXt chunk."""
    chunk = _chunk(b"iTXt", PNG_KEYWORD + b"\0\0\0" + b"\0" + b"\0" + credential.encode("utf-8"))
    parts: list[bytes] = [PNG_SIGNATURE]
    for kind, data, start, end in _chunks(png):
        if kind == b"IEND":
            parts.append(chunk)
        if not _is_credential(kind, data):
            parts.append(png[start:end])
    return b"".join(parts)


def unbake_png(png: bytes) -> str:
    """The credential baked into ``png``."""
    found = [data for kind, data, _, _ in _chunks(png) if _is_credential(kind, data)]
    if len(found) != 1:
        raise NotBaked(f"expected one openbadgecredential chunk, found {len(found)}")
    data = found[0]
    at = len(PNG_KEYWORD) + 1  # keyword and its NUL
    if len(data) < at + 2:
        raise NotBaked("malformed iTXt chunk")
    compressed, method = data[at], data[at + 1]
    _language, first, rest = data[at + 2 :].partition(b"\0")
    _translated, second, text = rest.partition(b"\0")
    if not (first and second):
        raise NotBaked("malformed iTXt chunk")
    if compressed:
        if method != 0:
            raise NotBaked("unknown iTXt compression")
        inflater = zlib.decompressobj()
        text = inflater.decompress(text, MAX_IMAGE_BYTES)
        if inflater.unconsumed_tail:
            raise NotBaked("compressed credential too large")
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        raise NotBaked("the baked credential is not UTF-8") from None


def bake_svg(svg: str, credential: str) -> str:
    """``svg`` (ours: its root declares the openbadges namespace) with the JWT baked in."""
    root_end = svg.find(">", svg.find("<svg"))
    if root_end < 0 or f'xmlns:openbadges="{OB_NAMESPACE}"' not in svg[:root_end]:
        raise ValueError("the SVG root does not declare the openbadges namespace")
    element = f'\n<openbadges:credential verify="{html.escape(credential)}"/>'
    return svg[: root_end + 1] + element + svg[root_end + 1 :]


def unbake_svg(svg: bytes) -> str:
    """The credential baked into an SVG: the ``verify`` attribute (VC-JWT) or the text (JSON)."""
    root = parse_xml(svg, max_bytes=MAX_IMAGE_BYTES)
    found = [child for child in root if child.tag == _CREDENTIAL_TAG]
    if len(found) != 1:
        raise NotBaked(f"expected one openbadges:credential element, found {len(found)}")
    element = found[0]
    jwt = element.get("verify")
    value = jwt if jwt is not None else (element.text or "").strip()
    if not value:
        raise NotBaked("the openbadges:credential element is empty")
    return value
