"""The merits feed (issue #16 "Merits out"): entries, their flat results, cursors; pure values.

An entry is one result set the gateway verified for one of its learners. ``source`` says where
it came from, with a ``type`` discriminator: ``emrex`` (a contact point: acronym and country) or
``wallet`` (a wallet presentation: the credential issuer). New kinds of source add a ``type``;
the rest of an entry keeps its shape. The flat results are computed once, when the entry is
published, from what was verified (never from what a peer merely claimed).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding

from gateway.core.api.clients import certificate_fingerprint as certificate_sha256
from gateway.core.elmo.model import Elmo, GradingScheme, LearningOpportunitySpecification, Text
from gateway.core.elmo.signature import VerifiedElmo
from gateway.core.registry import ContactPoint
from gateway.errors import InvalidInput

MAX_CURSOR_DIGITS = 18
ELMO_XMLDSIG = "elmo-xmldsig"
# The EMREX trust model: the signing certificate must be one the EMREX registry lists for the
# contact point the learner chose, at the time of verification (the registry is the status).
REGISTRY_CHECK = "emrex-registry"


class SourceKind(StrEnum):
    EMREX = "emrex"  # a foreign EMREX contact point, through our EMREX client
    WALLET = "wallet"  # a wallet presentation (OpenID4VP verifier, issue #14)


@dataclass(frozen=True)
class MeritSource:
    """Who vouched for the results: a contact point (acronym, country) or a credential issuer."""

    kind: SourceKind
    name: str  # the contact point's acronym, or the wallet credential's issuer identifier
    country: str | None = None
    url: str | None = None

    def as_json(self) -> dict[str, Any]:
        if self.kind is SourceKind.EMREX:
            return {
                "type": self.kind.value,
                "contact_point": self.name,
                "country": self.country,
                "url": self.url,
            }
        return {"type": self.kind.value, "issuer": self.name, "country": self.country}


@dataclass(frozen=True)
class StatusCheck:
    """What was checked about the signer's standing besides the signature, and its result."""

    method: str  # "emrex-registry": the key is the registry's for that source; "status-list" …
    result: str  # "listed", "valid" …
    checked_at: datetime

    def as_json(self) -> dict[str, Any]:
        return {"method": self.method, "result": self.result, "checked_at": _when(self.checked_at)}


@dataclass(frozen=True)
class Verification:
    """How the result set was verified: the signer's certificate, the algorithms, the status."""

    verified_at: datetime
    format: str  # "elmo-xmldsig", "dc+sd-jwt" …
    certificate_subject: str | None
    certificate_issuer: str | None
    certificate_sha256: str | None
    algorithms: Mapping[str, str]  # role (signature, digest, canonicalization) → URI or name
    status_check: StatusCheck

    def as_json(self) -> dict[str, Any]:
        return {
            "verified_at": _when(self.verified_at),
            "format": self.format,
            "certificate": {
                "subject": self.certificate_subject,
                "issuer": self.certificate_issuer,
                "sha256": self.certificate_sha256,
            },
            "algorithms": dict(self.algorithms),
            "status_check": self.status_check.as_json(),
        }


@dataclass(frozen=True)
class Merit:
    """One verified result set, ready to be published in the feed."""

    learner_id: int
    source: MeritSource
    verification: Verification
    results: tuple[dict[str, Any], ...]  # flat results (``flat_results``)
    document: bytes  # the signed document exactly as received (an ELMO: XML bytes)

    def body(self) -> dict[str, Any]:
        """What the feed stores with the entry (everything but id, learner and document)."""
        return {
            "source": self.source.as_json(),
            "verification": self.verification.as_json(),
            "results": list(self.results),
        }


@dataclass(frozen=True)
class StoredMerit:
    """A published entry as the feed reads it back."""

    id: int
    national_id: str
    id_country: str
    body: str  # JSON of ``Merit.body``
    document: bytes

    def json_bytes(self) -> list[bytes]:
        """The entry as pieces of UTF-8 JSON. The stored body is spliced in as it is and the
        base64 ELMO (which needs no escaping) written directly: running a page of ELMOs through
        the JSON encoder again cost more than everything else of a feed read together."""
        learner = json.dumps({"national_id": self.national_id, "id_country": self.id_country})
        return [
            f'{{"id":"{self.id}","learner":{learner},'.encode(),
            self.body[1:-1].encode(),
            b',"elmo":"',
            base64.b64encode(self.document),
            b'"}',
        ]


@dataclass(frozen=True)
class FeedPage:
    entries: tuple[StoredMerit, ...]
    cursor: int | None  # what ``after`` was

    @property
    def next_cursor(self) -> str | None:
        """The cursor to store: the last entry's id (or the one given, when nothing is new)."""
        if self.entries:
            return str(self.entries[-1].id)
        return None if self.cursor is None else str(self.cursor)

    def json_bytes(self) -> bytes:
        pieces = [b'{"entries":[']
        for index, entry in enumerate(self.entries):
            if index:
                pieces.append(b",")
            pieces += entry.json_bytes()
        pieces.append(f'],"next_cursor":{json.dumps(self.next_cursor)}}}'.encode())
        return b"".join(pieces)


def emrex_merit(
    learner_id: int,
    point: ContactPoint,
    verified: VerifiedElmo,
    elmo: Elmo,
    document: bytes,
    now: datetime,
) -> Merit:
    """The feed entry of an ELMO our EMREX client verified against ``point``'s registry keys."""
    certificate = verified.certificate
    return Merit(
        learner_id=learner_id,
        source=MeritSource(SourceKind.EMREX, point.acronym, point.country_code, point.url),
        verification=Verification(
            verified_at=now,
            format=ELMO_XMLDSIG,
            certificate_subject=certificate.subject.rfc4514_string(),
            certificate_issuer=certificate.issuer.rfc4514_string(),
            certificate_sha256=certificate_sha256(certificate.public_bytes(Encoding.DER)),
            algorithms={
                "signature": verified.signature_algorithm.value,
                "digest": verified.digest_algorithm.value,
                "canonicalization": verified.canonicalization.value,
            },
            status_check=StatusCheck(REGISTRY_CHECK, "listed", now),
        ),
        results=flat_results(elmo),
        document=document,
    )


def parse_cursor(value: str | None) -> int | None:
    """``after``: absent means from the start; otherwise an entry id (checked to exist later)."""
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > MAX_CURSOR_DIGITS:
        raise InvalidInput("after: a cursor is the id of a feed entry (digits), as next_cursor")
    return int(value)


def parse_limit(value: str | None, default: int, maximum: int) -> int:
    if value is None:
        return default
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= maximum:
        raise InvalidInput(f"limit: must be a whole number from 1 to {maximum}")
    return int(value)


def parse_entry_id(value: str) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > MAX_CURSOR_DIGITS:
        raise InvalidInput("the id of a merits entry is a number")
    return int(value)


# -- the flat results of an ELMO ------------------------------------------------------------


def flat_results(elmo: Elmo) -> tuple[dict[str, Any], ...]:
    """Every learning opportunity of every report, parents before their parts; ``part_of`` is
    the position of the parent in the list (None at the top of a report)."""
    found: list[dict[str, Any]] = []
    for report in elmo.reports:
        institution = {
            "name": _texts(report.issuer.titles),
            "country": report.issuer.country,
            "url": report.issuer.url or None,
            "identifiers": _identifiers(report.issuer.identifiers),
        }
        schemes = {scheme.local_id: scheme for scheme in report.grading_schemes}
        for los in report.opportunities:
            for parent, spec in _walk(los, None, len(found)):
                found.append(_result(spec, parent, institution, schemes))
    return tuple(found)


def _walk(
    los: LearningOpportunitySpecification, parent: int | None, position: int
) -> Iterator[tuple[int | None, LearningOpportunitySpecification]]:
    yield parent, los
    next_position = position + 1
    for part in los.has_part:
        size = len(part.walk())
        yield from _walk(part, position, next_position)
        next_position += size


def _result(
    los: LearningOpportunitySpecification,
    parent: int | None,
    institution: dict[str, Any],
    schemes: Mapping[str, GradingScheme],
) -> dict[str, Any]:
    instance = los.instance
    scheme_id = instance.grading_scheme_local_id
    scheme = schemes.get(scheme_id) if scheme_id else None
    eqf = next((lv.value for lv in instance.levels if lv.type.upper() == "EQF"), None)
    return {
        "institution": institution,
        "part_of": parent,
        "kind": los.type,
        "code": los.identifier("local"),
        "identifiers": _identifiers(los.identifiers),
        "titles": _texts(los.titles),
        "credits_ects": _number(instance.ects()),
        "grade": instance.result_label,
        "grading_scheme": None
        if scheme_id is None
        else {
            "id": scheme_id,
            "description": _texts(scheme.descriptions) if scheme is not None else {},
        },
        "level": {
            "eqf": eqf,
            "all": [{"type": lv.type, "value": lv.value} for lv in instance.levels],
        },
        "date": instance.date.isoformat() if instance.date else None,
        "status": instance.status,
        "language": instance.language_of_instruction,
        "isced": los.isced_code,
    }


def _texts(texts: tuple[Text, ...]) -> dict[str, str]:
    """Texts by language; a text without ``xml:lang`` is under ``und`` (undetermined)."""
    found: dict[str, str] = {}
    for text in texts:
        found.setdefault((text.lang or "und").lower(), text.value)
    return found


def _identifiers(identifiers: tuple[Any, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for identifier in identifiers:
        found.setdefault(identifier.type, identifier.value)
    return found


def _number(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _when(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
