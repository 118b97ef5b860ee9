"""Browser sessions (an opaque cookie), learner authentication (header or dev) and CSRF checks."""

from __future__ import annotations

import hmac
import ipaddress
import logging
from http.cookies import SimpleCookie
from urllib.parse import quote, urlsplit

from aiohttp import web
from aiohttp.typedefs import Handler

from gateway.core.sessions import BrowserSession
from gateway.errors import AuthenticationRequired, Forbidden
from gateway.flows.emrex import browser
from gateway.web import appkeys

log = logging.getLogger(__name__)
SESSION_COOKIE = "gw_session"
SESSION_KEY = web.RequestKey("browser_session", BrowserSession)
NEW_TOKEN_KEY = web.RequestKey("new_session_token", str)


class LoginRequired(AuthenticationRequired):
    """Not logged in; the development login page can take the learner back to ``next_url``."""

    def __init__(self, next_url: str) -> None:
        super().__init__("Please log in to continue.")
        self.next_url = next_url


@web.middleware
async def session_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Load the browser session named by the cookie, if any and not expired."""
    services = request.app[appkeys.SERVICES]
    found = await browser.load_session(services, request.cookies.get(SESSION_COOKIE))
    if found is not None:
        request[SESSION_KEY] = found
    return await handler(request)


async def set_session_cookie(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare: send the cookie of a session created while handling the request
    (also on redirects and error pages). The header is added directly: aiohttp has already
    turned ``response.cookies`` into headers when this hook runs."""
    token = request.get(NEW_TOKEN_KEY)
    if token is None:
        return
    settings = request.app[appkeys.SETTINGS]
    cookie: SimpleCookie = SimpleCookie()
    cookie[SESSION_COOKIE] = token
    morsel = cookie[SESSION_COOKIE]
    morsel["max-age"] = str(settings.auth.session_minutes * 60)
    morsel["path"] = "/"
    morsel["httponly"] = True
    morsel["samesite"] = "Lax"
    if settings.server.is_https:
        morsel["secure"] = True
    response.headers.add("Set-Cookie", morsel.OutputString())


async def ensure_session(request: web.Request) -> BrowserSession:
    """The request's browser session, created (and its cookie sent) when there is none."""
    existing: BrowserSession | None = request.get(SESSION_KEY)
    if existing is not None:
        return existing
    token, created = await browser.start_session(request.app[appkeys.SERVICES])
    request[SESSION_KEY] = created
    request[NEW_TOKEN_KEY] = token
    return created


def _trusted(request: web.Request) -> bool:
    networks = request.app[appkeys.SETTINGS].auth.trusted_proxies
    try:
        remote = ipaddress.ip_address(request.remote or "")
    except ValueError:
        return False
    return any(remote in ipaddress.ip_network(net, strict=False) for net in networks)


async def current_learner(request: web.Request) -> BrowserSession:
    """The logged-in learner's session, or an error that the error middleware turns into a login
    redirect (dev), 401 (header missing) or 403 (header from an untrusted address)."""
    settings = request.app[appkeys.SETTINGS]
    session = await ensure_session(request)
    if settings.auth.mode == "header":
        claimed = request.headers.get(settings.auth.header)
        if claimed is None:
            raise AuthenticationRequired("Log in through your institution's login service.")
        if not _trusted(request):
            log.warning("identity header from an untrusted address refused")
            raise Forbidden("This request was not sent through the trusted login service.")
        if session.national_id != claimed.strip():
            session = await log_in(request, session, claimed.strip(), "header")
        return session
    if not session.logged_in:
        raise LoginRequired(request.path_qs)
    return session


async def log_in(
    request: web.Request, session: BrowserSession, national_id: str, method: str
) -> BrowserSession:
    """Log in with a rotated session: the response carries the new cookie."""
    token, rotated = await browser.log_in(
        request.app[appkeys.SERVICES], session, national_id, method
    )
    request[SESSION_KEY] = rotated
    request[NEW_TOKEN_KEY] = token
    return rotated


def check_csrf(request: web.Request, submitted: str | None) -> BrowserSession:
    """The form must carry this browser session's token (compared in constant time)."""
    session: BrowserSession | None = request.get(SESSION_KEY)
    if (
        session is None
        or not submitted
        or not hmac.compare_digest(session.csrf_token.encode(), submitted.encode())
    ):
        raise Forbidden("This form has expired or did not come from this site. Please try again.")
    return session


def safe_next(value: str | None) -> str:
    """A local path to go back to after login; anything else (open redirect) becomes "/"."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or any(ch in value for ch in "\r\n\\"):
        return "/"
    return value


def login_url(next_url: str) -> str:
    return "/login?next=" + quote(safe_next(next_url), safe="")
