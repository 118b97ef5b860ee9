"""A share link of one badge (docs/badges.md "For the learner"): what the public page shows.

The link's id is random (128 bits, URL-safe); the stored credential is the VC-JWT signed when
the link was made, so the page and its download serve exactly what was signed. A link is
``active`` until the learner revokes it; ``carried`` fingerprints what the badge says about its
result, so the page can tell when the institution has since changed or withdrawn it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from gateway.core.microcredentials.candidates import Achievement

SHARE_ID_BYTES: Final = 16
SHARE_ID_LENGTH: Final = 22  # base64url of 16 bytes


def new_share_id() -> str:
    return secrets.token_urlsafe(SHARE_ID_BYTES)


def is_share_id(value: str) -> bool:
    """Cheap shape check before any lookup (22 base64url characters)."""
    return len(value) == SHARE_ID_LENGTH and all(
        c.isascii() and (c.isalnum() or c in "-_") for c in value
    )


def carried_fingerprint(achievement: Achievement) -> str:
    """SHA-256 of what a badge says about its result: a change (a corrected grade, a withdrawn
    result) means the shared badge no longer holds — the rule credential status applies to
    wallet credentials when an import changes a result they carry (issue 15)."""
    values = (
        achievement.institution,
        achievement.code,
        achievement.grade,
        achievement.scheme,
        achievement.credits,
        achievement.received,
        achievement.eqf,
        achievement.awarded,
        tuple((t.lang, t.value) for t in achievement.titles),
    )
    return hashlib.sha256(repr(values).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class BadgeShare:
    """One share link: whose badge of which course, the signed credential, its state."""

    id: str
    institution: str
    code: str
    title_en: str
    title_sv: str
    credential: str = field(repr=False)
    created_at: datetime
    revoked_at: datetime | None = None
    result_id: int | None = None
    carried: str = ""
    """``carried_fingerprint`` of the result when the badge was signed."""

    @property
    def active(self) -> bool:
        return self.revoked_at is None
