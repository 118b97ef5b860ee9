"""GET /badges/{id}: the public page of a shared badge, and its downloads (no login).

The page shows the badge, what it certifies and whether it still holds (``badge_validity``);
the credential is downloadable as the signed VC-JWT, as JSON and baked into the images. Nothing
on it names the learner: the credential identifies them only by a salted hash. A revoked link
answers 410 Gone (the page says it was withdrawn; no download).
"""

from __future__ import annotations

import json

from aiohttp import web

from gateway.flows.badges.shares import SharedBadge, Validity, shared_badge
from gateway.web import appkeys
from gateway.web.i18n import choose_language
from gateway.web.render import render

# The page changes when the learner revokes the link: never cached for long.
NO_CACHE = {"Cache-Control": "no-cache", "X-Robots-Tag": "noindex"}


async def _found(request: web.Request) -> SharedBadge:
    return await shared_badge(request.app[appkeys.SERVICES], request.match_info["share_id"])


async def page(request: web.Request) -> web.StreamResponse:
    found = await _found(request)
    gone = found.validity is Validity.LINK_REVOKED
    return render(
        request,
        "badge_share.html",
        status=410 if gone else 200,
        headers=NO_CACHE,
        badge=found,
        face=found.face(choose_language(request)),
        gone=gone,
    )


async def document(request: web.Request) -> web.StreamResponse:
    found = await _found(request)
    if found.validity is Validity.LINK_REVOKED:
        raise web.HTTPGone()
    name = request.match_info["name"]
    lang = choose_language(request)
    if name == "credential.jwt":
        body, media = found.share.credential.encode("ascii"), "application/jwt"
    elif name == "credential.json":
        text = json.dumps(found.credential, ensure_ascii=False, indent=2) + "\n"
        body, media = text.encode("utf-8"), "application/json"
    elif name == "badge.svg":
        body, media = found.svg(lang).encode("utf-8"), "image/svg+xml"
    elif name == "badge.png":
        body, media = found.png(lang), "image/png"
    else:
        raise web.HTTPNotFound()
    return web.Response(body=body, content_type=media, headers=NO_CACHE)
