"""RegRep payload + evidence attachments as ``multipart/related`` with Content-IDs (AS4, §3)."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import HTTP
from email.utils import collapse_rfc2231_value
from typing import Final
from urllib.parse import unquote

from gateway.core.oots.codes import EBRS_MEDIA_TYPE
from gateway.errors import InvalidInput

CRLF: Final = b"\r\n"
MAX_PARTS: Final = 256
_BOUNDARY = re.compile(r"^[0-9A-Za-z'()+_,./:=?-]{1,70}$")  # RFC 2046 bchars, no space
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


class MimePackageError(InvalidInput):
    """A multipart/related body that is malformed, too large or misses a referenced part."""


@dataclass(frozen=True)
class Part:
    """One MIME part; ``content_id`` is bare (no ``<>``, no ``cid:``)."""

    content_id: str
    media_type: str
    data: bytes

    @property
    def href(self) -> str:
        """The ``cid:`` URL that references this part (``rim:RepositoryItemRef/@xlink:href``)."""
        return f"cid:{self.content_id}"


@dataclass(frozen=True)
class Package:
    payload: Part
    attachments: tuple[Part, ...]

    def attachment(self, href: str) -> Part:
        """The attachment a ``cid:`` reference points to (RFC 2392 percent-decoding applied)."""
        wanted = unquote(href.removeprefix("cid:"))
        for part in self.attachments:
            if part.content_id == wanted:
                return part
        raise MimePackageError(f"no attachment with Content-ID <{wanted}>")


def build_package(parts: Package, *, boundary: str) -> tuple[str, bytes]:
    """The ``Content-Type`` header value and body carrying ``parts`` (binary, bytes intact).

    ``boundary`` is passed in (core code draws no random numbers) and must not occur in any
    part. The RegRep payload comes first and is named by ``start`` (RFC 2387).
    """
    if not _BOUNDARY.match(boundary):
        raise ValueError("the boundary must be 1–70 RFC 2046 characters without spaces")
    delimiter = b"--" + boundary.encode("ascii")
    every = (parts.payload, *parts.attachments)
    if len({p.content_id for p in every}) != len(every):
        raise ValueError("Content-IDs must be unique within a package")
    chunks = []
    for part in every:
        if delimiter in part.data:
            raise ValueError("the boundary occurs inside a part; choose another")
        if not _TOKEN.match(part.media_type) or any(c in part.content_id for c in "<>\r\n "):
            raise ValueError(f"unusable media type or Content-ID in part {part.content_id!r}")
        media_type = part.media_type
        if part is parts.payload and media_type == EBRS_MEDIA_TYPE:
            media_type += "; charset=UTF-8"
        headers = (
            f"Content-Type: {media_type}\r\n"
            "Content-Transfer-Encoding: binary\r\n"
            f"Content-ID: <{part.content_id}>\r\n"
        )
        chunks.append(delimiter + CRLF + headers.encode("ascii") + CRLF + part.data + CRLF)
    body = b"".join(chunks) + delimiter + b"--" + CRLF
    content_type = (
        f'multipart/related; type="{parts.payload.media_type}"; '
        f'boundary="{boundary}"; start="<{parts.payload.content_id}>"'
    )
    return content_type, body


def parse_package(content_type: str, body: bytes, *, max_parts: int = MAX_PARTS) -> Package:
    """Split a ``multipart/related`` body into its payload (``start``, else the first part)
    and attachments; base64 parts are decoded, binary/8bit/7bit ones taken as they are."""
    header = Message()
    header["Content-Type"] = content_type
    if header.get_content_type() != "multipart/related":
        raise MimePackageError(f"expected multipart/related, got {header.get_content_type()}")
    boundary, start = _param(header, "boundary"), _param(header, "start")
    if not boundary:
        raise MimePackageError("the multipart/related Content-Type has no boundary")
    parts = [_part(raw) for raw in _split(body, b"--" + boundary.encode("latin-1"), max_parts)]
    if not parts:
        raise MimePackageError("the multipart/related body has no parts")
    start_id = start.strip().strip("<>") if start else parts[0].content_id
    payload = next((p for p in parts if p.content_id == start_id), None)
    if payload is None:
        raise MimePackageError(f"the start part <{start_id}> is missing")
    return Package(payload, tuple(p for p in parts if p is not payload))


def _param(header: Message, name: str) -> str | None:
    value = header.get_param(name)
    if value is None or isinstance(value, str):
        return value
    return collapse_rfc2231_value(value)


def _split(body: bytes, delimiter: bytes, max_parts: int) -> Sequence[bytes]:
    """The raw parts between delimiter lines (preamble and epilogue dropped)."""
    if body.startswith(delimiter):
        position = 0
    else:
        position = body.find(CRLF + delimiter)
        if position < 0:
            raise MimePackageError("the body does not contain the boundary")
        position += len(CRLF)
    raws: list[bytes] = []
    while True:
        position += len(delimiter)
        if body[position : position + 2] == b"--":
            return raws
        line_end = body.find(CRLF, position)  # skips transport padding after the delimiter
        if line_end < 0:
            raise MimePackageError("the body ends inside a delimiter line")
        following = body.find(CRLF + delimiter, line_end)
        if following < 0:
            raise MimePackageError("the multipart body is not closed")
        raws.append(body[line_end + len(CRLF) : following])
        if len(raws) > max_parts:
            raise MimePackageError(f"more than {max_parts} parts")
        position = following + len(CRLF)


def _part(raw: bytes) -> Part:
    head, separator, data = raw.partition(CRLF + CRLF)
    if not separator:
        if raw.startswith(CRLF):  # a part without headers
            head, data = b"", raw[len(CRLF) :]
        else:
            raise MimePackageError("a MIME part has no header/body separator")
    headers = BytesHeaderParser(policy=HTTP).parsebytes(head + CRLF + CRLF)
    content_id = str(headers.get("Content-ID", "")).strip().strip("<>")
    if not content_id:
        raise MimePackageError("a MIME part has no Content-ID")
    encoding = str(headers.get("Content-Transfer-Encoding", "binary")).strip().lower()
    if encoding == "base64":
        try:
            data = base64.b64decode(b"".join(data.split()), validate=True)
        except binascii.Error:
            raise MimePackageError(f"part <{content_id}> is not valid base64") from None
    elif encoding not in ("binary", "8bit", "7bit"):
        raise MimePackageError(f"part <{content_id}> uses unsupported encoding {encoding}")
    media_type = headers.get_content_type() if "Content-Type" in headers else "text/plain"
    return Part(content_id, media_type, data)
