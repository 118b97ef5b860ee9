"""The client's return endpoint refuses, with a reason and storing nothing, every answer that is
not the verified results of its own learner from the contact point chosen for the session."""

from __future__ import annotations

import re
from datetime import timedelta

from gateway.core.elmo.pack import pack_elmo, unpack_elmo
from gateway.core.elmo.signature import sign_elmo
from gateway.core.keys import SigningKey
from gateway.core.registry import Registry
from gateway.flows.emrex.registry import RegistryState
from gateway.storage.repositories import RecordsRepository
from gateway.web import appkeys
from gateway.web.handlers.emrex.registry import REGISTRY
from tests.storage.helpers import rows
from tests.web.emrex.support import (
    KARIN_NO,
    KARIN_SE,
    Browser,
    Federation,
    Page,
    answer_fields,
    arrive_at_cp,
    browsing,
    checkbox_ids,
    choose_and_consent,
    dev_login,
    shift_clock,
    start_fetch,
)

LIMITS = {"max_packed_bytes": 10**7, "max_xml_bytes": 10**8}


async def _ok_answer(person: Browser, fed: Federation, learner: str = KARIN_NO) -> Page:
    """A genuine NCP_OK answer page for a fetch started by ``learner`` at the client."""
    started = await start_fetch(person, fed, learner=learner)
    selection = await arrive_at_cp(person, fed, started, KARIN_SE)
    return await choose_and_consent(person, selection, checkbox_ids(selection)[:3])


async def _imports(fed: Federation) -> int:
    """Imports stored at the client (and no results rows without one)."""
    url = fed.client.database_url
    ((imports,),) = rows(url, "SELECT count(*) FROM external_imports")
    ((orphans,),) = rows(
        url,
        "SELECT count(*) FROM external_results WHERE import_id NOT IN "
        "(SELECT id FROM external_imports)",
    )
    assert orphans == 0
    return int(imports)


async def _return(person: Browser, fed: Federation, fields: dict[str, str]) -> Page:
    return await person.post(fed.client.path("/client/return"), fields)


async def test_a_replayed_or_unknown_return_is_refused(fed: Federation) -> None:
    async with browsing() as person:
        answered = await _ok_answer(person, fed)
        first = await person.submit(answered, "/client/return")
        assert first.status == 200
        assert "Results received" in first.text
        again = await person.submit(answered, "/client/return")
        assert again.status == 409
        assert "unknown or already used" in again.text
        assert "No results have been stored" in again.text
        unknown = await _return(person, fed, {**answer_fields(answered), "sessionId": "f" * 32})
        assert unknown.status == 409
        missing = await _return(person, fed, {"returnCode": "NCP_OK"})
        assert missing.status == 409
    assert await _imports(fed) == 1


async def test_a_tampered_elmo_is_refused(fed: Federation) -> None:
    async with browsing() as person:
        answered = await _ok_answer(person, fed)
        fields = answer_fields(answered)
        xml = unpack_elmo(fields["elmo"], **LIMITS)
        label = re.compile(rb"<resultLabel>[^<]*</resultLabel>")
        changed = label.sub(b"<resultLabel>MVG</resultLabel>", xml, count=1)  # a better grade
        assert changed != xml
        refused = await _return(person, fed, {**fields, "elmo": pack_elmo(changed)})
        assert refused.status == 400
        assert "the signature is not valid" in refused.text
        history = await person.get(fed.client.path("/client"))
        assert "Refused: the signature is not valid" in history.text
    assert await _imports(fed) == 0


async def test_an_elmo_signed_by_another_key_is_refused(
    fed: Federation, other_signing_key: SigningKey
) -> None:
    async with browsing() as person:
        answered = await _ok_answer(person, fed)
        fields = answer_fields(answered)
        xml = unpack_elmo(fields["elmo"], **LIMITS)
        unsigned = re.sub(rb"<ds:Signature.*</ds:Signature>", b"", xml, flags=re.S)
        forged = sign_elmo(unsigned, other_signing_key)  # embeds its own certificate
        refused = await _return(person, fed, {**fields, "elmo": pack_elmo(forged)})
        assert refused.status == 400
        assert "the signature is not valid" in refused.text
    assert await _imports(fed) == 0


async def test_results_of_another_person_are_refused(fed: Federation) -> None:
    services = fed.client.app[appkeys.SERVICES]
    async with services.db.session() as session:
        learners = await RecordsRepository(session).learners()
    other = next(lr for lr in learners if lr.national_id != KARIN_NO)
    async with browsing() as person:
        answered = await _ok_answer(person, fed, learner=other.national_id)
        refused = await person.submit(answered, "/client/return")
        assert refused.status == 403
        assert "Refused: the results are not about you" in refused.text
        assert "birth date" in refused.text
    assert await _imports(fed) == 0


async def test_an_expired_client_session_is_refused(fed: Federation) -> None:
    async with browsing() as person:
        answered = await _ok_answer(person, fed)
        shift_clock(fed.client, timedelta(minutes=31))
        refused = await person.submit(answered, "/client/return")
        assert refused.status == 410
        assert "Refused: the transfer had expired" in refused.text
    assert await _imports(fed) == 0


async def test_peer_errors_are_shown_escaped_and_emp_codes_accepted(fed: Federation) -> None:
    async with browsing() as person:
        session_id = answer_fields(await start_fetch(person, fed))["sessionId"]
        shown = await _return(
            person,
            fed,
            {"sessionId": session_id, "returnCode": "EMP_ERROR", "returnMessage": "<b>x</b>&"},
        )
        assert shown.status == 200
        assert "The contact point reported an error" in shown.text
        assert "&lt;b&gt;x&lt;/b&gt;&amp;" in shown.text
        assert "<b>x</b>" not in shown.text
        session_id = answer_fields(await start_fetch(person, fed))["sessionId"]
        cancelled = await _return(
            person, fed, {"sessionId": session_id, "returnCode": "EMP_CANCEL"}
        )
        assert "You cancelled the transfer" in cancelled.text


async def test_malformed_payloads_are_refused(fed: Federation) -> None:
    async with browsing() as person:
        for fields in (
            {"returnCode": "NCP_OK", "elmo": "not base64!"},
            {"returnCode": "NCP_OK", "elmo": pack_elmo(b"<nope/>")},
            {"returnCode": "NCP_OK"},
            {"returnCode": "NCP_MAYBE"},
        ):
            session_id = answer_fields(await start_fetch(person, fed))["sessionId"]
            refused = await _return(person, fed, {"sessionId": session_id, **fields})
            assert refused.status == 400, fields
            assert "Refused: the" in refused.text
    assert await _imports(fed) == 0


async def test_a_contact_point_gone_from_the_registry_is_refused(fed: Federation) -> None:
    async with browsing() as person:
        answered = await _ok_answer(person, fed)
        fed.client.app[REGISTRY].state = RegistryState(Registry((), ()))
        refused = await person.submit(answered, "/client/return")
        assert refused.status == 502
        assert "Refused: the contact point is not in the registry" in refused.text
    assert await _imports(fed) == 0


async def test_imports_are_shown_to_their_learner_only(fed: Federation) -> None:
    async with browsing() as person:
        returned = await person.submit(await _ok_answer(person, fed), "/client/return")
        link = re.search(r'href="(/client/imports/\d+)"', returned.text)
        assert link
    services = fed.client.app[appkeys.SERVICES]
    async with services.db.session() as session:
        learners = await RecordsRepository(session).learners()
    other = next(lr for lr in learners if lr.national_id != KARIN_NO)
    async with browsing() as stranger:
        page = await dev_login(stranger, fed.client, other.national_id, link.group(1))
        assert page.status == 404
        document = await stranger.get(fed.client.path(link.group(1) + "/elmo.xml"))
        assert document.status == 404
        assert (await stranger.get(fed.client.path("/client/imports/x"))).status == 400


async def test_starting_a_fetch_needs_a_listed_contact_point(fed: Federation) -> None:
    async with browsing() as person:
        page = await dev_login(person, fed.client, KARIN_NO, "/client")
        unknown = await person.submit(page, "/client/start", contact_point="XX-NOPE")
        assert unknown.status == 404
        assert "not in the EMREX registry" in unknown.text
