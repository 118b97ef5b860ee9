"""The start page leads with the learner (what they can do, the way in); operators' facts are on
/status; with no contact point abroad the client page says so and offers no button."""

from __future__ import annotations

import json
import re
from pathlib import Path

from gateway.core.keys import SigningKey
from gateway.core.registry import emp_entry, emreg_document
from tests.storage.helpers import Template
from tests.web.emrex.support import KARIN_SE, browsing, dev_login
from tests.web.nodes import Node, running_node

SERVICES = (
    "Send your results abroad",
    "Fetch results from abroad",
    "Add to your digital wallet",
    "See what you have shared",
)
OPERATOR_FACTS = ("SHA-256", "ELMO signing certificate", "Official schemas", "Environment")


def _links(html: str) -> set[str]:
    return set(re.findall(r'<a [^>]*href="([^"]+)"', html))


async def test_the_start_page_tells_a_learner_what_to_do_and_how_to_log_in(node: Node) -> None:
    async with browsing("en") as person:
        page = await person.get(node.path("/"))
    assert page.status == 200
    assert "Your study results, across Europe" in page.text
    for service in SERVICES:
        assert f"<h3>{service}</h3>" in page.text
    assert {"/login?next=%2F", "/client", "/wallet", "/transfers", "/status"} <= _links(page.text)
    assert re.search(r'<a class="button" href="/login\?next=%2F">Log in</a>', page.text)
    assert "Uppsala University" in page.text  # whose results are kept here
    for fact in OPERATOR_FACTS:  # not for learners: on /status
        assert fact not in page.text, fact
    assert len(re.findall(r"<h1[ >]", page.text)) == 1
    assert '<html lang="en">' in page.text


async def test_the_start_page_in_swedish(node: Node) -> None:
    async with browsing("sv") as person:
        page = await person.get(node.path("/"))
    assert '<html lang="sv">' in page.text
    assert "Dina studieresultat, i hela Europa" in page.text
    assert ">Logga in</a>" in page.text
    assert "<h3>Hämta resultat från utlandet</h3>" in page.text
    assert "Uppsala universitet" in page.text


async def test_logged_in_there_is_no_login_button(node: Node) -> None:
    async with browsing("en") as person:
        await dev_login(person, node, KARIN_SE, "/transfers")
        page = await person.get(node.path("/"))
    assert "/login?next=" not in page.text
    assert "Log out" in page.text
    for service in SERVICES:
        assert service in page.text


async def test_every_page_offers_the_development_login_until_logged_in(node: Node) -> None:
    async with browsing("en") as person:
        status = await person.get(node.path("/status"))
        assert "/login?next=/status" in _links(status.text)
        await dev_login(person, node, KARIN_SE, "/status")
        after = await person.get(node.path("/status"))
    assert not any(link.startswith("/login") for link in _links(after.text))


async def test_the_status_page_has_the_operator_facts(node: Node) -> None:
    async with browsing("en") as person:
        page = await person.get(node.path("/status"))
    assert page.status == 200
    for fact in OPERATOR_FACTS:
        assert fact in page.text, fact
    assert f"{node.settings.server.public_url}/emrex" in page.text
    assert str(node.settings.schemas.dir) in page.text
    assert "Uppsala University" in page.text


async def test_behind_a_login_proxy_there_is_no_development_login(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    header = {"auth": {"mode": "header"}}
    async with (
        running_node(tmp_path / "h", seeded_template, signing_key, schema_dir, header) as node,
        browsing("en") as person,
    ):
        page = await person.get(node.path("/"))
    assert "You log in with your university account" in page.text
    assert not any(link.startswith("/login") for link in _links(page.text))


async def test_with_no_contact_point_abroad_the_client_says_so_and_offers_no_button(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> None:
    """The registry lists this gateway alone (what `make run` wrote before the demo peer)."""
    home = tmp_path / "alone"
    home.mkdir()
    ours = emp_entry(
        "EMREX-GW", "SE", "http://127.0.0.1:9/emrex", ["uu.se"], signing_key.certificate
    )
    (home / "registry.json").write_text(json.dumps(emreg_document([ours])), encoding="utf-8")
    async with (
        running_node(home, seeded_template, signing_key, schema_dir) as node,
        browsing("en") as person,
    ):
        assert node.settings.emrex.acronym == "EMREX-GW"
        page = await dev_login(person, node, KARIN_SE, "/client")
    assert page.status == 200
    assert "There is no contact point to fetch results from" in page.text, page.text.split(
        "<main", 1
    )[1]
    assert "/client/start" not in page.text
    assert "<button" not in page.text.split("<main", 1)[1].split("Earlier fetches", 1)[0]
