"""Contact-point rules below the web layer: parts of chosen results, disclosure lines, origins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from gateway.core.elmo.schema import ElmoSchema
from gateway.core.keys import SigningKey
from gateway.errors import InvalidInput
from gateway.flows.elmo.export import load_transcript, offered
from gateway.flows.emrex import contact_point as cp
from gateway.flows.services import Services
from gateway.settings import settings_from_mapping
from gateway.storage.database import Database
from gateway.storage.exchange import ExchangeRepository

KARIN = "19900315-2389"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture
def services(seeded_db: Database, signing_key: SigningKey, schema_dir: Path) -> Services:
    settings = settings_from_mapping(
        {
            "server": {"public_url": "http://127.0.0.1:8080"},
            "database": {"url": "sqlite+aiosqlite:///unused.sqlite3"},  # the db is given below
            "signing": {"cert": "unused.crt", "key": "unused.key"},
            "schemas": {"dir": str(schema_dir)},
            "emrex": {"insecure_return_hosts": ["127.0.0.1"]},
        }
    )
    return Services(settings, seeded_db, signing_key, ElmoSchema.load(schema_dir), lambda: NOW)


async def test_a_chosen_programme_or_course_takes_its_offered_parts(services: Services) -> None:
    transcript = offered(await load_transcript(services, KARIN), offer_unfinished=False)
    by_code = {r.opportunity.code: r.id for r in transcript.results()}
    programme = cp.with_parts(transcript, [by_code["TKDAT"]])
    assert {by_code[c] for c in ("TKDAT", "1DL201", "1DL201-LAB1", "1MA025", "1DL099")} <= programme
    assert by_code["EC7110"] not in programme
    course = cp.with_parts(transcript, [by_code["EC7110"]])
    assert course == {by_code[c] for c in ("EC7110", "EC7110-SEM1", "EC7110-TEN1")}
    assert cp.with_parts(transcript, []) == set()


async def test_disclosure_lines_name_every_result_in_the_learners_language(
    services: Services,
) -> None:
    transcript = offered(await load_transcript(services, KARIN), offer_unfinished=False)
    chosen = transcript.select(
        [r.id for r in transcript.results() if r.opportunity.code == "1DL231"]
    )
    english = cp.disclosed(chosen, "en")
    assert [(i.institution, i.code) for i in english] == [("uu.se", "TKDAT"), ("uu.se", "1DL231")]
    assert english[1].title == "Algorithms and Data Structures II"
    assert english[1].grade == "4"
    assert english[1].credits == "5.0"
    assert cp.disclosed(chosen, "sv")[1].title == "Algoritmer och datastrukturer II"


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://EMC.example.org/return?x=1", "https://emc.example.org"),
        ("http://127.0.0.1:8081/client/return", "http://127.0.0.1:8081"),
        ("https://[::1]:8443/r", "https://[::1]:8443"),
    ],
)
def test_origins_for_the_form_action_policy(url: str, origin: str) -> None:
    assert cp.origin_of(url) == origin


@pytest.mark.parametrize(
    "url", ["https://a.example;sandbox/", "https://a.example,b.example/", "data:text/html,x"]
)
def test_odd_hosts_cannot_reach_the_form_action_policy(url: str) -> None:
    with pytest.raises(InvalidInput):
        cp.origin_of(url)


async def test_a_return_url_with_an_odd_host_is_refused(services: Services) -> None:
    with pytest.raises(InvalidInput, match="host name"):
        await cp.receive(services, "s", "https://a.example;sandbox/return")
    request = await cp.receive(services, "a" * 200, "http://127.0.0.1:9/r")
    assert request.expires_at == NOW.replace(minute=20)
    assert request.browser_session is None


async def test_long_expired_requests_are_forgotten_when_new_ones_arrive(services: Services) -> None:
    old = await cp.receive(services, "s1", "http://127.0.0.1:9/r")
    services.clock = lambda: NOW + timedelta(hours=13)
    await cp.receive(services, "s2", "http://127.0.0.1:9/r")
    async with services.db.session() as session:
        assert await ExchangeRepository(session).request(old.id) is None
