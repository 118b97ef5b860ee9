"""JSON-LD node builders shared by the ELM converter: ids, language maps, dates, agents, media."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Final

from gateway.core.elm import vocabulary as cv
from gateway.core.elm.results import Unmapped
from gateway.core.elmo.model import Identifier, Issuer, Text
from gateway.errors import InvalidInput

Node = dict[str, Any]
NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "urn:emrex-gateway:elm")
_LANGUAGE_TAG: Final = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True)
class Ids:
    """Deterministic ``urn:epass:<kind>:<uuid>`` ids: the same seed and key give the same id."""

    seed: str

    def __call__(self, kind: str, key: str) -> str:
        return f"urn:epass:{kind}:{uuid.uuid5(NAMESPACE, f'{self.seed}|{kind}|{key}')}"


@dataclass
class Findings:
    """Collects what did not map while one report is converted."""

    items: list[Unmapped] = field(default_factory=list)

    def add(self, path: str, what: str, reason: str) -> None:
        self.items.append(Unmapped(path, what, reason))


def lang_map(
    texts: Sequence[Text], path: str, findings: Findings, *, multiline: bool = False
) -> dict[str, str]:
    """ELMO texts as a JSON-LD language map (``und`` without ``xml:lang``); first per language.

    Tokens (titles) have their whitespace collapsed; multiline descriptions are only stripped.
    """
    found: dict[str, str] = {}
    for index, text in enumerate(texts, start=1):
        value = text.value.strip() if multiline else " ".join(text.value.split())
        if not value:
            continue
        lang = (text.lang or "und").strip()
        if not _LANGUAGE_TAG.fullmatch(lang):
            raise InvalidInput(f"{path}[{index}]: xml:lang {lang!r} is not a language tag")
        lang = lang.lower()
        if lang in found:
            findings.add(
                f"{path}[{index}]", "second text in one language", "ELM keeps one per language"
            )
            continue
        found[lang] = value
    return found


def require_lang_map(texts: Sequence[Text], path: str, findings: Findings) -> dict[str, str]:
    found = lang_map(texts, path, findings)
    if not found:
        raise InvalidInput(f"{path}: a non-empty title is required")
    return found


def date_time(value: date | datetime) -> str:
    """xsd:dateTime: a date is midnight UTC, an aware time UTC with ``Z``, a naive one stays."""
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            return value.replace(microsecond=0).isoformat()
        return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return f"{value.isoformat()}T00:00:00Z"


def hours_duration(hours: Decimal) -> str:
    """xsd:duration for a decimal number of hours (only seconds may carry a fraction)."""
    seconds = hours * 3600
    whole_hours = int(seconds // 3600)
    minutes = int((seconds % 3600) // 60)
    rest = (seconds % 60).normalize()
    text = "PT"
    if whole_hours:
        text += f"{whole_hours}H"
    if minutes:
        text += f"{minutes}M"
    if rest or text == "PT":
        text += f"{rest:f}S"
    return text


def decimal_text(value: Decimal) -> str:
    """A credit value as ELM ``point`` (a string): ``7.5``, ``30`` (no exponent, no trailing 0)."""
    return f"{value.normalize():f}"


def identifiers(
    ids: Ids, owner: str, values: Iterable[Identifier], skip: Iterable[str] = ()
) -> list[Node]:
    skipped = set(skip)
    return [
        {
            "id": ids("identifier", f"{owner}#{i}"),
            "type": "Identifier",
            "notation": item.value,
            "schemeName": item.type,
        }
        for i, item in enumerate(values, start=1)
        if item.type not in skipped and item.value.strip()
    ]


def web_resource(ids: Ids, owner: str, url: str) -> Node:
    return {"id": ids("webResource", f"{owner}#{url}"), "type": "WebResource", "contentURL": url}


def location(ids: Ids, owner: str, country: Node) -> Node:
    return {
        "id": ids("location", owner),
        "type": "Location",
        "address": [{"id": ids("address", owner), "type": "Address", "countryCode": country}],
    }


def awarding_body(issuer: Issuer, path: str, findings: Findings) -> Node:
    """The ELMO report issuer (the HEI) as an ELM Organisation; its id depends on it alone."""
    key = "|".join(sorted(f"{i.type}={i.value}" for i in issuer.identifiers)) or issuer.url
    ids = Ids(f"organisation|{key}")
    names = lang_map(issuer.titles, f"{path}/title", findings)
    if not names:
        raise InvalidInput(f"{path}/title: the institution has no name")
    org: Node = {"id": ids("organisation", "self"), "type": "Organisation", "legalName": names}
    found_ids = identifiers(ids, "org", issuer.identifiers)
    if found_ids:
        org["identifier"] = found_ids
    country = cv.country(issuer.country) if issuer.country else None
    if issuer.country and country is None:
        raise InvalidInput(f"{path}/country: {issuer.country!r} is not an ISO 3166-1 alpha-2 code")
    if country is None:
        # Organisation.location (→ address.countryCode) is mandatory in ELM 3.2; ELMO omits the
        # country for international institutions. EU authority "EUR" is no fit either.
        raise InvalidInput(f"{path}/country: ELM needs the awarding institution's country")
    org["location"] = [location(ids, "org", country)]
    if issuer.url.strip():
        org["homepage"] = [web_resource(ids, "org", issuer.url.strip())]
    return org


def credit_point(ids: Ids, owner: str, value: Decimal) -> Node:
    return {
        "id": ids("creditPoint", owner),
        "type": "CreditPoint",
        "framework": cv.fixed(cv.ECTS, cv.CREDIT_SCHEME),
        "point": decimal_text(value),
    }


def media_object(
    ids: Ids,
    owner: str,
    content_base64: str,
    file_type: str,
    *,
    title: dict[str, str] | None = None,
    size: int | None = None,
) -> Node:
    node: Node = {"id": ids("mediaObject", owner), "type": "MediaObject"}
    if title:
        node["title"] = title
    node["content"] = content_base64
    node["contentEncoding"] = cv.fixed(cv.BASE64, cv.ENCODING_SCHEME)
    node["contentType"] = cv.file_type(file_type)
    if size is not None:
        node["contentSize"] = size
    return node


def reference(node: Node) -> Node:
    """A bare reference to a node described in full elsewhere in the same credential."""
    return {"id": node["id"]}
