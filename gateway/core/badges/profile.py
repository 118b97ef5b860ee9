"""The issuer profile an awarding institution's badges point to (OB 3.0 §8.2.4 ``kid``, Profile).

``/badges/issuers/{schac}`` serves the institution as an OB 3.0 ``Profile`` with its public
keys as ``verificationMethod`` entries (the W3C controlled identifier shapes): ``JsonWebKey``
with ``publicKeyJwk`` for the VC-JWT, ``Multikey`` with ``publicKeyMultibase`` for the embedded
proof. A badge's ``kid`` is ``<profile id>#<RFC 7638 thumbprint>`` (the embedded proof's
``verificationMethod`` ``<profile id>#<Multikey>``), so a verifier needs nothing but the
credential: GET the profile the ``kid`` names, pick the entry with that id, verify. The profile
is unsigned; its authority is the https origin that serves it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric import ed25519

from gateway.core import jose
from gateway.core.badges.credential import OB_CONTEXT, SWEDISH_TERMS, VC_CONTEXT, issuer_profile
from gateway.core.badges.integrity import multikey
from gateway.core.elmo.model import Issuer

KEY_TYPE: Final = "JsonWebKey"
MULTIKEY_TYPE: Final = "Multikey"
MAX_PROFILE_BYTES: Final = 64 * 1024


def key_id(profile_id: str, key: jose.PublicKey) -> str:
    """``<profile id>#<thumbprint>``: the ``kid`` of badges signed with ``key``."""
    return f"{profile_id}#{jose.jwk_thumbprint(jose.jwk_from_public_key(key))}"


def proof_method(profile_id: str, key: ed25519.Ed25519PublicKey) -> str:
    """``<profile id>#<Multikey>``: the ``verificationMethod`` of embedded proofs."""
    return f"{profile_id}#{multikey(key)}"


def profile_document(
    body: Issuer,
    base_url: str,
    keys: Sequence[jose.PublicKey],
    proof_keys: Sequence[ed25519.Ed25519PublicKey] = (),
) -> dict[str, Any]:
    """The JSON-LD issuer profile with the institution's public badge keys (JWK and Multikey)."""
    profile = issuer_profile(body, base_url)
    profile_id = profile["id"]
    document: dict[str, Any] = {"@context": [VC_CONTEXT, OB_CONTEXT, SWEDISH_TERMS], **profile}
    document["verificationMethod"] = [
        {
            "id": key_id(profile_id, key),
            "type": KEY_TYPE,
            "controller": profile_id,
            "publicKeyJwk": jose.jwk_from_public_key(key),
        }
        for key in keys
    ]
    document["verificationMethod"] += [
        {
            "id": proof_method(profile_id, key),
            "type": MULTIKEY_TYPE,
            "controller": profile_id,
            "publicKeyMultibase": multikey(key),
        }
        for key in proof_keys
    ]
    return document


def key_in_profile(document: Mapping[str, Any], kid: str) -> jose.PublicKey:
    """The public key ``kid`` names in a fetched profile; JoseError when it has none."""
    profile_id = document.get("id")
    if not isinstance(profile_id, str) or kid.partition("#")[0] != profile_id:
        raise jose.JoseError("the key id does not belong to this issuer profile")
    methods = document.get("verificationMethod")
    for method in methods if isinstance(methods, list) else ():
        if isinstance(method, Mapping) and method.get("id") == kid:
            if method.get("controller") != profile_id or method.get("type") != KEY_TYPE:
                raise jose.JoseError("the issuer profile's key entry is not ours to use")
            jwk = method.get("publicKeyJwk")
            if not isinstance(jwk, Mapping):
                raise jose.JoseError("the issuer profile's key entry has no JWK")
            return jose.public_key_from_jwk(jwk)
    raise jose.JoseError("the issuer profile has no key with this id")
