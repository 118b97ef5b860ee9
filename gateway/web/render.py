"""HTML rendering: one Jinja2 environment with autoescaping, templates from web/templates."""

from __future__ import annotations

from typing import Any

import jinja2
from aiohttp import web

from gateway.web.i18n import Language, translator


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
        html = self.env.get_template(template).render(lang=lang, t=translator(lang), **context)
        return web.Response(
            text=html, status=status, content_type="text/html", charset="utf-8", headers=headers
        )
