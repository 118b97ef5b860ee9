"""`gateway elm convert|check FILE --micro`: an ELMO file → one ELM micro-credential per course.

ELMO carries the learner, the institution, the titles, credits, levels and grades, but no
learning outcomes, assessment, participation or quality assurance. For a report of one of our
institutions those come from the results store of the configured database (institution by the
issuer's SCHAC code, course by the LOS ``local`` identifier, as ``gateway elmo export`` writes
them); for any other report they cannot be filled, and the report says so. The file itself is
not verified here (an operator inspects it); the wallet issues only from our own store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gateway.core.elm import IssuerIdentity
from gateway.core.elm.microcredential import MicroCredentialReport, microcredential_report
from gateway.core.elmo.parse import parse_elmo_bytes
from gateway.core.microcredentials import (
    Eligibility,
    eligibility_of,
    elm_micro_credential,
    elmo_candidates,
)
from gateway.errors import InvalidInput
from gateway.flows.elmo.elm import read_elmo_xml
from gateway.flows.microcredentials.store import elmo_course_data
from gateway.settings import Settings
from gateway.storage.database import Database


@dataclass(frozen=True)
class MicroConversion:
    """Every passed course and module of an ELMO with its verdict and, when complete, credential."""

    courses: tuple[Eligibility, ...]
    credentials: tuple[dict[str, Any] | None, ...]  # per course; None when not eligible

    def issued(self) -> list[dict[str, Any]]:
        return [c for c in self.credentials if c is not None]

    def report(self) -> list[dict[str, Any]]:
        """Per course: eligible or not, the gaps and why, the id of the credential made."""
        return [
            dict(course.to_json(), credential_id=None if credential is None else credential["id"])
            for course, credential in zip(self.courses, self.credentials, strict=True)
        ]


async def convert_micro(
    settings: Settings,
    path: Path,
    *,
    packed: bool,
    issuer: IssuerIdentity,
    issued: datetime | None = None,
) -> MicroConversion:
    """The micro-credentials of an ELMO file's complete courses (Generic profile)."""
    courses = await _courses(settings, path, packed=packed)
    when = issued or datetime.now(UTC).replace(microsecond=0)
    credentials = tuple(
        elm_micro_credential(c.candidate, issuer=issuer, issued=when) if c.eligible else None
        for c in courses
    )
    return MicroConversion(courses, credentials)


async def check_micro(
    settings: Settings,
    path: Path,
    *,
    packed: bool,
    issuer: IssuerIdentity,
    issued: datetime | None = None,
) -> list[dict[str, Any]]:
    """Per course of an ELMO file: its verdict and the Annex I report of what can be written.

    For a course that is not complete, the report is that of the credential its data would
    give; its missing elements are the verdict's.
    """
    courses = await _courses(settings, path, packed=packed)
    when = issued or datetime.now(UTC).replace(microsecond=0)
    found = []
    for course in courses:
        entry = course.to_json()
        try:
            credential = elm_micro_credential(course.candidate, issuer=issuer, issued=when)
        except InvalidInput as exc:  # no title, institution name or country: nothing to write
            entry["not_written"] = exc.message
        else:
            entry.update(microcredential_report(credential).to_json())
        found.append(entry)
    return found


def check_credentials_file(settings: Settings, path: Path) -> list[MicroCredentialReport]:
    """`gateway elm check FILE.json`: the Annex I report of ELM credentials already made.

    ``FILE`` holds one credential (a JSON object) or several (an array), e.g. the output of
    `gateway elm convert … --micro`.
    """
    limit = settings.elmo.max_xml_bytes
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > limit:
        raise InvalidInput(f"{path} is larger than {limit} bytes")
    try:
        found = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InvalidInput(f"{path} is not a JSON ELM credential: {exc}") from None
    credentials = found if isinstance(found, list) else [found]
    if not credentials or not all(
        isinstance(c, dict) and "EuropeanDigitalCredential" in c.get("type", ())
        for c in credentials
    ):
        raise InvalidInput(f"{path} holds no EuropeanDigitalCredential (an object or an array)")
    return [microcredential_report(c) for c in credentials]


def is_json(path: Path) -> bool:
    """Whether ``path`` starts like a JSON document rather than XML or base64."""
    try:
        with path.open("rb") as handle:
            head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return False
    return head[:1] in (b"{", b"[")


async def _courses(settings: Settings, path: Path, *, packed: bool) -> tuple[Eligibility, ...]:
    xml = read_elmo_xml(settings, path, packed=packed)
    elmo = parse_elmo_bytes(xml, max_bytes=settings.elmo.max_xml_bytes)
    db = Database.open(settings.database.url, echo=settings.database.echo)
    try:
        data, ours = await elmo_course_data(db, elmo)
    finally:
        await db.dispose()
    return tuple(eligibility_of(c) for c in elmo_candidates(elmo, data, ours))
