"""The aiohttp implementation of the flows' HttpTransport (one ClientSession per process)."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import aiohttp

from gateway.errors import PeerError
from gateway.flows.transport import HttpReply


class AiohttpTransport:
    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def get(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout_s: float = 30.0,
        max_bytes: int = 4 << 20,
    ) -> HttpReply:
        return await self._request("GET", url, None, headers or {}, timeout_s, max_bytes)

    async def post(
        self,
        url: str,
        body: bytes,
        *,
        content_type: str,
        headers: Mapping[str, str] | None = None,
        timeout_s: float = 30.0,
        max_bytes: int = 4 << 20,
    ) -> HttpReply:
        sent = {"Content-Type": content_type, **(headers or {})}
        return await self._request("POST", url, body, sent, timeout_s, max_bytes)

    async def _request(
        self,
        method: str,
        url: str,
        body: bytes | None,
        headers: Mapping[str, str],
        timeout_s: float,
        max_bytes: int,
    ) -> HttpReply:
        try:
            async with self._session.request(
                method,
                url,
                # A file-like body: aiohttp warns (ResourceWarning) on raw bytes over 1 MiB.
                data=io.BytesIO(body) if body is not None else None,
                headers=dict(headers),
                timeout=aiohttp.ClientTimeout(total=timeout_s),
                allow_redirects=False,
            ) as response:
                data = await response.content.read(max_bytes + 1)
                if len(data) > max_bytes:
                    raise PeerError(f"{method} {url}: answer larger than {max_bytes} bytes")
                return HttpReply(
                    status=response.status,
                    body=data,
                    content_type=response.headers.get("Content-Type", ""),
                    headers={k: v for k, v in response.headers.items()},
                )
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise PeerError(f"{method} {url} failed: {type(exc).__name__}") from None


@asynccontextmanager
async def standalone_transport(user_agent: str) -> AsyncIterator[AiohttpTransport]:
    """A transport with its own ClientSession, for a command that runs without the server."""
    async with aiohttp.ClientSession(headers={"User-Agent": user_agent}) as session:
        yield AiohttpTransport(session)
