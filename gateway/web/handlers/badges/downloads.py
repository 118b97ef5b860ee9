"""The learner's badges on Digital wallet: "Download badge" (SVG, PNG, JSON), share links.

``GET /wallet/badges/{result}.{svg|png|json}`` signs the course's badge afresh and sends it as
an attachment (the images baked with the VC-JWT; ``.json`` the signed credential). ``POST
/wallet/badges/shares`` makes a share link of one course, ``POST
/wallet/badges/shares/{id}/revoke`` withdraws one; both go back to the badge section.
"""

from __future__ import annotations

from aiohttp import web

from gateway.errors import InvalidInput
from gateway.flows.badges.issue import eligible_course, issue_badge
from gateway.flows.badges.shares import create_share, revoke_share
from gateway.web import appkeys
from gateway.web.auth import check_csrf, current_learner
from gateway.web.forms import read_form
from gateway.web.i18n import choose_language

NO_STORE = {"Cache-Control": "no-store"}
BACK = "/wallet#badges"
MEDIA_TYPES = {"svg": "image/svg+xml", "png": "image/png", "json": "application/json"}


def _result_id(value: str) -> int:
    if not value.isdigit() or len(value) > 12:
        raise InvalidInput("a badge is named by the result id of its course")
    return int(value)


async def download(request: web.Request) -> web.StreamResponse:
    session = await current_learner(request)
    kind = request.match_info["format"]
    if kind not in MEDIA_TYPES:
        raise web.HTTPNotFound()
    services = request.app[appkeys.SERVICES]
    course = await eligible_course(
        services, session.national_id or "", result_id=_result_id(request.match_info["result"])
    )
    issued = issue_badge(services, course, now=services.clock(), lang=choose_language(request))
    body = {"svg": issued.svg.encode("utf-8"), "png": issued.png, "json": issued.credential_json()}
    name = f"badge-{issued.code}.{kind}"
    headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'}
    return web.Response(body=body[kind], content_type=MEDIA_TYPES[kind], headers=headers)


async def share(request: web.Request) -> web.StreamResponse:
    session = await current_learner(request)
    form = await read_form(request)
    csrf = form.get("csrf")
    check_csrf(request, csrf if isinstance(csrf, str) else None)
    value = form.get("badge_result")
    result_id = _result_id(value if isinstance(value, str) else "")
    await create_share(request.app[appkeys.SERVICES], session.national_id or "", result_id)
    raise web.HTTPSeeOther(BACK)


async def revoke(request: web.Request) -> web.StreamResponse:
    session = await current_learner(request)
    form = await read_form(request)
    csrf = form.get("csrf")
    check_csrf(request, csrf if isinstance(csrf, str) else None)
    await revoke_share(
        request.app[appkeys.SERVICES], session.national_id or "", request.match_info["share_id"]
    )
    raise web.HTTPSeeOther(BACK)
