"""The whole URL surface of the gateway, in one table."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from gateway.web.handlers import home, login, transfers

STATIC_DIR = Path(__file__).parent / "static"


def setup_routes(app: web.Application) -> None:
    app.router.add_get("/", home.home, name="home")
    app.router.add_get("/login", login.login_page, name="login")
    app.router.add_post("/login", login.login)
    app.router.add_post("/logout", login.logout, name="logout")
    app.router.add_get("/transfers", transfers.transfers, name="transfers")
    app.router.add_static("/static/", STATIC_DIR, name="static", append_version=True)
