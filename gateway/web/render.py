"""HTML rendering: one autoescaping Jinja2 environment; pages get language, CSRF and user."""

from __future__ import annotations

from typing import Any

import jinja2
from aiohttp import web

from gateway.web import appkeys
from gateway.web.i18n import LANG_COOKIE, choose_language, translator
from gateway.web.texts.common import Language


class Renderer:
    def __init__(self) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("gateway.web", "templates"),
            autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def page(
        self,
        template: str,
        lang: Language,
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        **context: Any,
    ) -> web.Response:
        context.setdefault("session", None)
        context.setdefault("dev_login", False)
        context.setdefault("path", "/")
        html = self.env.get_template(template).render(lang=lang, t=translator(lang), **context)
        return web.Response(
            text=html, status=status, content_type="text/html", charset="utf-8", headers=headers
        )


def render(
    request: web.Request,
    template: str,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> web.Response:
    """A page in the request's language, with the browser session (for CSRF and the menu)."""
    from gateway.web.auth import SESSION_KEY

    lang = choose_language(request)
    settings = request.app[appkeys.SETTINGS]
    response = request.app[appkeys.RENDERER].page(
        template,
        lang,
        status=status,
        headers=headers,
        session=request.get(SESSION_KEY),
        dev_login=settings.auth.mode == "dev",
        path=request.path,
        **context,
    )
    if request.query.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax")
    return response
