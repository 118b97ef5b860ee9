"""The contact point as a client and a learner meet it: cancel, no results, subsets, hostile
parameters, limits, expiry, single use, CSRF and the browser binding."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from gateway.core.elmo.pack import unpack_elmo
from gateway.core.elmo.parse import parse_elmo_bytes
from gateway.core.keys import SigningKey
from gateway.flows.elmo.export import load_transcript
from gateway.web import appkeys
from tests.storage.helpers import Template
from tests.web.emrex.conftest import NEWCOMER
from tests.web.emrex.support import (
    KARIN_SE,
    RETURN_FIELDS,
    Browser,
    Federation,
    Page,
    answer_fields,
    arrive_at_cp,
    browsing,
    checkbox_ids,
    choose_and_consent,
    dev_login,
    federation,
    shift_clock,
    start_fetch,
)
from tests.web.nodes import forms

SCRIPT = '"><script>alert(1)</script>'


async def _codes(fed: Federation) -> dict[str, int]:
    """Karin's result ids at the contact point, by opportunity code."""
    transcript = await load_transcript(fed.cp.app[appkeys.SERVICES], KARIN_SE)
    return {r.opportunity.code: r.id for r in transcript.results()}


def _rid_path(page: Page) -> str:
    match = re.search(r'action="(/emrex/[^/"]+)/', page.text)
    assert match, page.text
    return match.group(1)


async def test_cancel_answers_ncp_cancel_and_discloses_nothing(fed: Federation) -> None:
    async with browsing() as person:
        selection = await arrive_at_cp(person, fed, await start_fetch(person, fed), KARIN_SE)
        answered = await person.submit(selection, "/cancel")
        fields = answer_fields(answered)
        assert list(fields) == RETURN_FIELDS
        assert (fields["returnCode"], fields["elmo"]) == ("NCP_CANCEL", "")
        returned = await person.submit(answered, "/client/return")
        assert returned.status == 200
        assert "You cancelled the transfer" in returned.text
        transfers = await person.get(fed.cp.path("/transfers"))
        assert "Nothing has been sent yet" in transfers.text
        history = await person.get(fed.client.path("/client"))
        assert "Cancelled" in history.text
        assert "/client/imports/" not in history.text


async def test_learner_without_offered_results_gets_ncp_no_results(
    tmp_path: Path,
    se_with_newcomer: Template,
    seeded_no_template: Template,
    signing_key: SigningKey,
    client_key: SigningKey,
    schema_dir: Path,
) -> None:
    async with (
        federation(
            tmp_path, se_with_newcomer, seeded_no_template, signing_key, client_key, schema_dir
        ) as fed,
        browsing() as person,
    ):
        page = await arrive_at_cp(person, fed, await start_fetch(person, fed), NEWCOMER)
        assert "There are no results to send" in page.text
        assert "/select" not in page.text
        answered = await person.submit(page, "/send")
        fields = answer_fields(answered)
        assert (fields["returnCode"], fields["elmo"]) == ("NCP_NO_RESULTS", "")
        assert fields["returnMessage"] == "There are no results to send."
        returned = await person.submit(answered, "/client/return")
        assert "had no results to send" in returned.text


async def test_a_programme_takes_its_parts_and_a_subset_arrives_alone(fed: Federation) -> None:
    codes = await _codes(fed)
    async with browsing() as person:
        selection = await arrive_at_cp(person, fed, await start_fetch(person, fed), KARIN_SE)
        rid = _rid_path(selection)
        none = await person.get(fed.cp.path(rid + "?select=none"))
        assert "checked" not in none.form("/select")["fields"].__repr__()
        assert set(checkbox_ids(none)) == set(checkbox_ids(selection))

        programme = await person.post(
            fed.cp.path(rid + "/select"), {"csrf": selection.csrf, "result": codes["TKDAT"]}
        )
        assert programme.url.endswith("/consent")
        for part in ("1DL201", "1DL201-LAB1", "1MA025", "1DL099"):
            assert f"{part}\n" in programme.text or f"{part} " in programme.text, part
        assert "EC7110" not in programme.text

        empty = await person.post(fed.cp.path(rid + "/select"), {"csrf": selection.csrf})
        assert "Choose at least one result" in empty.text

        subset = [codes["1DL231"], codes["EC7113"]]
        answered = await choose_and_consent(person, selection, subset)
        xml = unpack_elmo(
            answer_fields(answered)["elmo"], max_packed_bytes=10**7, max_xml_bytes=10**8
        )
        sent = {
            los.identifier("local")
            for los in parse_elmo_bytes(xml, max_bytes=10**8).specifications()
        }
        assert sent == {"TKDAT", "1DL231", "EC7113"}  # the programme only as the structure
        returned = await person.submit(answered, "/client/return")
        imported = re.search(r'href="(/client/imports/\d+)"', returned.text)
        assert imported
        shown = await person.get(fed.client.path(imported.group(1)))
        assert "Applied Econometrics" in shown.text
        assert "Linear Algebra" not in shown.text
        transfers = await person.get(fed.cp.path("/transfers"))
        assert "Applied Econometrics" in transfers.text
        assert "Linear Algebra" not in transfers.text


async def test_session_id_with_markup_is_accepted_escaped_and_returned_exactly(
    fed: Federation,
) -> None:
    async with browsing() as person:
        arrived = await person.post(
            fed.cp.path("/emrex"),
            {"sessionId": SCRIPT, "returnUrl": fed.client.path("/client/return")},
        )
        assert arrived.status == 200  # the login page
        rid = arrived.url.split("next=")[1].replace("%2F", "/")
        selection = await dev_login(person, fed.cp, KARIN_SE, rid)
        answered = await person.submit(selection, "/cancel")
        assert SCRIPT not in answered.text
        assert "&#34;&gt;&lt;script&gt;" in answered.text
        assert answer_fields(answered)["sessionId"] == SCRIPT


async def test_return_url_with_markup_is_refused_and_shown_escaped(fed: Federation) -> None:
    hostile = "https://client.example/return" + SCRIPT
    async with browsing() as person:
        refused = await person.post(
            fed.cp.path("/emrex"), {"sessionId": "abc", "returnUrl": hostile}
        )
    assert refused.status == 400
    assert SCRIPT not in refused.text
    assert "&#34;&gt;&lt;script&gt;" in refused.text
    assert not [f for f in forms(refused.text) if "client.example" in f["action"]]


async def test_plain_http_return_url_to_an_unlisted_host_is_refused(fed: Federation) -> None:
    async with browsing() as person:
        for target in ("http://client.example/return", "javascript:alert(1)", "ftp://x.example/"):
            query = urlencode({"sessionId": "s1", "returnUrl": target})
            refused = await person.get(fed.cp.path("/emrex?" + query))
            assert refused.status == 400, target
            assert "cannot be accepted" in refused.text
            assert not [f for f in forms(refused.text) if f["action"].startswith(target)]
        missing = await person.post(fed.cp.path("/emrex"), {"returnUrl": "https://a.example/"})
        assert missing.status == 400
        assert "no sessionId" in missing.text


async def test_get_requests_are_accepted_too(fed: Federation) -> None:
    async with browsing() as person:
        query = urlencode({"sessionId": "x" * 36, "returnUrl": fed.client.path("/client/return")})
        arrived = await person.get(fed.cp.path("/emrex?" + query))
    assert arrived.status == 200
    assert "/login?next=/emrex/" in arrived.url


async def test_bodies_over_the_limit_get_413(
    tmp_path: Path,
    seeded_template: Template,
    seeded_no_template: Template,
    signing_key: SigningKey,
    client_key: SigningKey,
    schema_dir: Path,
) -> None:
    small = {"server": {"max_body_bytes": 4096}}
    async with (
        federation(
            tmp_path,
            seeded_template,
            seeded_no_template,
            signing_key,
            client_key,
            schema_dir,
            cp=small,
            client=small,
        ) as fed,
        browsing() as person,
    ):
        big = {"sessionId": "s", "returnUrl": "https://a.example/", "pad": "x" * 5000}
        assert (await person.post(fed.cp.path("/emrex"), big)).status == 413
        ret = {"sessionId": "s", "returnCode": "NCP_OK", "elmo": "A" * 5000}
        assert (await person.post(fed.client.path("/client/return"), ret)).status == 413


async def test_an_expired_request_offers_to_go_back_with_ncp_error(fed: Federation) -> None:
    async with browsing() as person:
        selection = await arrive_at_cp(person, fed, await start_fetch(person, fed), KARIN_SE)
        assert "expires in <strong>20 minutes" in selection.text
        shift_clock(fed.cp, timedelta(minutes=21))
        expired = await person.get(selection.url)
        assert expired.status == 410
        assert "This request has expired" in expired.text
        sent = await person.post(
            fed.cp.path(_rid_path(selection) + "/select"),
            {"csrf": selection.csrf, "result": checkbox_ids(selection)[0]},
        )
        assert sent.status == 410
        answered = await person.submit(expired, "/cancel")
        fields = answer_fields(answered)
        assert fields["returnCode"] == "NCP_ERROR"
        assert "expired" in fields["returnMessage"]
        returned = await person.submit(answered, "/client/return")
        assert "reported an error" in returned.text
        assert "expired" in returned.text


async def test_a_request_is_answered_once_only(fed: Federation) -> None:
    async with browsing() as person:
        selection = await arrive_at_cp(person, fed, await start_fetch(person, fed), KARIN_SE)
        rid = _rid_path(selection)
        answered = await choose_and_consent(person, selection, checkbox_ids(selection)[:1])
        assert answer_fields(answered)["returnCode"] == "NCP_OK"
        for action in ("/send", "/cancel"):
            again = await person.post(
                fed.cp.path(rid + action), {"csrf": selection.csrf, "consent": "yes"}
            )
            assert again.status == 409, action
            assert "already been answered" in again.text
            assert not [f for f in forms(again.text) if "client/return" in f["action"]]
        transfers = await person.get(fed.cp.path("/transfers"))
        assert transfers.text.count("<tr>") == 2  # the header and one disclosure


async def test_every_post_form_needs_its_csrf_token(fed: Federation) -> None:
    async with browsing() as person:
        started = await start_fetch(person, fed)
        forged = await person.post(fed.client.path("/client/start"), {"contact_point": "SE-GW"})
        assert forged.status == 403
        selection = await arrive_at_cp(person, fed, started, KARIN_SE)
        rid = _rid_path(selection)
        for action in ("/select", "/send", "/cancel"):
            for token in ({}, {"csrf": "wrong"}):
                refused = await person.post(
                    fed.cp.path(rid + action), {**token, "result": "1", "consent": "yes"}
                )
                assert refused.status == 403, (action, token)
        still = await person.get(selection.url)
        assert still.status == 200  # nothing was answered


async def test_a_request_belongs_to_the_browser_that_opened_it(fed: Federation) -> None:
    async with browsing() as person:
        selection = await arrive_at_cp(person, fed, await start_fetch(person, fed), KARIN_SE)
    other = Browser()
    try:
        stolen = await dev_login(other, fed.cp, KARIN_SE, _rid_path(selection))
        assert stolen.status == 404
        assert "another browser" in stolen.text
    finally:
        await other.close()


async def test_consent_is_required(fed: Federation) -> None:
    async with browsing() as person:
        selection = await arrive_at_cp(person, fed, await start_fetch(person, fed), KARIN_SE)
        rid = _rid_path(selection)
        chosen = await person.post(
            fed.cp.path(rid + "/select"),
            {"csrf": selection.csrf, "result": checkbox_ids(selection)[0]},
        )
        assert "127.0.0.1:" in chosen.text
        assert 'name="consent"' in chosen.text
        unconsented = await person.submit(chosen, "/send")
        assert unconsented.url.endswith("/consent?error=consent")
        assert "Tick the box" in unconsented.text
        transfers = await person.get(fed.cp.path("/transfers"))
        assert "Nothing has been sent yet" in transfers.text


async def test_identity_header_from_an_untrusted_address_is_403(
    tmp_path: Path,
    seeded_template: Template,
    seeded_no_template: Template,
    signing_key: SigningKey,
    client_key: SigningKey,
    schema_dir: Path,
) -> None:
    untrusted = {"auth": {"mode": "header", "trusted_proxies": ["10.9.8.7/32"]}}
    async with (
        federation(
            tmp_path,
            seeded_template,
            seeded_no_template,
            signing_key,
            client_key,
            schema_dir,
            cp=untrusted,
            client=untrusted,
        ) as fed,
        browsing() as person,
    ):
        query = urlencode({"sessionId": "s1", "returnUrl": fed.client.path("/client/return")})
        arrived = await person.get(
            fed.cp.path("/emrex?" + query), headers={"X-Remote-User": KARIN_SE}
        )
        assert arrived.status == 403
        client_page = await person.get(
            fed.client.path("/client"), headers={"X-Remote-User": KARIN_SE}
        )
        assert client_page.status == 403


async def test_trusted_identity_header_goes_straight_to_the_selection(
    tmp_path: Path,
    seeded_template: Template,
    seeded_no_template: Template,
    signing_key: SigningKey,
    client_key: SigningKey,
    schema_dir: Path,
) -> None:
    header = {"auth": {"mode": "header"}}
    async with (
        federation(
            tmp_path,
            seeded_template,
            seeded_no_template,
            signing_key,
            client_key,
            schema_dir,
            cp=header,
        ) as fed,
        browsing() as person,
    ):
        query = urlencode({"sessionId": "s1", "returnUrl": fed.client.path("/client/return")})
        selection = await person.get(
            fed.cp.path("/emrex?" + query), headers={"X-Remote-User": KARIN_SE}
        )
        assert selection.status == 200
        assert "Choose the results to send" in selection.text
        assert "Development login" not in selection.text
        anonymous = await person.get(selection.url)
        assert anonymous.status == 401


async def test_unfinished_results_are_offered_only_when_configured(
    tmp_path: Path,
    seeded_template: Template,
    seeded_no_template: Template,
    signing_key: SigningKey,
    client_key: SigningKey,
    schema_dir: Path,
) -> None:
    unfinished = {"emrex": {"offer_unfinished": True}}
    async with (
        federation(
            tmp_path,
            seeded_template,
            seeded_no_template,
            signing_key,
            client_key,
            schema_dir,
            cp=unfinished,
        ) as fed,
        browsing() as person,
    ):
        selection = await arrive_at_cp(person, fed, await start_fetch(person, fed), KARIN_SE)
    assert "EC7112" in selection.text  # failed
    assert "5DV503" in selection.text  # in progress
    assert "in progress" in selection.text
