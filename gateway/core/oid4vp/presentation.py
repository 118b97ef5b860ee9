"""One SD-JWT VC presentation checked (RFC 9901 §7.1–7.3, SD-JWT VC §3, OpenID4VP §B.3, HAIP §6.1).

Every check refuses with its own ``Reason``; nothing is silently dropped: a disclosure that no
digest references is a rejection (RFC 9901 §7.1 step 5), and key binding is required by policy,
never inferred from the input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from gateway.core import jose
from gateway.core.oid4vp.reasons import PresentationRefused, Reason
from gateway.core.x5c import ChainFailure, ValidatedChain, X5cError, verify_with_x5c

SEPARATOR: Final = "~"
KB_TYP: Final = "kb+jwt"
SD_ALG: Final = "sha-256"
DC_SD_JWT: Final = "dc+sd-jwt"
LEGACY_TYP: Final = "vc+sd-jwt"
ALLOWED_ALGS: Final = frozenset({"ES256"})
_RESERVED: Final = frozenset({"_sd", "..."})


@dataclass(frozen=True)
class Policy:
    """What this verifier accepts for one transaction (from ``[verifier]`` and the transaction)."""

    trust_anchors: tuple[x509.Certificate, ...]
    vct_values: tuple[str, ...]
    nonce: str
    client_id: str
    now: dt.datetime
    typs: frozenset[str] = frozenset({DC_SD_JWT})
    clock_skew_seconds: int = 60
    kb_max_age_seconds: int = 300
    max_length: int = 1024 * 1024
    issuer_allow_list: frozenset[str] = frozenset()
    own_issuer: tuple[str, bytes] | None = None  # our identifier and our issuer leaf (DER)


@dataclass(frozen=True)
class VerifiedPresentation:
    """A presentation that passed every check: the issuer's claims with disclosures applied."""

    vct: str
    issuer: str | None
    chain: ValidatedChain
    credential_sha256: str  # of the issuer-signed JWT: one credential, however often presented
    claims: dict[str, Any] = field(repr=False)  # personal data
    status: Mapping[str, Any] | None = None
    disclosure_count: int = 0


def _refuse(reason: Reason, message: str, detail: str | None = None) -> PresentationRefused:
    return PresentationRefused(reason, message, detail=detail)


def split(presentation: str, max_length: int) -> tuple[str, list[str], str]:
    """``<issuer-jwt>~<d1>~…~<dn>~<kb-jwt>`` → parts; any other shape is refused."""
    if not isinstance(presentation, str) or not presentation.isascii():
        raise _refuse(Reason.PRESENTATION_MALFORMED, "the presentation is not a compact SD-JWT")
    if len(presentation) > max_length:
        raise _refuse(Reason.PRESENTATION_MALFORMED, "the presentation is too large")
    parts = presentation.split(SEPARATOR)
    if len(parts) < 2 or not parts[0]:
        raise _refuse(Reason.PRESENTATION_MALFORMED, "the presentation is not a compact SD-JWT")
    disclosures = parts[1:-1]
    if any(not d for d in disclosures):
        raise _refuse(Reason.PRESENTATION_MALFORMED, "the presentation has an empty disclosure")
    return parts[0], disclosures, parts[-1]


def _issuer_jwt(token: str, policy: Policy) -> tuple[dict[str, Any], ValidatedChain]:
    if not policy.trust_anchors:
        raise _refuse(Reason.ISSUER_UNTRUSTED, "the issuer is not trusted", "no trust anchors")
    try:
        header = jose.parse_compact(token, max_length=policy.max_length).header
        typ = header.get("typ")
        if not any(jose.typ_matches(typ, t) for t in policy.typs):
            raise _refuse(Reason.ISSUER_TYP_NOT_ALLOWED, "the credential type header is refused")
        verified = verify_with_x5c(
            token,
            policy.trust_anchors,
            at=policy.now,
            allowed_algs=ALLOWED_ALGS,
            max_length=policy.max_length,
        )
        return verified.claims(), verified.chain
    except X5cError as exc:
        reason = (
            Reason.ISSUER_SELF_SIGNED
            if exc.reason is ChainFailure.SELF_SIGNED_LEAF
            else Reason.ISSUER_UNTRUSTED
        )
        raise _refuse(reason, "the issuer is not trusted", f"{exc.reason}: {exc.detail}") from None
    except jose.JoseError as exc:
        raise _refuse(
            Reason.ISSUER_SIGNATURE_INVALID, "the issuer signature is invalid", exc.message
        ) from None


@dataclass
class _Disclosed:
    name: str | None
    value: Any
    nested: bool  # its JSON may hold digests of its own (``_sd`` or ``...`` somewhere)
    used: bool = False


def _decode_disclosures(encoded: list[str]) -> dict[str, _Disclosed]:
    found: dict[str, _Disclosed] = {}
    for item in encoded:
        digest = jose.b64url_encode(hashlib.sha256(item.encode("ascii")).digest())
        if digest in found:
            raise _refuse(Reason.DISCLOSURE_DUPLICATE, "a disclosure was sent twice")
        try:
            array, nested = jose.json_loads_noting(jose.b64url_decode(item), _RESERVED)
        except jose.JoseError as exc:
            raise _refuse(
                Reason.DISCLOSURE_INVALID, "a disclosure is malformed", exc.message
            ) from None
        if not isinstance(array, list) or len(array) not in (2, 3) or not isinstance(array[0], str):
            raise _refuse(Reason.DISCLOSURE_INVALID, "a disclosure is malformed")
        name = array[1] if len(array) == 3 else None
        if len(array) == 3 and (not isinstance(name, str) or name in _RESERVED):
            raise _refuse(Reason.DISCLOSURE_INVALID, "a disclosure has a refused claim name")
        # Only a value with a member named _sd or ... (noted by the parse) can hold digests of
        # its own; any other needs no walk (an ELM document is tens of thousands of nodes).
        found[digest] = _Disclosed(name, array[-1], nested)
    return found


class _Resolver:
    """Replaces digests by disclosed values (recursively), each digest at most once."""

    def __init__(self, disclosures: dict[str, _Disclosed]) -> None:
        self.disclosures = disclosures
        self.seen: set[str] = set()

    def _take(self, digest: Any) -> _Disclosed | None:
        if not isinstance(digest, str):
            raise _refuse(Reason.DISCLOSURE_INVALID, "a digest is not a string")
        if digest in self.seen:
            raise _refuse(Reason.DISCLOSURE_DUPLICATE, "a digest appears twice")
        self.seen.add(digest)
        found = self.disclosures.get(digest)
        if found is not None:
            found.used = True
        return found

    def value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return self.object(value)
        if isinstance(value, list):
            return self.array(value)
        return value

    def object(self, claims: dict[str, Any]) -> dict[str, Any]:
        digests = claims.get("_sd", [])
        if not isinstance(digests, list):
            raise _refuse(Reason.DISCLOSURE_INVALID, "_sd is not an array")
        out = {k: self.value(v) for k, v in claims.items() if k not in ("_sd", "_sd_alg")}
        for digest in digests:
            found = self._take(digest)
            if found is None:
                continue  # a decoy, or a claim the holder did not disclose
            if found.name is None:
                raise _refuse(Reason.DISCLOSURE_INVALID, "an array disclosure used for a member")
            if found.name in out:
                raise _refuse(Reason.DISCLOSURE_INVALID, "a disclosed claim name clashes")
            out[found.name] = self.value(found.value) if found.nested else found.value
        return out

    def array(self, items: list[Any]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            if isinstance(item, dict) and "..." in item:
                if len(item) != 1:
                    raise _refuse(Reason.DISCLOSURE_INVALID, "an array digest has other members")
                found = self._take(item["..."])
                if found is None:
                    continue
                if found.name is not None:
                    raise _refuse(Reason.DISCLOSURE_INVALID, "a member disclosure in an array")
                out.append(self.value(found.value) if found.nested else found.value)
            else:
                out.append(self.value(item))
        return out


def _dates(payload: Mapping[str, Any], policy: Policy) -> None:
    now = policy.now.timestamp()
    skew = policy.clock_skew_seconds
    for name in ("exp", "nbf", "iat"):
        if name in payload and not isinstance(payload[name], int | float):
            raise _refuse(Reason.PRESENTATION_MALFORMED, f"{name} is not a number")
    if "exp" in payload and payload["exp"] + skew <= now:
        raise _refuse(Reason.CREDENTIAL_EXPIRED, "the credential has expired")
    if "nbf" in payload and payload["nbf"] - skew > now:
        raise _refuse(Reason.CREDENTIAL_NOT_YET_VALID, "the credential is not valid yet")


def _key_binding(kb_token: str, presented: str, payload: Mapping[str, Any], policy: Policy) -> None:
    cnf = payload.get("cnf")
    jwk = cnf.get("jwk") if isinstance(cnf, Mapping) else None
    if not isinstance(jwk, Mapping):
        raise _refuse(Reason.MISSING_HOLDER_KEY, "the credential names no holder key (cnf.jwk)")
    if not kb_token:
        raise _refuse(Reason.MISSING_KEY_BINDING, "the presentation has no key binding JWT")
    try:
        kb = jose.parse_compact(kb_token)
        if not jose.typ_matches(kb.header.get("typ"), KB_TYP):
            raise jose.JoseError("the key binding JWT typ must be kb+jwt")
        jose.verify(kb, jose.public_key_from_jwk(jwk), allowed_algs=ALLOWED_ALGS)
        claims = kb.claims()
    except jose.JoseError as exc:
        raise _refuse(Reason.KB_INVALID, "the key binding JWT is invalid", exc.message) from None
    if claims.get("nonce") != policy.nonce:
        raise _refuse(Reason.KB_WRONG_NONCE, "the key binding JWT has another nonce")
    if claims.get("aud") != policy.client_id:
        raise _refuse(Reason.KB_WRONG_AUD, "the key binding JWT is for another verifier")
    iat = claims.get("iat")
    now = policy.now.timestamp()
    if (
        not isinstance(iat, int | float)
        or iat < now - policy.kb_max_age_seconds
        or iat > now + policy.clock_skew_seconds
    ):
        raise _refuse(Reason.KB_IAT_OUT_OF_WINDOW, "the key binding JWT is not fresh")
    expected = jose.b64url_encode(hashlib.sha256(presented.encode("ascii")).digest())
    if claims.get("sd_hash") != expected:
        raise _refuse(Reason.KB_SD_HASH_MISMATCH, "sd_hash does not match the presentation")


def _san_matches(iss: str, leaf: x509.Certificate) -> bool:
    """SD-JWT VC §3.5 (X.509 mechanism): an https ``iss`` whose host is a dNSName SAN of the
    leaf, or a URI SAN equal to ``iss``."""
    try:
        names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    if iss in names.get_values_for_type(x509.UniformResourceIdentifier):
        return True
    parts = urlsplit(iss)
    host = (parts.hostname or "").lower()
    dns_names = {name.lower() for name in names.get_values_for_type(x509.DNSName)}
    return parts.scheme == "https" and bool(host) and host in dns_names


def check_issuer_identifier(iss: Any, chain: ValidatedChain, policy: Policy) -> None:
    """``iss`` (if present) consistent with the ``x5c`` leaf (notes §7 item 13), else refused.

    Accepted: a SAN match, an ``[verifier] issuer_allow_list`` entry, or our own identifier on
    our own issuer certificate (certificates made before they carried the URI SAN).
    """
    if iss is None:
        return
    if not isinstance(iss, str) or not iss:
        raise _refuse(Reason.ISSUER_MISMATCH, "the credential issuer is malformed")
    if iss in policy.issuer_allow_list or _san_matches(iss, chain.leaf):
        return
    own = policy.own_issuer
    if own is not None and iss == own[0] and chain.leaf.public_bytes(Encoding.DER) == own[1]:
        return
    raise _refuse(
        Reason.ISSUER_MISMATCH,
        "the credential issuer does not match its certificate",
        f"iss {iss[:200]!r} vs {chain.leaf.subject.rfc4514_string()[:200]}",
    )


def verify_presentation(presentation: str, policy: Policy) -> VerifiedPresentation:
    """All checks of notes §7 items 12–17 on one ``dc+sd-jwt`` presentation, in that order."""
    token, encoded, kb_token = split(presentation, policy.max_length)
    payload, chain = _issuer_jwt(token, policy)
    check_issuer_identifier(payload.get("iss"), chain, policy)
    vct = payload.get("vct")
    if not isinstance(vct, str) or vct not in policy.vct_values:
        raise _refuse(Reason.WRONG_VCT, "this credential type was not requested")
    if payload.get("_sd_alg", SD_ALG) != SD_ALG:
        raise _refuse(Reason.UNSUPPORTED_SD_ALG, "the disclosure digest algorithm is refused")
    disclosures = _decode_disclosures(encoded)
    claims = _Resolver(disclosures).object(payload)
    if any(not d.used for d in disclosures.values()):
        raise _refuse(Reason.DISCLOSURE_UNREFERENCED, "a disclosure is referenced by no digest")
    _dates(payload, policy)
    presented = presentation[: len(presentation) - len(kb_token)]
    _key_binding(kb_token, presented, payload, policy)
    issuer = payload.get("iss")
    status = payload.get("status")
    return VerifiedPresentation(
        vct=vct,
        issuer=issuer if isinstance(issuer, str) else None,
        chain=chain,
        credential_sha256=hashlib.sha256(token.encode("ascii")).hexdigest(),
        claims=claims,
        status=status if isinstance(status, Mapping) else None,
        disclosure_count=len(disclosures),
    )
