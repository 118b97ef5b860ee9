"""JOSE policy over joserfc: JWS compact (RFC 7515), JWK (RFC 7517/7518), thumbprints (RFC 7638).

joserfc does the cryptography; this module keeps what we decide: the algorithms we sign and
verify with, strict base64url and JSON (no duplicate members), size limits, refusal of ``crit``,
``none``, MACs and private key material where a public key is expected, and ``typ`` matching.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import warnings
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from joserfc import errors as joserfc_errors
from joserfc import jws as joserfc_jws
from joserfc.jwk import ECKey, OKPKey

from gateway.errors import ConfigError, InvalidInput

PublicKey = ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey

SIGNING_ALG: Final = "ES256"
"""The only algorithm we sign with (HAIP: P-256 with ES256)."""

VERIFY_ALGS: Final = frozenset({"ES256", "ES384", "EdDSA"})
"""Every algorithm this module can verify; callers narrow it with their own allow-list."""

_EC_COORDINATE_BYTES: Final = {"P-256": 32, "P-384": 48}
_CURVE_NAMES: Final = frozenset({"secp256r1", "secp384r1"})
_PUBLIC_MEMBERS: Final = {"EC": ("kty", "crv", "x", "y"), "OKP": ("kty", "crv", "x")}
"""The members RFC 7638 hashes, in the order we write them (``cnf.jwk`` keeps its shape)."""
PRIVATE_JWK_MEMBERS: Final = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})
_B64URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_B64URL_BYTES = _B64URL_ALPHABET.encode("ascii")
_UNUSED_BITS = {2: 0x0F, 3: 0x03}  # last character of 2 or 3: its bits past the data
MAX_TOKEN_LENGTH: Final = 64 * 1024


class JoseError(InvalidInput):
    """A JOSE object is malformed, uses a refused algorithm, or its signature does not verify."""


def b64url_encode(data: bytes) -> str:
    """base64url without padding (RFC 7515 §2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Strict base64url: no padding, no foreign characters, canonical trailing bits.

    binascii's strict mode refuses every character outside the alphabet (the standard one:
    ``-``/``_`` are mapped first, so a ``+``/``/`` in the input is refused before); only the
    last character can carry non-zero unused bits, so only it is checked for canonical form.
    (A regex and a re-encoding did the same at three times the cost on ELM-sized input.)
    """
    if not isinstance(text, str) or len(text) % 4 == 1 or not text.isascii():
        raise JoseError("malformed base64url")
    if "+" in text or "/" in text or "=" in text:
        raise JoseError("malformed base64url")
    standard = text.replace("-", "+").replace("_", "/") + "=" * (-len(text) % 4)
    try:
        data = binascii.a2b_base64(standard, strict_mode=True)
    except (binascii.Error, ValueError):
        raise JoseError("malformed base64url") from None
    unused = _UNUSED_BITS.get(len(text) % 4)
    if unused is not None and _B64URL_ALPHABET.index(text[-1]) & unused:
        raise JoseError("non-canonical base64url")
    return data


def require_b64url(text: str) -> None:
    """The checks of ``b64url_decode`` without decoding, for a segment a library decodes next.

    Deleting every alphabet byte must leave nothing (one C pass, a seventh of a decode on a
    300 KB JWE ciphertext); length and trailing bits are checked as ``b64url_decode`` does.
    """
    if not isinstance(text, str) or len(text) % 4 == 1 or not text.isascii():
        raise JoseError("malformed base64url")
    if text.encode("ascii").translate(None, _B64URL_BYTES):
        raise JoseError("malformed base64url")
    unused = _UNUSED_BITS.get(len(text) % 4)
    if unused is not None and _B64URL_ALPHABET.index(text[-1]) & unused:
        raise JoseError("non-canonical base64url")


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


def json_loads_noting(data: bytes, names: frozenset[str]) -> tuple[Any, bool]:
    """``json_loads``, also telling whether any object has a member named in ``names``.

    The names are seen as parsed, so an escaped spelling (``"\\u005fsd"``) counts as well;
    noting them in the parse spares the caller a walk or a text search of a large value.
    """
    noted = False

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal noted
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise JoseError("duplicate member name in JSON")
            result[key] = value
        if not noted and not names.isdisjoint(result):
            noted = True
        return result

    try:
        text = data.decode("utf-8")
        value = json.loads(text, object_pairs_hook=pairs_hook, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        raise JoseError("malformed JSON") from None
    return value, noted


def json_dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON, as signed and as put into disclosures."""
    try:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise JoseError("text is not valid Unicode (lone surrogate)") from None
    except (TypeError, ValueError) as exc:
        raise JoseError("not a JSON value", detail=str(exc)[:200]) from None


def json_object(segment: str, what: str) -> dict[str, Any]:
    """A strict base64url segment holding a JSON object (a JOSE header or a claims set)."""
    value = json_loads(b64url_decode(segment))
    if not isinstance(value, dict):
        raise JoseError(f"{what} is not a JSON object")
    return value


def refuse_crit(header: Mapping[str, Any]) -> None:
    """We understand no extension, so any ``crit`` is refused (RFC 7515 §4.1.11)."""
    if "crit" in header:
        raise JoseError("critical JOSE header extensions are not supported")


def typ_matches(typ: Any, expected: str) -> bool:
    """RFC 7515 §4.1.9: ``typ`` is a media type, case-insensitive, ``application/`` implied."""
    if not isinstance(typ, str):
        return False

    def media_type(value: str) -> str:
        value = value.lower()
        return value if "/" in value else f"application/{value}"

    return media_type(typ) == media_type(expected)


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

    @property
    def token(self) -> str:
        """The compact serialisation again (exact: base64url was checked to be canonical)."""
        return f"{self.signing_input.decode('ascii')}.{b64url_encode(self.signature)}"

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
    header = json_object(parts[0], "JOSE header")
    alg = header.get("alg")
    if not isinstance(alg, str) or not alg:
        raise JoseError("JOSE header has no alg")
    refuse_crit(header)
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


class _JwsRegistry(joserfc_jws.JWSRegistry):
    """joserfc's JWS registry with one algorithm and our size limit in place of its own.

    Header members it does not know are let through (RFC 7515 §4: ignore what you do not
    understand); ``crit`` never reaches it, and the registry still type-checks known members.
    """

    def __init__(self, alg: str, max_length: int) -> None:
        super().__init__(algorithms=[alg], strict_check_header=False)
        self.max_header_length = self.max_payload_length = max_length
        self.max_signature_length = 1024


def _library_key(key: PublicKey | ec.EllipticCurvePrivateKey) -> ECKey | OKPKey:
    if isinstance(key, ed25519.Ed25519PublicKey):
        return OKPKey(key, key)
    return ECKey(key, key)


def verify(jws: CompactJws, key: PublicKey, *, allowed_algs: Collection[str]) -> None:
    """Check the signature of ``jws`` with ``key`` under the allow-list; raise JoseError if not."""
    alg = jws.alg
    check_alg(alg, allowed_algs)
    token = jws.token
    try:
        library_key = _library_key(key)
        registry = _JwsRegistry(alg, max_length=len(token))
        with warnings.catch_warnings():
            # RFC 9864 deprecates the name EdDSA (for Ed25519); callers that allow it mean it
            warnings.simplefilter("ignore", joserfc_errors.SecurityWarning)
            joserfc_jws.deserialize_compact(token, library_key, registry=registry)
    except (joserfc_errors.InvalidKeyTypeError, joserfc_errors.InvalidKeyCurveError):
        raise JoseError(f"key does not match alg {alg}") from None
    except joserfc_errors.BadSignatureError:
        raise JoseError("signature does not verify") from None
    except (joserfc_errors.JoseError, ValueError, TypeError) as exc:
        raise JoseError("JWS refused", detail=f"{type(exc).__name__}: {exc}"[:200]) from None


def sign_compact(header: Mapping[str, Any], payload: bytes, key: ec.EllipticCurvePrivateKey) -> str:
    """Sign with ES256; ``alg`` is set here, the rest of ``header`` is the caller's."""
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ConfigError("ES256 needs a P-256 key")
    refuse_crit(header)
    protected = {"alg": SIGNING_ALG, **{k: v for k, v in header.items() if k != "alg"}}
    json_dumps(protected)  # the same refusals as everywhere (lone surrogates, NaN …)
    registry = _JwsRegistry(SIGNING_ALG, max_length=1 << 30)
    try:
        library_key = _library_key(key)
        return joserfc_jws.serialize_compact(protected, payload, library_key, registry=registry)
    except joserfc_errors.JoseError as exc:  # e.g. a registered member of the wrong type
        raise JoseError("JOSE header refused", detail=str(exc)[:200]) from None


def _check_coordinates(jwk: Mapping[str, Any], names: tuple[str, ...], size: int) -> None:
    for name in names:
        value = jwk.get(name)
        if not isinstance(value, str):
            raise JoseError(f"JWK member {name} missing")
        if len(b64url_decode(value)) != size:  # RFC 7518 §6.2.1.2: full length, always
            raise JoseError(f"JWK member {name} has the wrong length")


def public_key_from_jwk(jwk: Mapping[str, Any]) -> PublicKey:
    """A public key from a JWK (EC P-256/P-384, OKP Ed25519); private parts are refused."""
    if not isinstance(jwk, Mapping):
        raise JoseError("JWK is not a JSON object")
    if PRIVATE_JWK_MEMBERS & set(jwk):
        raise JoseError("JWK contains private key material")
    kty, crv = jwk.get("kty"), jwk.get("crv")
    if kty == "EC" and isinstance(crv, str) and crv in _EC_COORDINATE_BYTES:
        _check_coordinates(jwk, ("x", "y"), _EC_COORDINATE_BYTES[crv])
    elif kty == "OKP" and crv == "Ed25519":
        _check_coordinates(jwk, ("x",), 32)
    else:
        raise JoseError("unsupported JWK key type or curve")
    members = {name: jwk[name] for name in _PUBLIC_MEMBERS[kty]}
    try:
        library_key = ECKey.import_key(members) if kty == "EC" else OKPKey.import_key(members)
    except (joserfc_errors.JoseError, ValueError, TypeError):
        raise JoseError("JWK point is not on the curve") from None
    public = library_key.public_key
    assert isinstance(public, ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey)
    return public


def jwk_from_public_key(key: PublicKey) -> dict[str, str]:
    """The minimal public JWK (only the members RFC 7638 hashes)."""
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name not in _CURVE_NAMES:
        raise ConfigError(f"unsupported curve {key.curve.name}")
    value = _library_key(key).as_dict()
    return {name: str(value[name]) for name in _PUBLIC_MEMBERS[str(value["kty"])]}


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    """RFC 7638 SHA-256 thumbprint of a public JWK (a safe handle for a key in logs and tables)."""
    return _library_key(public_key_from_jwk(jwk)).thumbprint()


def is_finite_json(value: Any) -> bool:
    """True for a finite JSON number (used where RFC 7519 NumericDate is expected)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return isinstance(value, int) or math.isfinite(value)  # a huge int overflows isfinite
