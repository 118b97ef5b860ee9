"""Reading an HTML form body: aiohttp's parser errors become one typed refusal (400)."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from multidict import MultiDictProxy

from gateway.errors import InvalidInput


async def read_form(request: web.Request) -> MultiDictProxy[Any]:
    """``request.post()``, with a malformed body (a multipart part without a name, a charset
    Python does not know, an unknown transfer encoding, undecodable bytes) refused as
    ``InvalidInput`` instead of escaping as ValueError, LookupError or RuntimeError."""
    try:
        return await request.post()
    except (ValueError, LookupError, RuntimeError) as exc:
        raise InvalidInput(
            "The form could not be read.", detail=f"{type(exc).__name__}: {str(exc)[:200]}"
        ) from None
