"""GET /badges/issuers/{schac}: the awarding institution's OB 3.0 Profile with its badge key."""

from __future__ import annotations

import json

from aiohttp import web

from gateway.flows.badges.issue import issuer_profile_document
from gateway.web import appkeys

PROFILE_TYPE = "application/ld+json"
CACHE = {"Cache-Control": "public, max-age=300"}  # public data; a key change shows within minutes


async def issuer_profile(request: web.Request) -> web.StreamResponse:
    document = await issuer_profile_document(
        request.app[appkeys.SERVICES], request.match_info["schac"]
    )
    body = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    return web.Response(body=body, content_type=PROFILE_TYPE, charset="utf-8", headers=CACHE)
