"""Embedded Data Integrity proofs, cryptosuite ``eddsa-rdfc-2022`` (VC DI EdDSA §3.3, OB 3.0 §8.3).

Transformation: RDFC-1.0 canonical N-Quads of the document without ``proof`` and of the proof
options (the proof without ``proofValue``, with the document's ``@context``), by pyld (URDNA2015
= RDFC-1.0). Hashing: SHA-256 of each; the data signed is proofHash ‖ documentHash. Signature:
Ed25519 (``cryptography``), ``proofValue`` = ``z`` + base58btc. Keys are Multikeys: ``z`` +
base58btc(0xed 0x01 ‖ 32-byte public key). JSON-LD contexts come only from ``contexts`` (URL →
parsed document, loaded by the caller from the schema directory): nothing is fetched.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyld import jsonld

from gateway.errors import InvalidInput

CRYPTOSUITE: Final = "eddsa-rdfc-2022"
PROOF_TYPE: Final = "DataIntegrityProof"
ED25519_MULTICODEC: Final = b"\xed\x01"
_ALPHABET: Final = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX: Final = {c: i for i, c in enumerate(_ALPHABET)}
MAX_ENCODED: Final = 256  # multibase values here are keys and signatures

Contexts = Mapping[str, Any]


class ProofInvalid(InvalidInput):
    """An embedded proof that is malformed, of another suite, or whose signature fails."""


def base58btc_encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _ALPHABET[rest] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def base58btc_decode(text: str) -> bytes:
    if len(text) > MAX_ENCODED or any(c not in _INDEX for c in text):
        raise ProofInvalid("not base58btc")
    number = 0
    for c in text:
        number = number * 58 + _INDEX[c]
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def multikey(public: ed25519.Ed25519PublicKey) -> str:
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + base58btc_encode(ED25519_MULTICODEC + raw)


def multikey_public_key(value: str) -> ed25519.Ed25519PublicKey:
    """The Ed25519 key of a ``z6Mk…`` Multikey (``publicKeyMultibase`` or a key fragment)."""
    if not value.startswith("z"):
        raise ProofInvalid("a Multikey is base58btc (z…)")
    raw = base58btc_decode(value[1:])
    if len(raw) != 34 or not raw.startswith(ED25519_MULTICODEC):
        raise ProofInvalid("not an Ed25519 Multikey")
    return ed25519.Ed25519PublicKey.from_public_bytes(raw[2:])


def _loader(contexts: Contexts) -> Callable[[str, Any], dict[str, Any]]:
    def load(url: str, options: Any) -> dict[str, Any]:
        if url not in contexts:
            raise ProofInvalid(f"unknown JSON-LD context {url[:100]}")
        return {"contextUrl": None, "documentUrl": url, "document": contexts[url]}

    return load


def canonical(document: Mapping[str, Any], contexts: Contexts) -> str:
    """RDFC-1.0 canonical N-Quads of ``document``."""
    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": _loader(contexts),
    }
    try:
        text: str = jsonld.normalize(dict(document), options)
    except jsonld.JsonLdError as exc:
        raise ProofInvalid("the document is not valid JSON-LD", detail=str(exc)[:300]) from None
    return text


def _options(proof: Mapping[str, Any], context: Any) -> dict[str, Any]:
    return {"@context": context, **{k: v for k, v in proof.items() if k != "proofValue"}}


def hash_data(document: Mapping[str, Any], proof: Mapping[str, Any], contexts: Contexts) -> bytes:
    """proofHash ‖ documentHash (``document`` without its ``proof``)."""
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    options = _options(proof, document.get("@context"))
    proof_hash = hashlib.sha256(canonical(options, contexts).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonical(unsigned, contexts).encode("utf-8")).digest()
    return proof_hash + document_hash


def add_proof(
    document: Mapping[str, Any],
    key: ed25519.Ed25519PrivateKey,
    *,
    verification_method: str,
    created: str,
    contexts: Contexts,
) -> dict[str, Any]:
    """``document`` with one embedded ``eddsa-rdfc-2022`` proof (``proof`` is a list)."""
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "created": created,
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": "assertionMethod",
    }
    signature = key.sign(hash_data(document, proof, contexts))
    proof["proofValue"] = "z" + base58btc_encode(signature)
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    return {**unsigned, "proof": [proof]}


def proofs_of(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    found = document.get("proof")
    items = found if isinstance(found, list) else [found] if isinstance(found, Mapping) else []
    return [p for p in items if isinstance(p, Mapping)]


def verify_proof(
    document: Mapping[str, Any],
    proof: Mapping[str, Any],
    public: ed25519.Ed25519PublicKey,
    contexts: Contexts,
) -> None:
    """Check one ``eddsa-rdfc-2022`` proof of ``document`` with ``public``; ProofInvalid if not."""
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofInvalid("not an eddsa-rdfc-2022 DataIntegrityProof")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofInvalid("the proof is not for assertionMethod")
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        raise ProofInvalid("proofValue is not base58btc")
    signature = base58btc_decode(value[1:])
    if len(signature) != 64:
        raise ProofInvalid("proofValue is not an Ed25519 signature")
    try:
        public.verify(signature, hash_data(document, proof, contexts))
    except InvalidSignature:
        raise ProofInvalid("the embedded proof does not verify") from None
