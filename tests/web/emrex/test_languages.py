"""Every EMREX page in Swedish and in English (chosen by Accept-Language)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from gateway.core.keys import SigningKey
from gateway.web.i18n import TEXTS
from gateway.web.texts.common import Language
from tests.storage.helpers import Template
from tests.web.emrex.conftest import NEWCOMER
from tests.web.emrex.support import (
    KARIN_SE,
    arrive_at_cp,
    browsing,
    checkbox_ids,
    choose_and_consent,
    federation,
    shift_clock,
    start_fetch,
)


def _has(text: str, key: str, lang: Language) -> bool:
    return TEXTS[key][lang].replace("'", "&#39;") in text


@pytest.mark.parametrize("lang", ["sv", "en"])
async def test_every_page_speaks_the_browsers_language(
    lang: Language,
    tmp_path: Path,
    se_with_newcomer: Template,
    seeded_no_template: Template,
    signing_key: SigningKey,
    client_key: SigningKey,
    schema_dir: Path,
) -> None:
    other: Language = "en" if lang == "sv" else "sv"
    seen: dict[str, str] = {}
    async with (
        federation(
            tmp_path, se_with_newcomer, seeded_no_template, signing_key, client_key, schema_dir
        ) as fed,
        browsing(lang) as person,
    ):
        refused = await person.get(fed.cp.path("/emrex?sessionId=s&returnUrl=http://x.example/"))
        seen["cp.refused.title"] = refused.text
        started = await start_fetch(person, fed)
        seen["client.start.heading"] = started.text
        selection = await arrive_at_cp(person, fed, started, KARIN_SE)
        seen["cp.select.title"] = selection.text
        answered = await choose_and_consent(person, selection, checkbox_ids(selection)[:2])
        seen["cp.outcome.NCP_OK"] = answered.text
        returned = await person.submit(answered, "/client/return")
        seen["client.outcome.imported"] = returned.text
        link = re.search(r'href="(/client/imports/\d+)"', returned.text)
        assert link
        seen["client.imported.title"] = (await person.get(fed.client.path(link.group(1)))).text
        seen["client.title"] = (await person.get(fed.client.path("/client"))).text

        selection = await arrive_at_cp(person, fed, await start_fetch(person, fed), KARIN_SE)
        rid = re.search(r'action="(/emrex/[^/"]+)/select"', selection.text)
        assert rid
        chosen = await person.post(
            fed.cp.path(rid.group(1) + "/select"),
            {"csrf": selection.csrf, "result": checkbox_ids(selection)[0]},
        )
        seen["cp.consent.title"] = chosen.text
        seen["cp.outcome.NCP_CANCEL"] = (await person.submit(chosen, "/cancel")).text

        nothing = await arrive_at_cp(person, fed, await start_fetch(person, fed), NEWCOMER)
        seen["cp.nothing.title"] = nothing.text
        shift_clock(fed.cp, timedelta(minutes=30))
        seen["cp.expired.title"] = (await person.get(nothing.url)).text

    for key, html in seen.items():
        assert f'<html lang="{lang}">' in html, key
        assert _has(html, key, lang), (key, lang)
        assert not _has(html, key, other), (key, other)
