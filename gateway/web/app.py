"""The aiohttp application factory."""

from __future__ import annotations

import socket
import ssl

from aiohttp import web

from gateway.errors import ConfigError
from gateway.flows.wallet.kinds.registry import KindRegistry
from gateway.settings import Settings
from gateway.web import appkeys
from gateway.web.access_log import access_log_options
from gateway.web.auth import session_middleware, set_session_cookie
from gateway.web.handlers.credential_status.lists import status_lists_ctx
from gateway.web.handlers.emrex.registry import registry_ctx
from gateway.web.lifecycle import merits_feed_ctx, retention_ctx, services_ctx
from gateway.web.metrics import metrics_middleware
from gateway.web.middlewares import (
    error_middleware,
    request_id_middleware,
    security_headers_middleware,
)
from gateway.web.oots_worker import oots_ctx
from gateway.web.render import Renderer
from gateway.web.routes import setup_routes


def create_app(settings: Settings, *, wallet_kinds: KindRegistry | None = None) -> web.Application:
    """The gateway; ``wallet_kinds``: credential kinds other than the registry's (tests)."""
    app = web.Application(
        client_max_size=settings.server.max_body_bytes,
        middlewares=[
            metrics_middleware,
            request_id_middleware,
            security_headers_middleware,
            error_middleware,
            session_middleware,
        ],
    )
    app.on_response_prepare.append(set_session_cookie)
    app[appkeys.SETTINGS] = settings
    app[appkeys.RENDERER] = Renderer()
    if wallet_kinds is not None:
        app[appkeys.WALLET_KINDS] = wallet_kinds
    app.cleanup_ctx.append(services_ctx)
    app.cleanup_ctx.append(registry_ctx)  # after the services it uses
    app.cleanup_ctx.append(oots_ctx)  # OOTS provider and its outbox delivery loop
    app.cleanup_ctx.append(retention_ctx)  # the periodic purge of [retention]
    app.cleanup_ctx.append(merits_feed_ctx)  # earlier EMREX imports into the API's feed
    app.cleanup_ctx.append(status_lists_ctx)  # status list tokens signed before they expire
    setup_routes(app)
    return app


def server_ssl_context(settings: Settings) -> ssl.SSLContext | None:
    """The TLS context of ``[server] tls_cert``/``tls_key`` (None: plain http)."""
    server = settings.server
    if server.tls_cert is None and server.tls_key is None:
        return None
    if server.tls_cert is None or server.tls_key is None:
        raise ConfigError("[server] tls_cert and tls_key go together: set both or neither")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(server.tls_cert, server.tls_key)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(
            f"[server] tls_cert/tls_key ({server.tls_cert}, {server.tls_key}) cannot be loaded: "
            f"{exc}; run `gateway certs` for a development certificate"
        ) from None
    if settings.api.tls_client_ca is not None:
        # The integration API's clients may present a certificate (pinned per client); the
        # learners' browsers need not: optional, verified against the configured CA.
        try:
            context.load_verify_locations(cafile=settings.api.tls_client_ca)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(
                f"[api] tls_client_ca ({settings.api.tls_client_ca}) cannot be loaded: {exc}"
            ) from None
        context.verify_mode = ssl.CERT_OPTIONAL
    return context


def serve(settings: Settings, sock: socket.socket | None = None) -> None:
    """Run one server process until interrupted (over TLS when ``[server] tls_cert`` is set);
    ``sock``: a listening socket to serve on instead of ``[server] host``/``port`` (a worker)."""
    context = server_ssl_context(settings)
    web.run_app(
        create_app(settings),
        host=None if sock else settings.server.host,
        port=None if sock else settings.server.port,
        sock=sock,
        ssl_context=context,
        print=None,
        **access_log_options(settings),
    )
