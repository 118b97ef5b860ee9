"""Open Badges 3.0 VC-JWT proof (OB 3.0 §8.2, VC-JWT): sign and verify through core/jose.py.

The JWT payload is the credential itself (VCDM 2.0) plus the registered claims OB 3.0 §8.2.4
lists: ``iss`` = ``issuer.id``, ``jti`` = ``id``, ``nbf`` = ``validFrom``, ``sub`` =
``credentialSubject.id`` (when the subject has one), ``exp`` = ``validUntil`` (when set). The
header carries only ``alg`` (ES256, our only signing algorithm), ``kid`` (a URL that
dereferences to the issuer's JWK: the issuer profile, ``profile.py``) and ``typ`` ``JWT``.
Claims every credential carries in clear (``issuance.clear_claims``, e.g. a ``status``) are
added next to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric import ec

from gateway.core import jose

JWT_CLAIMS: Final = frozenset({"iss", "jti", "nbf", "sub", "exp", "iat"})
MAX_BADGE_JWT: Final = 256 * 1024
"""A badge JWT with embedded images stays far below this."""


class BadgeInvalid(jose.JoseError):
    """A badge JWT that does not verify, or whose claims contradict its credential."""


def _epoch(value: Any, what: str) -> int:
    if not isinstance(value, str):
        raise BadgeInvalid(f"{what} is not a dateTime string")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadgeInvalid(f"{what} is not a dateTime") from None
    if moment.tzinfo is None:
        raise BadgeInvalid(f"{what} has no time zone")
    return int(moment.timestamp())


def _issuer_id(credential: Mapping[str, Any]) -> str:
    issuer = credential.get("issuer")
    found = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    if not isinstance(found, str) or not found:
        raise BadgeInvalid("the credential has no issuer id")
    return found


def _subject_id(credential: Mapping[str, Any]) -> str | None:
    subject = credential.get("credentialSubject")
    found = subject.get("id") if isinstance(subject, Mapping) else None
    return found if isinstance(found, str) else None


def registered_claims(credential: Mapping[str, Any]) -> dict[str, Any]:
    """``iss``, ``jti``, ``nbf`` and, where the credential has them, ``sub`` and ``exp``."""
    claims: dict[str, Any] = {
        "iss": _issuer_id(credential),
        "jti": credential.get("id"),
        "nbf": _epoch(credential.get("validFrom"), "validFrom"),
    }
    if (subject := _subject_id(credential)) is not None:
        claims["sub"] = subject
    if "validUntil" in credential:
        claims["exp"] = _epoch(credential["validUntil"], "validUntil")
    return claims


def sign_badge(
    credential: Mapping[str, Any],
    key: ec.EllipticCurvePrivateKey,
    *,
    kid: str,
    clear_claims: Mapping[str, Any] | None = None,
) -> str:
    """The compact JWS of ``credential`` signed ES256 with the issuer's ``key``."""
    payload = {**credential, **(clear_claims or {}), **registered_claims(credential)}
    return jose.sign_compact({"kid": kid, "typ": "JWT"}, jose.json_dumps(payload), key)


@dataclass(frozen=True)
class VerifiedBadge:
    """A badge JWT whose signature and claims were checked: ``credential`` is what was signed."""

    kid: str
    credential: dict[str, Any]
    claims: dict[str, Any]


def badge_header(token: str) -> jose.CompactJws:
    """The unverified JWS (to find ``kid``, i.e. which issuer key to resolve)."""
    parsed = jose.parse_compact(token, max_length=MAX_BADGE_JWT)
    kid = parsed.header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise BadgeInvalid("the badge JWT names no key (kid)")
    return parsed


def verify_badge(token: str, key: jose.PublicKey, *, now: datetime) -> VerifiedBadge:
    """Verify the signature with ``key``, then the OB 3.0 claim rules (§8.2.5 / README 10)."""
    try:
        parsed = badge_header(token)
        jose.verify(parsed, key, allowed_algs={"ES256"})
        claims = parsed.claims()
    except BadgeInvalid:
        raise
    except jose.JoseError as exc:
        raise BadgeInvalid(exc.message, detail=exc.detail) from None
    credential = {k: v for k, v in claims.items() if k not in JWT_CLAIMS}
    expected = registered_claims(credential)
    for name in ("iss", "jti", "nbf", "sub", "exp"):
        if claims.get(name) != expected.get(name):
            raise BadgeInvalid(f"JWT claim {name} does not match the credential")
    stamp = now.astimezone(UTC).timestamp()
    if expected["nbf"] > stamp:
        raise BadgeInvalid("the badge is not valid yet")
    if "exp" in expected and expected["exp"] <= stamp:
        raise BadgeInvalid("the badge has expired")
    return VerifiedBadge(str(parsed.header["kid"]), credential, claims)
