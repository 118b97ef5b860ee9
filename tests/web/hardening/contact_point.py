"""Hostile input at the EMREX contact point (/emrex…): refused, escaped, and nothing changed."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import aiohttp
import pytest

from tests.web.hardening.support import (
    SQL_TOKEN,
    XSS,
    assert_escaped,
    assert_unchanged,
    changes,
    only,
    shown_escaped,
    snapshot,
)
from tests.web.nodes import Node, browser, csrf_of

KARIN = "19900315-2389"
RETURN_URL = "https://client.example.org/emrex/return"


async def _logged_in_request(client: aiohttp.ClientSession, node: Node) -> tuple[str, str]:
    """A request from a client, opened by Karin's browser: (request path, selection page)."""
    posted = await client.post(
        node.path("/emrex"), data={"sessionId": "s-1", "returnUrl": RETURN_URL}
    )
    login = await posted.text()
    path = posted.url.query.get("next", "")
    await client.post(
        node.path("/login"), data={"csrf": csrf_of(login), "national_id": KARIN, "next": path}
    )
    page = await client.get(node.path(path))
    assert page.status == 200
    return path, await page.text()


@pytest.mark.parametrize(
    ("session_id", "return_url"),
    [
        (XSS, RETURN_URL),
        ("ok", XSS),
        ("ok", "javascript:alert(document.cookie)"),
        ("ok", "data:text/html,<script>alert(1)</script>"),
        ("ok", "http://evil.example/steal"),  # plain http outside the loopback hosts
        ("ok", "https://user:pw@evil.example/"),
        ("ok", "//evil.example/return"),
        ("ok", "https://[::1"),
    ],
)
async def test_bad_requests_are_refused_escaped_and_not_stored(
    node: Node, session_id: str, return_url: str
) -> None:
    before = await snapshot(node)
    async with browser() as client:
        answer = await client.post(
            node.path("/emrex"), data={"sessionId": session_id, "returnUrl": return_url}
        )
        page = await answer.text()
    assert answer.status == 400
    assert_escaped(page)
    assert "<script>alert(1)</script>" not in page
    if XSS in (session_id, return_url):
        assert shown_escaped(page)  # shown to the learner, as text
    assert_unchanged(before, await snapshot(node))


async def test_sql_metacharacters_in_session_id_are_stored_verbatim(node: Node) -> None:
    before = await snapshot(node)
    async with browser() as client:
        answer = await client.get(
            node.path("/emrex"),
            params={"sessionId": SQL_TOKEN, "returnUrl": RETURN_URL},
            allow_redirects=False,
        )
    assert answer.status == 303
    found = changes(before, await snapshot(node))
    only(found, "emrex_requests")
    (row,) = found["emrex_requests"]["added"]
    assert SQL_TOKEN in row  # verbatim, as a value
    assert (await snapshot(node))["learners"] == before["learners"]


async def test_state_changing_forms_need_this_sessions_csrf_token(node: Node) -> None:
    async with browser() as client:
        path, page = await _logged_in_request(client, node)
        token = csrf_of(page)
        before = await snapshot(node)
        for action, extra in (
            ("/select", {"result": "1"}),
            ("/send", {"consent": "yes"}),
            ("/cancel", {}),
        ):
            for csrf in (None, "forged-" + token[7:], token.upper()):
                data = dict(extra) if csrf is None else {**extra, "csrf": csrf}
                answer = await client.post(node.path(path + action), data=data)
                assert answer.status == 403, action
        after = await snapshot(node)
    assert_unchanged(before, after)


async def test_an_answered_request_cannot_be_answered_again(node: Node) -> None:
    async with browser() as client:
        path, page = await _logged_in_request(client, node)
        cancelled = await client.post(node.path(path + "/cancel"), data={"csrf": csrf_of(page)})
        assert cancelled.status == 200
        assert "NCP_CANCEL" in await cancelled.text()
        before = await snapshot(node)
        again = await client.post(node.path(path + "/send"), data={"csrf": csrf_of(page)})
        assert again.status == 409
        sent = await client.post(node.path(path + "/cancel"), data={"csrf": csrf_of(page)})
        assert sent.status == 409
    assert_unchanged(before, await snapshot(node))


async def test_oversize_and_foreign_bodies_are_refused(node: Node) -> None:
    before = await snapshot(node)
    limit = node.settings.server.max_body_bytes
    async with aiohttp.ClientSession() as http:
        big = await http.post(
            node.path("/emrex"),
            data=io.BytesIO(b"sessionId=s&returnUrl=" + b"x" * (limit + 10)),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert big.status == 413
        as_json = await http.post(
            node.path("/emrex"), json={"sessionId": "s", "returnUrl": RETURN_URL}
        )
        assert as_json.status == 400  # not a form: no parameters
        broken = await http.post(
            node.path("/emrex"),
            data=b"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n",
            headers={"Content-Type": "multipart/form-data; boundary=b"},
        )
        assert broken.status == 400  # a part without a name: the form cannot be read
    assert_unchanged(before, await snapshot(node))


@pytest.mark.parametrize("query", ["select=" + XSS, "error=" + XSS, "lang=" + XSS])
async def test_query_parameters_are_not_reflected_raw(node: Node, query: str) -> None:
    async with browser() as client:
        path, _ = await _logged_in_request(client, node)
        page = await client.get(node.path(f"{path}?{query}"))
        text = await page.text()
    assert page.status == 200
    assert_escaped(text)
    assert urlsplit(str(page.url)).path == path
