"""Share links of badges (docs/badges.md "For the learner"): make, list, revoke, show, check.

A learner makes a link for one of their complete courses: the badge is signed then and stored
with the link, so the public page ``/badges/{id}`` shows and serves exactly that credential.
``badge_validity`` is the one place that says whether a shared badge still holds: the link not
revoked, the signature good under the institution's key, the validity window, and the result
it carries unchanged in the results store (a withdrawn or corrected result revokes the badge,
as an import revokes the wallet credentials that carry it: credential status, issue 15).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from gateway.core.badges.baking import bake_png, bake_svg
from gateway.core.badges.image import BadgeFace, badge_png, badge_svg
from gateway.core.badges.jwt import BadgeInvalid, verify_badge
from gateway.core.badges.share import BadgeShare, carried_fingerprint, is_share_id, new_share_id
from gateway.core.microcredentials import Eligibility
from gateway.errors import NotFound
from gateway.flows.badges.issue import eligible_course, eligible_courses, issue_badge, keys_of
from gateway.flows.services import Services
from gateway.storage.badges import BadgeShareRepository


class Validity(StrEnum):
    """What the public page says about a shared badge (``web/texts`` words each)."""

    VALID = "valid"
    LINK_REVOKED = "link-revoked"
    REVOKED = "revoked"  # the institution has since withdrawn or changed the result
    EXPIRED = "expired"
    NOT_VERIFIED = "not-verified"


@dataclass(frozen=True)
class BadgeHome:
    """The learner's badge section of Digital wallet: complete courses and their share links."""

    courses: tuple[Eligibility, ...]
    shares: tuple[BadgeShare, ...]


@dataclass(frozen=True)
class SharedBadge:
    """A share link as its public page shows it."""

    share: BadgeShare
    validity: Validity
    credential: dict[str, Any]

    @property
    def achievement(self) -> dict[str, Any]:
        found: dict[str, Any] = self.credential["credentialSubject"]["achievement"]
        return found

    def face(self, lang: str) -> BadgeFace:
        return BadgeFace.from_credential(self.credential, lang)

    def svg(self, lang: str) -> str:
        return bake_svg(badge_svg(self.face(lang)), self.share.credential)

    def png(self, lang: str) -> bytes:
        return bake_png(badge_png(self.face(lang)), self.share.credential)


async def badge_home(services: Services, national_id: str) -> BadgeHome:
    courses = await eligible_courses(services, national_id)
    async with services.db.session() as session:
        shares = await BadgeShareRepository(session).of_learner(national_id)
    return BadgeHome(courses, tuple(shares))


async def create_share(services: Services, national_id: str, result_id: int) -> BadgeShare:
    """Sign the course's badge now and keep it under a new random link id."""
    course = await eligible_course(services, national_id, result_id=result_id)
    now = services.clock()
    issued = issue_badge(services, course, now=now)
    achievement = course.candidate.achievement
    titles = {t.lang or "": t.value for t in achievement.titles}
    share = BadgeShare(
        id=new_share_id(),
        institution=achievement.institution or "",
        code=achievement.code,
        title_en=titles.get("en") or achievement.title(),
        title_sv=titles.get("sv") or achievement.title(),
        credential=issued.jwt,
        created_at=now,
        result_id=achievement.result_id,
        carried=carried_fingerprint(achievement),
    )
    async with services.db.session() as session, session.begin():
        await BadgeShareRepository(session).add(national_id, share)
    return share


async def revoke_share(services: Services, national_id: str, share_id: str) -> None:
    """The learner withdraws a link of theirs (NotFound: no active link of theirs by that id)."""
    if not is_share_id(share_id):
        raise NotFound("no such share link")
    async with services.db.session() as session, session.begin():
        done = await BadgeShareRepository(session).revoke(national_id, share_id, services.clock())
    if not done:
        raise NotFound("no active share link of yours with this id")


def badge_validity(
    services: Services, share: BadgeShare, *, now: datetime, current: Eligibility | None
) -> Validity:
    """Whether a shared badge still holds, and if not, why (the first reason that applies).

    ``current`` is the learner's course of the badge as the results store has it now (None:
    the result is gone, or no longer passed and complete).
    """
    if not share.active:
        return Validity.LINK_REVOKED
    key = keys_of(services).public_key(share.institution)
    if key is None:
        return Validity.NOT_VERIFIED
    try:
        verify_badge(share.credential, key, now=now)
    except BadgeInvalid as exc:
        return Validity.EXPIRED if "expired" in exc.message else Validity.NOT_VERIFIED
    if current is None or carried_fingerprint(current.candidate.achievement) != share.carried:
        return Validity.REVOKED
    return Validity.VALID


async def _current(services: Services, national_id: str, share: BadgeShare) -> Eligibility | None:
    if share.result_id is None:
        return None
    for course in await eligible_courses(services, national_id):
        if course.candidate.achievement.result_id == share.result_id:
            return course
    return None


async def shared_badge(services: Services, share_id: str) -> SharedBadge:
    """The public view of a share link, revoked or not (NotFound: no such link)."""
    found = None
    if is_share_id(share_id):
        async with services.db.session() as session:
            found = await BadgeShareRepository(session).get(share_id)
    if found is None:
        raise NotFound("no such badge")
    share, national_id = found
    current = await _current(services, national_id, share) if share.active else None
    validity = badge_validity(services, share, now=services.clock(), current=current)
    key = keys_of(services).public_key(share.institution)
    credential: dict[str, Any] = {}
    if key is not None:
        try:  # the page shows what was signed, read back through the verifier
            credential = verify_badge(share.credential, key, now=share.created_at).credential
        except BadgeInvalid:
            credential = {}
    if not credential:
        raise NotFound("this badge cannot be shown: its signature does not verify")
    return SharedBadge(share, validity, credential)
