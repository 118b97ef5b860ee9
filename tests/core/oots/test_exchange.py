"""Provider state values: retry schedule, delivery verdicts, agent keys, the minimal request."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from gateway.core.oots.codes import EdmVersion
from gateway.core.oots.exchange import (
    RetryPolicy,
    Verdict,
    agent_key,
    minimal_request,
    split_agent_key,
    verdict,
)
from gateway.core.oots.model import Address, Identifier
from gateway.core.oots.request import build_query_request, parse_query_request
from gateway.core.oots.validate import OotsValidator
from tests.core.oots import factories


def test_backoff_doubles_up_to_the_cap_and_is_bounded() -> None:
    policy = RetryPolicy(timedelta(seconds=5), timedelta(seconds=60), max_attempts=4)
    assert [policy.delay(n).total_seconds() for n in range(1, 7)] == [5, 10, 20, 40, 60, 60]
    assert policy.delay(10_000) == timedelta(seconds=60)  # no overflow on absurd counts
    assert [policy.exhausted(n) for n in (3, 4, 5)] == [False, True, True]
    with pytest.raises(ValueError, match="retry"):
        RetryPolicy(timedelta(0), timedelta(seconds=1), 1)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (200, Verdict.DELIVERED),
        (202, Verdict.DELIVERED),
        (204, Verdict.DELIVERED),
        (None, Verdict.RETRY),  # no answer: down, refused, timed out
        (302, Verdict.RETRY),
        (408, Verdict.RETRY),
        (429, Verdict.RETRY),
        (500, Verdict.RETRY),
        (503, Verdict.RETRY),
        (400, Verdict.REJECTED),
        (404, Verdict.REJECTED),
        (413, Verdict.REJECTED),
    ],
)
def test_what_an_attempt_means(status: int | None, expected: Verdict) -> None:
    assert verdict(status) is expected


def test_agent_keys() -> None:
    identifier = Identifier("NL222332239", "urn:cef.eu:names:identifier:EAS:0190")
    key = agent_key(identifier)
    assert key == "urn:cef.eu:names:identifier:EAS:0190:NL222332239"
    assert split_agent_key(key) == identifier
    assert agent_key(Identifier(" X1 ")) == "X1"
    for bad in ("NL1", ":NL1", "urn:x:"):
        with pytest.raises(ValueError, match="schemeID"):
            split_agent_key(bad)


def test_the_kept_request_has_only_the_minimum_data_set(validator: OotsValidator) -> None:
    person = replace(
        factories.PERSON,
        birth_name="Mäkinen",
        place_of_birth="Turku",
        current_address=Address("FI", full_address="Katu 1"),
        gender="Female",
    )
    request = replace(factories.request(), natural_person=person)
    kept = minimal_request(request)
    assert kept.natural_person == replace(
        factories.PERSON, identifier=person.identifier, level_of_assurance="High"
    )
    data = build_query_request(kept)
    assert b"Turku" not in data
    assert b"Katu" not in data
    assert parse_query_request(data, validator=validator) == kept


@pytest.mark.parametrize("version", list(EdmVersion))
def test_the_kept_request_reads_back_in_every_version(version: EdmVersion) -> None:
    kept = minimal_request(factories.request(version, preview=True))
    assert parse_query_request(build_query_request(kept)) == kept
