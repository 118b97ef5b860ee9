"""The aiohttp application factory."""

from __future__ import annotations

from aiohttp import web

from gateway.settings import Settings
from gateway.web import appkeys
from gateway.web.auth import session_middleware, set_session_cookie
from gateway.web.handlers.registry import registry_ctx
from gateway.web.lifecycle import services_ctx
from gateway.web.middlewares import (
    error_middleware,
    request_id_middleware,
    security_headers_middleware,
)
from gateway.web.oots_worker import oots_ctx
from gateway.web.render import Renderer
from gateway.web.routes import setup_routes


def create_app(settings: Settings) -> web.Application:
    app = web.Application(
        client_max_size=settings.server.max_body_bytes,
        middlewares=[
            request_id_middleware,
            security_headers_middleware,
            error_middleware,
            session_middleware,
        ],
    )
    app.on_response_prepare.append(set_session_cookie)
    app[appkeys.SETTINGS] = settings
    app[appkeys.RENDERER] = Renderer()
    app.cleanup_ctx.append(services_ctx)
    app.cleanup_ctx.append(registry_ctx)  # after the services it uses
    app.cleanup_ctx.append(oots_ctx)  # OOTS provider and its outbox delivery loop
    setup_routes(app)
    return app


def serve(settings: Settings) -> None:
    """Run one server process until interrupted."""
    web.run_app(
        create_app(settings),
        host=settings.server.host,
        port=settings.server.port,
        access_log=None,
        print=None,
    )
