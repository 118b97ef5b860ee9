"""A learner's badges and the issuer profiles (docs/badges.md): build, sign, draw and bake.

One badge per complete micro-credential course (``learner_micro_credentials``: the one
eligibility rule). ``issue_badge`` gives the OpenBadgeCredential an embedded ``eddsa-rdfc-2022``
proof (the institution's Ed25519 key), signs that credential as VC-JWT (its ES256 key) and bakes
the JWT into the SVG and the PNG: one credential, verifiable either way. A fresh salt hashes the
learner's identifier each time, so two badges of one learner cannot be linked by their hash.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from gateway.core.badges.baking import bake_png, bake_svg
from gateway.core.badges.credential import issuer_id, open_badge
from gateway.core.badges.image import BadgeFace, badge_png, badge_svg
from gateway.core.badges.integrity import add_proof
from gateway.core.badges.jwt import sign_badge
from gateway.core.badges.profile import key_id, profile_document, proof_method
from gateway.core.elmo.build import issuer_of
from gateway.core.microcredentials import Eligibility
from gateway.errors import NotFound
from gateway.flows.badges.contexts import badge_contexts
from gateway.flows.badges.keys import BadgeKeys, badge_keys, check_schac
from gateway.flows.microcredentials.store import learner_micro_credentials
from gateway.flows.services import Services
from gateway.storage.repositories import RecordsRepository

SALT_BYTES = 16


@dataclass(frozen=True)
class IssuedBadge:
    """One signed badge: the credential, its VC-JWT and the two baked images."""

    course: Eligibility = field(repr=False)
    credential: dict[str, Any] = field(repr=False)
    jwt: str = field(repr=False)
    svg: str = field(repr=False)
    png: bytes = field(repr=False)

    @property
    def code(self) -> str:
        return self.course.candidate.achievement.code

    @property
    def result_id(self) -> int | None:
        return self.course.candidate.achievement.result_id

    def credential_json(self) -> bytes:
        """The signed credential as JSON (pretty, UTF-8): what the JWT's payload says."""
        text = json.dumps(self.credential, ensure_ascii=False, indent=2) + "\n"
        return text.encode("utf-8")


def keys_of(services: Services) -> BadgeKeys:
    return badge_keys(services.settings.badges.key_dir)


def base_url(services: Services) -> str:
    return services.settings.server.public_url


def issue_badge(
    services: Services,
    course: Eligibility,
    *,
    now: datetime,
    lang: str = "en",
    subject_id: str | None = None,
    clear_claims: Mapping[str, Any] | None = None,
) -> IssuedBadge:
    """Sign and bake the badge of an eligible course (NotABadge if it is not one)."""
    candidate = course.candidate
    credential = open_badge(
        candidate,
        base_url=base_url(services),
        issued=now,
        salt=secrets.token_hex(SALT_BYTES),
        subject_id=subject_id,
    )
    schac = check_schac(candidate.achievement.institution or "")
    profile_id = issuer_id(base_url(services), schac)
    keys = keys_of(services)
    proof_key = keys.proof_key(schac)
    credential = add_proof(
        credential,
        proof_key,
        verification_method=proof_method(profile_id, proof_key.public_key()),
        created=credential["validFrom"],
        contexts=badge_contexts(services.settings.schemas.dir),
    )
    key = keys.signing_key(schac)
    kid = key_id(profile_id, key.public_key())
    token = sign_badge(credential, key, kid=kid, clear_claims=clear_claims)
    face = BadgeFace.of(candidate, lang)
    return IssuedBadge(
        course=course,
        credential=credential,
        jwt=token,
        svg=bake_svg(badge_svg(face), token),
        png=bake_png(badge_png(face), token),
    )


async def eligible_courses(services: Services, national_id: str) -> tuple[Eligibility, ...]:
    """The learner's courses that are complete micro-credentials (NotFound: no such learner)."""
    return (await learner_micro_credentials(services.db, national_id)).eligible


async def eligible_course(
    services: Services, national_id: str, *, result_id: int | None = None, code: str | None = None
) -> Eligibility:
    """One of the learner's complete courses, by result id or by course code."""
    for course in await eligible_courses(services, national_id):
        achievement = course.candidate.achievement
        if (result_id is not None and achievement.result_id == result_id) or (
            code is not None and achievement.code == code
        ):
            return course
    wanted = f"result {result_id}" if result_id is not None else f"course {code}"
    raise NotFound(f"{wanted} is not a passed course of this learner that is a complete badge")


async def issuer_profile_document(services: Services, schac: str) -> dict[str, Any]:
    """The issuer profile of an institution of the results store, with its badge key."""
    check_schac(schac)
    async with services.db.session() as session:
        institutions = await RecordsRepository(session).institutions()
    institution = next((i for i in institutions if i.schac == schac), None)
    if institution is None:
        raise NotFound(f"no awarding institution {schac} in this gateway")
    keys = keys_of(services)
    return profile_document(
        issuer_of(institution),
        base_url(services),
        [keys.signing_key(schac).public_key()],
        [keys.proof_key(schac).public_key()],
    )
