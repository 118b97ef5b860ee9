"""A rogue EMREX contact point for the local federation: it answers with garbage.

It is listed in the registry as DK-ROGUE (config/federation/rogue.toml) and serves `/emrex` like a
contact point, but instead of a login and a selection it shows a page with two answers to send
back to the client, both `NCP_OK`:

- "malformed": an `elmo` that is not base64 of gzip of an ELMO at all;
- "bad signature": a real, well-formed signed ELMO, but signed by another contact point's key (se's
  export of Karin Andersson, made by `make federation-up`), not by the key the registry publishes
  for DK-ROGUE.

A client must refuse both, say why, and store nothing. Each answer is a plain form (no JavaScript).

    .venv/bin/python scripts/rogue_emp.py --port 8464 --forged var/federation/rogue/forged.b64
"""

from __future__ import annotations

import argparse
import base64
import html
from pathlib import Path

from aiohttp import web

GARBAGE = base64.b64encode(b"this is not an ELMO: neither gzip nor XML").decode("ascii")
VARIANTS_KEY = web.AppKey("variants", dict[str, tuple[str, str]])
PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Rogue contact point</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<main>
<h1>Rogue contact point (DK-ROGUE)</h1>
<p>A test peer of the local federation. It answers the EMREX client at
<code>{return_url}</code> with one of these, and the client must refuse both:</p>
{forms}
</main>
</body>
</html>
"""
FORM = """<form method="post" action="{action}">
<input type="hidden" name="sessionId" value="{session}">
<input type="hidden" name="returnCode" value="NCP_OK">
<input type="hidden" name="returnMessage" value="{label}">
<input type="hidden" name="elmo" value="{elmo}">
<button type="submit" name="variant" value="{key}">Send: {label}</button>
</form>
"""


async def receive(request: web.Request) -> web.StreamResponse:
    """``GET|POST /emrex`` with ``sessionId`` and ``returnUrl``: the page of answers."""
    fields = await request.post() if request.method == "POST" else request.query
    session = fields.get("sessionId")
    return_url = fields.get("returnUrl")
    if not isinstance(session, str) or not isinstance(return_url, str):
        raise web.HTTPBadRequest(text="sessionId and returnUrl are required")
    if not return_url.startswith(("http://", "https://")):
        raise web.HTTPBadRequest(text="returnUrl must be an http(s) URL")
    escape = html.escape
    forms = "".join(
        FORM.format(
            action=escape(return_url),
            session=escape(session),
            label=escape(label),
            elmo=escape(elmo),
            key=escape(key),
        )
        for key, (label, elmo) in request.app[VARIANTS_KEY].items()
    )
    page = PAGE.format(return_url=escape(return_url), forms=forms)
    return web.Response(text=page, content_type="text/html")


async def index(request: web.Request) -> web.StreamResponse:
    """``GET /``: what this is (also the federation's readiness probe)."""
    return web.Response(text="rogue EMREX contact point (local federation test peer)\n")


def build_app(forged: str) -> web.Application:
    app = web.Application()
    app[VARIANTS_KEY] = {
        "malformed": ("malformed ELMO", GARBAGE),
        "forged": ("ELMO with a bad signature", forged),
    }
    app.router.add_get("/", index)
    app.router.add_route("*", "/emrex", receive)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument(
        "--forged", type=Path, required=True, help="a packed ELMO signed by someone else"
    )
    args = parser.parse_args()
    forged = "".join(args.forged.read_text(encoding="ascii").split())
    print(f"rogue contact point on http://{args.host}:{args.port}/emrex", flush=True)
    web.run_app(build_app(forged), host=args.host, port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()
