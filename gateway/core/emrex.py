"""EMREX 1.x exchange rules (TG §4.2–4.4): parameters, codes, returnUrl policy, person match."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from urllib.parse import urlsplit

from gateway.errors import InvalidInput

MAX_SESSION_ID_LENGTH = 256
MAX_RETURN_URL_LENGTH = 2048
MAX_RETURN_MESSAGE_LENGTH = 2000
_NOT_IN_URLS = frozenset('"<>\\^`{|}')  # RFC 3986: never unescaped in a URL


class ReturnCode(StrEnum):
    """What the contact point says happened (TG §4.3); we emit the NCP_* family."""

    OK = "NCP_OK"
    NO_RESULTS = "NCP_NO_RESULTS"
    CANCEL = "NCP_CANCEL"
    ERROR = "NCP_ERROR"

    @classmethod
    def parse(cls, value: str) -> ReturnCode:
        """Accept NCP_* and the newer EMP_* spellings (IG §4.3)."""
        normalised = value.strip().upper()
        if normalised.startswith("EMP_"):
            normalised = "NCP_" + normalised[4:]
        try:
            return cls(normalised)
        except ValueError:
            raise InvalidInput(f"unknown EMREX return code {value[:40]!r}") from None


@dataclass(frozen=True)
class EmrexRequest:
    """A client's request to a contact point: the two standard form parameters."""

    session_id: str
    return_url: str

    @property
    def return_host(self) -> str:
        return urlsplit(self.return_url).hostname or ""

    @property
    def return_origin(self) -> str:
        parts = urlsplit(self.return_url)
        return f"{parts.scheme}://{parts.netloc}"


def check_session_id(value: str | None) -> str:
    """EMREX says "up to 32 characters" but clients send UUIDs; accept printable tokens."""
    if not value:
        raise InvalidInput("the request has no sessionId")
    if len(value) > MAX_SESSION_ID_LENGTH:
        raise InvalidInput(f"sessionId is longer than {MAX_SESSION_ID_LENGTH} characters")
    if any(not ch.isprintable() or ch.isspace() for ch in value):
        raise InvalidInput("sessionId contains spaces or control characters")
    return value


def check_return_url(value: str | None, insecure_hosts: Iterable[str]) -> str:
    """returnUrl must be https; plain http only for the configured (loopback) hosts."""
    if not value:
        raise InvalidInput("the request has no returnUrl")
    if len(value) > MAX_RETURN_URL_LENGTH:
        raise InvalidInput("returnUrl is too long")
    if any(not ch.isprintable() or ch.isspace() or ch in _NOT_IN_URLS for ch in value):
        raise InvalidInput("returnUrl contains characters that are not allowed in a URL")
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError when out of range or not a number
    except ValueError:
        raise InvalidInput("returnUrl is not a valid URL") from None
    if not parts.hostname or parts.username or parts.password or port == 0:
        raise InvalidInput("returnUrl is not an absolute URL with a host")
    if parts.scheme == "https":
        return value
    if parts.scheme == "http" and parts.hostname in set(insecure_hosts):
        return value
    raise InvalidInput(f"returnUrl must use https (got {parts.scheme or 'no'} scheme)")


def parse_request(
    session_id: str | None, return_url: str | None, insecure_hosts: Iterable[str]
) -> EmrexRequest:
    return EmrexRequest(check_session_id(session_id), check_return_url(return_url, insecure_hosts))


@dataclass(frozen=True)
class EmrexResponse:
    """The four parameters the browser posts back to returnUrl."""

    session_id: str
    code: ReturnCode
    message: str = ""
    elmo: str = ""

    def form_fields(self) -> tuple[tuple[str, str], ...]:
        return (
            ("sessionId", self.session_id),
            ("returnCode", self.code.value),
            ("returnMessage", self.message[:MAX_RETURN_MESSAGE_LENGTH]),
            ("elmo", self.elmo),
        )


# --- person matching (SMP VerificationServlet.matchPersons; handbook p.8) ----------------------


def normalise_name(name: str) -> str:
    """Case-, accent-, hyphen- and spacing-insensitive form of a name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for sep in "-‐'’.,":
        letters = letters.replace(sep, " ")
    return " ".join(letters.split())


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def name_distance(expected: str, actual: str) -> int:
    a, b = normalise_name(expected), normalise_name(actual)
    whole = levenshtein(a, b)
    pairs = [levenshtein(x, y) for x in a.split() for y in b.split()]
    return min([whole, *pairs])


@dataclass(frozen=True)
class PersonMatch:
    matched: bool
    birth_date_equal: bool
    name_distance: int
    threshold: int

    @property
    def reason(self) -> str:
        if not self.birth_date_equal:
            return "the birth date in the results differs from yours"
        if self.name_distance > self.threshold:
            return "the name in the results differs too much from yours"
        return "matched"


def match_person(
    expected_given: str,
    expected_family: str,
    expected_birth: date,
    given: str,
    family: str,
    birth: date | None,
    *,
    threshold: int,
) -> PersonMatch:
    """Birth date must be equal; names may differ by at most ``threshold`` edits in total.

    Systems disagree on how many given or family names they send ("Karin" vs "Karin Maria"),
    so each part scores the closer of the whole names and the best pair of single names.
    """
    distance = name_distance(expected_given, given) + name_distance(expected_family, family)
    same_birth = birth is not None and birth == expected_birth
    return PersonMatch(same_birth and distance <= threshold, same_birth, distance, threshold)
