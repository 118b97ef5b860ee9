"""JWE compact ECDH-ES on P-256 with A128GCM/A256GCM over joserfc (RFC 7516, RFC 7518 §4.6).

What OpenID4VP 1.0 §8.3 (``direct_post.jwt``) and HAIP 1.0 §5 need: a fresh ephemeral key per
transaction, and decryption that refuses every other ``alg``/``enc``, a ``kid`` that is not
ours, compression, ``crit``, a nested JWT and a payload that is not a JSON object.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric import ec
from joserfc import errors as joserfc_errors
from joserfc import jwe as joserfc_jwe
from joserfc.jwk import ECKey

from gateway.core import jose

KEY_AGREEMENT_ALG: Final = "ECDH-ES"
"""Direct key agreement: the only JWE ``alg`` we accept (HAIP 1.0 §5)."""
CONTENT_ENCRYPTIONS: Final = frozenset({"A128GCM", "A256GCM"})
"""Both MUST be supported by a HAIP verifier; callers may narrow the set."""
DEFAULT_ENC: Final = "A128GCM"
"""OpenID4VP 1.0 §8.3: the ``enc`` a wallet uses when the verifier names none."""
MAX_JWE_LENGTH: Final = 2 * 1024 * 1024
"""Default input limit: a response carrying one ELM credential is a few hundred KB."""
_CURVE: Final = "P-256"


@dataclass(frozen=True)
class EncryptionKey:
    """An ephemeral ECDH-ES key: ``public_jwk`` goes into ``client_metadata.jwks``,
    ``private_jwk`` (the same members plus ``d``) stays with us, e.g. in the transaction row."""

    kid: str
    public_jwk: dict[str, str]
    private_jwk: dict[str, str] = field(repr=False)


@dataclass(frozen=True)
class DecryptedJwe:
    """A JWE that decrypted and authenticated with our key: its header and JSON object payload."""

    header: Mapping[str, Any]
    payload: dict[str, Any] = field(repr=False)  # personal data (the presented credentials)


def generate_encryption_key() -> EncryptionKey:
    """A fresh P-256 key as a JWK with ``kid`` (its RFC 7638 thumbprint), ``use``, ``alg``."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = jose.jwk_from_public_key(private.public_key())
    kid = jose.jwk_thumbprint(public)
    public_jwk = {**public, "kid": kid, "use": "enc", "alg": KEY_AGREEMENT_ALG}
    d = ECKey(private, private).as_dict(private=True)["d"]
    return EncryptionKey(kid=kid, public_jwk=public_jwk, private_jwk={**public_jwk, "d": str(d)})


class _JweRegistry(joserfc_jwe.JWERegistry):
    """joserfc's JWE registry allowing one ``alg`` and one ``enc``, with our size limit."""

    def __init__(self, enc: str, max_length: int) -> None:
        super().__init__(algorithms=[KEY_AGREEMENT_ALG, enc], strict_check_header=False)
        self.max_ciphertext_length = self.max_aad_length = max_length
        self.max_protected_header_length = 4096


def _private_key(private_jwk: Mapping[str, Any]) -> ECKey:
    if not isinstance(private_jwk, Mapping) or not isinstance(private_jwk.get("d"), str):
        raise jose.JoseError("the decryption key is not a private JWK")
    public = {k: v for k, v in private_jwk.items() if k not in jose.PRIVATE_JWK_MEMBERS}
    if public.get("kty") != "EC" or public.get("crv") != _CURVE:
        raise jose.JoseError("the decryption key is not an EC P-256 key")
    jose.public_key_from_jwk(public)  # the same checks on the public half as everywhere
    if len(jose.b64url_decode(private_jwk["d"])) != 32:
        raise jose.JoseError("JWK member d has the wrong length")
    try:
        members = {k: private_jwk[k] for k in ("kty", "crv", "x", "y", "d")}
        return ECKey.import_key(members)
    except (joserfc_errors.JoseError, ValueError, TypeError):
        raise jose.JoseError("the decryption key does not match its public part") from None


def _check_header(
    header: dict[str, Any], expected_kid: str | None, allowed: Collection[str]
) -> str:
    if header.get("alg") != KEY_AGREEMENT_ALG:
        raise jose.JoseError("JWE alg not allowed", detail=f"alg={str(header.get('alg'))[:40]!r}")
    enc = header.get("enc")
    if not isinstance(enc, str) or enc not in CONTENT_ENCRYPTIONS or enc not in allowed:
        raise jose.JoseError("JWE enc not allowed", detail=f"enc={str(enc)[:40]!r}")
    jose.refuse_crit(header)
    if "zip" in header:
        raise jose.JoseError("compressed JWE payloads are refused")
    if isinstance(header.get("cty"), str) and header["cty"].upper() == "JWT":
        raise jose.JoseError("nested JWTs are refused: the payload must be a JSON object")
    if expected_kid is not None and header.get("kid") != expected_kid:
        raise jose.JoseError("the JWE was not encrypted to this key (kid)")
    epk = header.get("epk")
    public = jose.public_key_from_jwk(epk) if isinstance(epk, Mapping) else None
    if not isinstance(public, ec.EllipticCurvePublicKey) or not isinstance(
        public.curve, ec.SECP256R1
    ):
        raise jose.JoseError("JWE epk must be an EC P-256 public key")
    return enc


def decrypt_compact(
    token: str,
    private_jwk: Mapping[str, Any],
    *,
    allowed_enc: Collection[str] = CONTENT_ENCRYPTIONS,
    max_length: int = MAX_JWE_LENGTH,
) -> DecryptedJwe:
    """Decrypt an ECDH-ES JWE addressed to ``private_jwk``; its payload must be a JSON object.

    When the key has a ``kid`` the JWE header MUST carry the same (OpenID4VP 1.0 §8.3): a JWE
    for another transaction's key is refused before any cryptography runs.
    """
    if not isinstance(token, str) or not token.isascii():
        raise jose.JoseError("not a compact JWE")
    if len(token) > max_length:
        raise jose.JoseError("JWE too large")
    parts = token.split(".")
    if len(parts) != 5:
        raise jose.JoseError("not a compact JWE (five parts expected)")
    for part in parts[1:]:
        jose.require_b64url(part)  # strict base64url, as for JWS; joserfc decodes them
    header = jose.json_object(parts[0], "JWE header")
    kid = private_jwk.get("kid") if isinstance(private_jwk, Mapping) else None
    enc = _check_header(header, kid if isinstance(kid, str) else None, allowed_enc)
    if parts[1]:
        raise jose.JoseError("ECDH-ES (direct) has an empty encrypted key")
    key = _private_key(private_jwk)
    try:
        result = joserfc_jwe.decrypt_compact(token, key, registry=_JweRegistry(enc, len(token)))
    except (joserfc_errors.JoseError, ValueError, TypeError) as exc:
        detail = str(exc)[:200]
        raise jose.JoseError("the JWE does not decrypt with this key", detail=detail) from None
    payload = jose.json_loads(result.plaintext or b"")
    if not isinstance(payload, dict):
        raise jose.JoseError("the JWE payload is not a JSON object")
    return DecryptedJwe(header=header, payload=payload)


def encrypt_compact(
    payload: Mapping[str, Any], public_jwk: Mapping[str, Any], *, enc: str = DEFAULT_ENC
) -> str:
    """Encrypt a JSON object to a P-256 public JWK with ECDH-ES (the wallet's side; for tests)."""
    if enc not in CONTENT_ENCRYPTIONS:
        raise jose.JoseError("JWE enc not allowed", detail=f"enc={enc[:40]!r}")
    public = jose.public_key_from_jwk(public_jwk)
    if not isinstance(public, ec.EllipticCurvePublicKey) or not isinstance(
        public.curve, ec.SECP256R1
    ):
        raise jose.JoseError("the encryption key is not an EC P-256 key")
    header: dict[str, Any] = {"alg": KEY_AGREEMENT_ALG, "enc": enc}
    if isinstance(public_jwk.get("kid"), str):
        header["kid"] = public_jwk["kid"]
    plaintext = jose.json_dumps(dict(payload))
    registry = _JweRegistry(enc, max_length=max(len(plaintext) * 2, 1024))
    return joserfc_jwe.encrypt_compact(header, plaintext, ECKey(public, public), registry=registry)
