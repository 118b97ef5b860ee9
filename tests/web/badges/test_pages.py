"""The learner's badges over HTTP: downloads on Digital wallet, share links, revocation.

The downloaded and shared images give back exactly the signed JWT (PNG read by Pillow, SVG by
lxml), the JWT verifies with jwcrypto from the key its issuer profile serves, and no page or
file of a share carries the national identifier.
"""

from __future__ import annotations

import io
import re

import aiohttp
from lxml import etree
from PIL import Image

from tests.storage.helpers import execute
from tests.storage.helpers import rows as database_rows
from tests.web.badges.support import KARIN, verify_over_http
from tests.web.nodes import Node, browser, csrf_of, forms
from tests.web.wallet.support import log_in


def _result_id(node: Node, code: str) -> str:
    ((result_id,),) = database_rows(
        node.database_url,
        "SELECT r.id FROM results r JOIN learners l ON l.id = r.learner_id "
        "JOIN opportunities o ON o.id = r.opportunity_id WHERE l.national_id = ? AND o.code = ?",
        KARIN,
        code,
    )
    return str(result_id)


async def _share(
    learner: aiohttp.ClientSession, node: Node, course: str, lang: str = ""
) -> tuple[str, str]:
    """Karin, logged in on ``learner``, makes a share link for one course; the wallet page after
    it (in ``lang`` when given) and the link's id."""
    page = await (await learner.get(node.path("/wallet"))).text()
    made = await learner.post(
        node.path("/wallet/badges/shares"),
        data={"csrf": csrf_of(page), "badge_result": course},
        allow_redirects=False,
    )
    assert made.status == 303
    query = f"?lang={lang}" if lang else ""
    page = await (await learner.get(node.path(f"/wallet{query}"))).text()
    (share_id,) = re.findall(r'data-share="([^"]+)"', page)
    return page, share_id


async def test_download_badge_gives_baked_images_and_the_credential(node: Node) -> None:
    course = _result_id(node, "1DL301")
    async with browser() as learner:
        await log_in(learner, node)
        page = await (await learner.get(node.path("/wallet"))).text()
        assert "Download badge" in page
        assert f'href="/wallet/badges/{course}.png"' in page
        assert f'href="/wallet/badges/{_result_id(node, "1MA025")}.png"' not in page  # incomplete
        png = await (await learner.get(node.path(f"/wallet/badges/{course}.png"))).read()
        svg_response = await learner.get(node.path(f"/wallet/badges/{course}.svg"))
        svg = await svg_response.read()
        credential = await (await learner.get(node.path(f"/wallet/badges/{course}.json"))).json()
        refused = await learner.get(node.path(f"/wallet/badges/{_result_id(node, '1MA025')}.svg"))
        assert refused.status == 404
        from_png = Image.open(io.BytesIO(png)).text["openbadgecredential"]  # type: ignore[attr-defined]
        from_svg = etree.fromstring(svg)[0].get("verify")
        assert from_svg is not None
        png_claims = await verify_over_http(learner, from_png)
        svg_claims = await verify_over_http(learner, from_svg)
    assert svg_response.headers["Content-Disposition"] == 'attachment; filename="badge-1DL301.svg"'
    assert png_claims["credentialSubject"]["achievement"]["humanCode"] == "1DL301"
    assert svg_claims["credentialSubject"]["achievement"]["humanCode"] == "1DL301"
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert KARIN not in repr(credential)
    async with browser() as stranger:
        anonymous = await stranger.get(
            node.path(f"/wallet/badges/{course}.json"), allow_redirects=False
        )
        assert anonymous.status in (302, 303, 401)


async def test_a_share_link_is_public_until_the_learner_revokes_it(node: Node) -> None:
    course = _result_id(node, "1DL301")
    async with browser() as learner:
        await log_in(learner, node)
        _, share_id = await _share(learner, node, course)
    link = node.path(f"/badges/{share_id}")
    async with browser() as stranger:
        shown = await stranger.get(link)
        html = await shown.text()
        jwt = await (await stranger.get(f"{link}/credential.jwt")).text()
        png = await (await stranger.get(f"{link}/badge.png")).read()
        svg = await (await stranger.get(f"{link}/badge.svg")).read()
        claims = await verify_over_http(stranger, jwt)
    assert shown.status == 200
    assert 'data-validity="valid"' in html
    assert "Database Design I" in html
    assert "Uppsala University" in html
    assert "7.5 credits" in html
    assert "EQF level 6" in html
    for document in (html, jwt, png.decode("latin-1"), svg.decode("utf-8")):
        assert KARIN not in document
        assert KARIN.replace("-", "") not in document
    assert Image.open(io.BytesIO(png)).text["openbadgecredential"] == jwt  # type: ignore[attr-defined]
    assert etree.fromstring(svg)[0].get("verify") == jwt
    assert claims["credentialSubject"]["identifier"][0]["hashed"] is True

    async with browser() as learner:
        await log_in(learner, node)
        page = await (await learner.get(node.path("/wallet"))).text()
        (revoke,) = [f for f in forms(page) if f["action"].endswith(f"/{share_id}/revoke")]
        done = await learner.post(
            node.path(revoke["action"]), data={"csrf": csrf_of(page)}, allow_redirects=False
        )
        assert done.status == 303
        again = await learner.post(
            node.path(revoke["action"]), data={"csrf": csrf_of(page)}, allow_redirects=False
        )
        assert again.status == 404
    async with browser() as stranger:
        gone = await stranger.get(link)
        gone_html = await gone.text()
        download = await stranger.get(f"{link}/credential.jwt")
        unknown = await stranger.get(node.path("/badges/AAAAAAAAAAAAAAAAAAAAAA"))
    assert gone.status == 410
    assert 'data-validity="link-revoked"' in gone_html
    assert download.status == 410
    assert unknown.status == 404


async def test_another_learner_cannot_revoke_a_link(node: Node) -> None:
    course = _result_id(node, "1DL301")
    async with browser() as learner:
        await log_in(learner, node)
        _, share_id = await _share(learner, node, course)
    ((other,),) = database_rows(
        node.database_url, "SELECT national_id FROM learners WHERE national_id <> ? LIMIT 1", KARIN
    )
    async with browser() as intruder:
        await log_in(intruder, node, other)
        page = await (await intruder.get(node.path("/wallet"))).text()
        refused = await intruder.post(
            node.path(f"/wallet/badges/shares/{share_id}/revoke"),
            data={"csrf": csrf_of(page)},
            allow_redirects=False,
        )
        assert refused.status == 404
    async with browser() as stranger:
        assert (await stranger.get(node.path(f"/badges/{share_id}"))).status == 200


async def test_the_share_page_speaks_swedish(node: Node) -> None:
    course = _result_id(node, "1DL301")
    async with browser() as learner:
        await log_in(learner, node)
        page, share_id = await _share(learner, node, course, "sv")
        assert "Ladda ned märket" in page
    async with browser() as stranger:
        html = await (await stranger.get(node.path(f"/badges/{share_id}?lang=sv"))).text()
        svg = await (await stranger.get(node.path(f"/badges/{share_id}/badge.svg?lang=sv"))).text()
    assert "Databasteknik I" in html
    assert "Uppsala universitet" in html
    assert "7.5 hp" in html
    assert "Giltigt" in html
    assert "Lärandemål" in html
    assert 'lang="sv"' in svg
    assert "EQF-nivå 6" in svg


async def test_a_changed_result_revokes_the_shared_badge(node: Node) -> None:
    course = _result_id(node, "1DL301")
    async with browser() as learner:
        await log_in(learner, node)
        _, share_id = await _share(learner, node, course)
    link = node.path(f"/badges/{share_id}")
    async with browser() as stranger:
        before = await (await stranger.get(link)).text()
        changed = execute(
            node.database_url, "UPDATE results SET grade = '3' WHERE id = ?", int(course)
        )
        assert changed == 1
        after = await stranger.get(link)
        after_html = await after.text()
        jwt = await (await stranger.get(f"{link}/credential.jwt")).text()
        claims = await verify_over_http(stranger, jwt)  # still a good signature: of the old grade
    assert 'data-validity="valid"' in before
    assert after.status == 200
    assert 'data-validity="revoked"' in after_html
    assert "the institution has since changed or withdrawn the result" in after_html
    assert claims["credentialSubject"]["result"][0]["value"] == "5"
