"""Outbound HTTP as the flows see it: a small protocol the web layer implements with aiohttp."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class HttpReply:
    status: int
    body: bytes
    content_type: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)


class HttpTransport(Protocol):
    """GET and POST with explicit timeouts and body caps; network failures raise PeerError."""

    async def get(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout_s: float = 30.0,
        max_bytes: int = 4 << 20,
    ) -> HttpReply: ...

    async def post(
        self,
        url: str,
        body: bytes,
        *,
        content_type: str,
        headers: Mapping[str, str] | None = None,
        timeout_s: float = 30.0,
        max_bytes: int = 4 << 20,
    ) -> HttpReply: ...
