"""EMREX parameter rules, return codes and person matching."""

from __future__ import annotations

from datetime import date

import pytest

from gateway.core.emrex import (
    EmrexResponse,
    ReturnCode,
    check_return_url,
    check_session_id,
    match_person,
    normalise_name,
    parse_request,
)
from gateway.errors import InvalidInput

LOOPBACK = ("127.0.0.1", "localhost")


def test_uuid_session_ids_longer_than_32_are_accepted() -> None:
    uuid = "3f2c1b8e-7d4a-4e21-9c55-0b7f6a1d2e3f"
    assert check_session_id(uuid) == uuid


@pytest.mark.parametrize("bad", ["", "a b", "x\n", "\x00", "z" * 257])
def test_bad_session_ids_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInput):
        check_session_id(bad)


@pytest.mark.parametrize(
    "url",
    ["https://emc.example.no/return", "http://127.0.0.1:8081/client/return", "http://localhost/x"],
)
def test_https_and_listed_loopback_return_urls_pass(url: str) -> None:
    assert check_return_url(url, LOOPBACK) == url


@pytest.mark.parametrize(
    "url",
    [
        "http://emc.example.no/return",
        "javascript:alert(1)",
        "//evil.example/return",
        "https://user:pw@emc.example.no/",
        "ftp://emc.example.no/",
        'https://emc.example.no/"><script>',
        "data:text/html,hi",
    ],
)
def test_other_return_urls_are_refused(url: str) -> None:
    with pytest.raises(InvalidInput):
        check_return_url(url, LOOPBACK)


def test_request_knows_the_receiving_host_and_origin() -> None:
    request = parse_request("s1", "https://emc.example.no:8443/r?x=1", LOOPBACK)
    assert request.return_host == "emc.example.no"
    assert request.return_origin == "https://emc.example.no:8443"


@pytest.mark.parametrize(
    ("sent", "code"),
    [("NCP_OK", ReturnCode.OK), ("EMP_OK", ReturnCode.OK), ("emp_cancel", ReturnCode.CANCEL)],
)
def test_both_return_code_families_are_accepted(sent: str, code: ReturnCode) -> None:
    assert ReturnCode.parse(sent) is code


def test_unknown_return_code_is_refused() -> None:
    with pytest.raises(InvalidInput):
        ReturnCode.parse("NCP_MAYBE")


def test_response_has_exactly_the_four_fields() -> None:
    fields = EmrexResponse("s1", ReturnCode.CANCEL, "cancelled").form_fields()
    assert [name for name, _ in fields] == ["sessionId", "returnCode", "returnMessage", "elmo"]
    assert dict(fields)["returnCode"] == "NCP_CANCEL"


def test_names_are_normalised() -> None:
    assert normalise_name("  Åsa-Britt  Öberg ") == normalise_name("asa britt oberg")


@pytest.mark.parametrize(
    ("given", "family", "birth", "matched"),
    [
        ("Karin", "Andersson", date(1990, 3, 15), True),
        ("KARIN", "Anderson", date(1990, 3, 15), True),
        ("Karin Maria", "Andersson", date(1990, 3, 15), True),
        ("Karin", "Andersson", date(1990, 3, 16), False),
        ("Karin", "Andersson", None, False),
        ("Peter", "Johansson", date(1990, 3, 15), False),
    ],
)
def test_person_match(given: str, family: str, birth: date | None, matched: bool) -> None:
    result = match_person(
        "Karin", "Andersson", date(1990, 3, 15), given, family, birth, threshold=3
    )
    assert result.matched is matched
    assert (result.reason == "matched") is matched
