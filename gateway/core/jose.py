"""Minimal JOSE: JWS compact sign/verify with an alg allow-list (RFC 7515/7518), JWK, base64url."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from gateway.errors import ConfigError, InvalidInput

PublicKey = ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey

SIGNING_ALG: Final = "ES256"
"""The only algorithm we sign with (HAIP: P-256 with ES256)."""

VERIFY_ALGS: Final = frozenset({"ES256", "ES384", "EdDSA"})
"""Every algorithm this module can verify; callers narrow it with their own allow-list."""

# alg → (curve, hash, coordinate length in bytes)
_EC_ALGS: Final[dict[str, tuple[type[ec.EllipticCurve], type[hashes.HashAlgorithm], int]]] = {
    "ES256": (ec.SECP256R1, hashes.SHA256, 32),
    "ES384": (ec.SECP384R1, hashes.SHA384, 48),
}
_EC_CURVES: Final[dict[str, tuple[type[ec.EllipticCurve], int]]] = {
    "P-256": (ec.SECP256R1, 32),
    "P-384": (ec.SECP384R1, 48),
}
PRIVATE_JWK_MEMBERS: Final = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})
_B64URL = re.compile(r"[A-Za-z0-9_-]*")
MAX_TOKEN_LENGTH: Final = 64 * 1024


class JoseError(InvalidInput):
    """A JOSE object is malformed, uses a refused algorithm, or its signature does not verify."""


def b64url_encode(data: bytes) -> str:
    """base64url without padding (RFC 7515 §2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Strict base64url: no padding, no foreign characters, canonical trailing bits."""
    if not isinstance(text, str) or not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise JoseError("malformed base64url")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise JoseError("malformed base64url") from None
    if b64url_encode(data) != text:
        raise JoseError("non-canonical base64url")
    return data


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise JoseError("duplicate member name in JSON")
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise JoseError(f"{name} is not JSON")


def json_loads(data: bytes | str) -> Any:
    """Strict JSON: UTF-8, no duplicate member names, no NaN/Infinity."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except (ValueError, RecursionError):  # also: an integer past Python's digit limit
        raise JoseError("malformed JSON") from None


def json_dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON, as signed and as put into disclosures."""
    try:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise JoseError("text is not valid Unicode (lone surrogate)") from None
    except (TypeError, ValueError) as exc:
        raise JoseError("not a JSON value", detail=str(exc)[:200]) from None


@dataclass(frozen=True)
class CompactJws:
    """A parsed but *unverified* JWS: use nothing from it before ``verify`` succeeded."""

    header: Mapping[str, Any]
    payload: bytes
    signing_input: bytes
    signature: bytes

    @property
    def alg(self) -> str:
        return str(self.header["alg"])

    def claims(self) -> dict[str, Any]:
        """The payload as a JWT claims set (a JSON object)."""
        value = json_loads(self.payload)
        if not isinstance(value, dict):
            raise JoseError("JWT payload is not a JSON object")
        return value


def parse_compact(token: str, *, max_length: int = MAX_TOKEN_LENGTH) -> CompactJws:
    """Split and decode a JWS compact serialisation; the signature is not checked here."""
    if not isinstance(token, str) or not token.isascii():
        raise JoseError("not a compact JWS")
    if len(token) > max_length:
        raise JoseError("JWS too large")
    parts = token.split(".")
    if len(parts) != 3:
        raise JoseError("not a compact JWS (three parts expected)")
    header = json_loads(b64url_decode(parts[0]))
    if not isinstance(header, dict):
        raise JoseError("JOSE header is not a JSON object")
    alg = header.get("alg")
    if not isinstance(alg, str) or not alg:
        raise JoseError("JOSE header has no alg")
    if "crit" in header:
        raise JoseError("critical JOSE header extensions are not supported")
    return CompactJws(
        header=header,
        payload=b64url_decode(parts[1]),
        signing_input=f"{parts[0]}.{parts[1]}".encode("ascii"),
        signature=b64url_decode(parts[2]),
    )


def check_alg(alg: str, allowed: Collection[str]) -> None:
    """Refuse ``none``, MACs and anything outside both our and the caller's allow-list."""
    if alg not in VERIFY_ALGS or alg not in allowed:
        raise JoseError("algorithm not allowed", detail=f"alg={alg[:40]!r}")


def verify(jws: CompactJws, key: PublicKey, *, allowed_algs: Collection[str]) -> None:
    """Check the signature of ``jws`` with ``key`` under the allow-list; raise JoseError if not."""
    alg = jws.alg
    check_alg(alg, allowed_algs)
    try:
        if alg == "EdDSA":
            if not isinstance(key, ed25519.Ed25519PublicKey):
                raise JoseError("key does not match alg EdDSA")
            key.verify(jws.signature, jws.signing_input)
            return
        curve, hash_type, size = _EC_ALGS[alg]
        if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, curve):
            raise JoseError(f"key does not match alg {alg}")
        if len(jws.signature) != 2 * size:
            raise JoseError("ECDSA signature has the wrong length")
        r = int.from_bytes(jws.signature[:size], "big")
        s = int.from_bytes(jws.signature[size:], "big")
        key.verify(encode_dss_signature(r, s), jws.signing_input, ec.ECDSA(hash_type()))
    except InvalidSignature:
        raise JoseError("signature does not verify") from None


def sign_compact(header: Mapping[str, Any], payload: bytes, key: ec.EllipticCurvePrivateKey) -> str:
    """Sign with ES256; ``alg`` is set here, the rest of ``header`` is the caller's."""
    if not isinstance(key.curve, ec.SECP256R1):
        raise ConfigError("ES256 needs a P-256 key")
    protected = {"alg": SIGNING_ALG, **{k: v for k, v in header.items() if k != "alg"}}
    signing_input = f"{b64url_encode(json_dumps(protected))}.{b64url_encode(payload)}"
    der = key.sign(signing_input.encode("ascii"), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return f"{signing_input}.{b64url_encode(signature)}"


def _coordinate(jwk: Mapping[str, Any], name: str, size: int) -> int:
    value = jwk.get(name)
    if not isinstance(value, str):
        raise JoseError(f"JWK member {name} missing")
    raw = b64url_decode(value)
    if len(raw) != size:
        raise JoseError(f"JWK member {name} has the wrong length")
    return int.from_bytes(raw, "big")


def public_key_from_jwk(jwk: Mapping[str, Any]) -> PublicKey:
    """A public key from a JWK (EC P-256/P-384, OKP Ed25519); private parts are refused."""
    if not isinstance(jwk, Mapping):
        raise JoseError("JWK is not a JSON object")
    if PRIVATE_JWK_MEMBERS & set(jwk):
        raise JoseError("JWK contains private key material")
    kty = jwk.get("kty")
    crv = jwk.get("crv")
    if kty == "EC" and isinstance(crv, str) and crv in _EC_CURVES:
        curve, size = _EC_CURVES[crv]
        x = _coordinate(jwk, "x", size)
        y = _coordinate(jwk, "y", size)
        try:
            return ec.EllipticCurvePublicNumbers(x, y, curve()).public_key()
        except ValueError:
            raise JoseError("JWK point is not on the curve") from None
    if kty == "OKP" and crv == "Ed25519":
        raw = jwk.get("x")
        if not isinstance(raw, str):
            raise JoseError("JWK member x missing")
        data = b64url_decode(raw)
        if len(data) != 32:
            raise JoseError("JWK member x has the wrong length")
        return ed25519.Ed25519PublicKey.from_public_bytes(data)
    raise JoseError("unsupported JWK key type or curve")


def jwk_from_public_key(key: PublicKey) -> dict[str, str]:
    """The minimal public JWK (only the members RFC 7638 hashes)."""
    if isinstance(key, ed25519.Ed25519PublicKey):
        raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw)}
    for crv, (curve, size) in _EC_CURVES.items():
        if isinstance(key.curve, curve):
            numbers = key.public_numbers()
            return {
                "kty": "EC",
                "crv": crv,
                "x": b64url_encode(numbers.x.to_bytes(size, "big")),
                "y": b64url_encode(numbers.y.to_bytes(size, "big")),
            }
    raise ConfigError(f"unsupported curve {key.curve.name}")


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    """RFC 7638 SHA-256 thumbprint of a public JWK (a safe handle for a key in logs and tables)."""
    canonical = jwk_from_public_key(public_key_from_jwk(jwk))
    data = json.dumps(canonical, separators=(",", ":"), sort_keys=True).encode()
    return b64url_encode(hashlib.sha256(data).digest())


def is_finite_json(value: Any) -> bool:
    """True for a finite JSON number (used where RFC 7519 NumericDate is expected)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return isinstance(value, int) or math.isfinite(value)  # a huge int overflows isfinite
