"""eddsa-rdfc-2022: the 1EdTech test vector byte for byte, 1EdTech's signed badges, our proofs.

The test vector (OB 3.0 implementation guide, "Linked Data Proof Test Vector") gives the key
pair, the signed credential, both canonical N-Quads files, both hashes and the proofValue: our
transformation must give the same bytes and the same signature. 1EdTech's ``simple.json`` and
``complete.json`` verify with our verifier (key from the Multikey in ``verificationMethod``).
Our proofs verify with an independent rebuild of the suite's steps in this file (pyld's
URDNA2015 + ``cryptography`` Ed25519, our code not used), and fail once anything changes.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from pyld import jsonld

from gateway.core.badges.integrity import (
    ProofInvalid,
    add_proof,
    base58btc_decode,
    canonical,
    hash_data,
    multikey,
    multikey_public_key,
    proofs_of,
    verify_proof,
)
from tests.core.badges.conformance import CONTEXTS, ObConformance
from tests.core.badges.test_credential import badge

GUIDE = "openbadges/1EdTech_openbadges-specification/main/ob_v3p0/impl"
EXAMPLES = (
    "openbadges/1EdTech_digital-credentials-public-validator/inspector-vc/src/test/resources/ob30"
)
SECRET = "6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4"
PUBLIC = "4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5"


@pytest.fixture(scope="module")
def contexts(schema_dir: Path) -> dict[str, Any]:
    return {
        url: json.loads((schema_dir / path).read_text("utf-8")) for url, path in CONTEXTS.items()
    }


def _signed_credential(schema_dir: Path) -> dict[str, Any]:
    page = (schema_dir / GUIDE / "linked-data-proof-ob.html").read_text(encoding="utf-8")
    block = re.search(r'title="Signed credential">(.*?)</pre', page, re.S)
    assert block is not None
    found: dict[str, Any] = json.loads(block.group(1))
    return found


def test_the_1edtech_test_vector_reproduces_byte_for_byte(
    schema_dir: Path, contexts: dict[str, Any]
) -> None:
    signed = _signed_credential(schema_dir)
    (proof,) = proofs_of(signed)
    unsigned = {k: v for k, v in signed.items() if k != "proof"}
    options = {
        "@context": signed["@context"],
        **{k: v for k, v in proof.items() if k != "proofValue"},
    }
    vectors = schema_dir / GUIDE / "test-vectors" / "obv3p0"
    assert canonical(unsigned, contexts) == (vectors / "document-canon.txt").read_text("utf-8")
    assert canonical(options, contexts) == (vectors / "proof-canon.txt").read_text("utf-8")
    data = hash_data(signed, proof, contexts)
    assert data.hex() == (
        "d34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19"
        "87f65a76d40146205e3b3e06cb0fbd153f97f9ce70372390f52566bb7f9e0773"
    )
    key = ed25519.Ed25519PrivateKey.from_private_bytes(bytes.fromhex(SECRET))
    method = proof["verificationMethod"]
    assert (
        multikey(key.public_key())
        == method.partition("#")[2]
        == ("z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi")
    )
    assert multikey_public_key(method.partition("#")[2]).public_bytes_raw().hex() == PUBLIC
    again = add_proof(unsigned, key, verification_method=method, created=proof["created"],
                      contexts=contexts)  # fmt: skip
    assert (
        again["proof"][0]["proofValue"]
        == proof["proofValue"]
        == (
            "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr"
        )
    )
    verify_proof(signed, proof, key.public_key(), contexts)


@pytest.mark.parametrize("name", ["simple.json", "complete.json"])
def test_1edtech_signed_examples_verify(
    name: str, schema_dir: Path, contexts: dict[str, Any]
) -> None:
    signed = json.loads((schema_dir / EXAMPLES / name).read_text(encoding="utf-8"))
    (proof,) = proofs_of(signed)
    public = multikey_public_key(proof["verificationMethod"].partition("#")[2])
    verify_proof(signed, proof, public, contexts)
    changed = {**signed, "validFrom": "2011-01-01T00:00:00Z"}
    with pytest.raises(ProofInvalid, match="does not verify"):
        verify_proof(changed, proof, public, contexts)


def independent_verify(signed: dict[str, Any], contexts: dict[str, Any]) -> bool:
    """The suite's steps again from the specification, on pyld and cryptography only."""

    def load(url: str, options: Any) -> dict[str, Any]:
        return {"contextUrl": None, "documentUrl": url, "document": contexts[url]}

    def nquads(value: dict[str, Any]) -> bytes:
        options = {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": load,
        }
        return str(jsonld.normalize(value, options)).encode("utf-8")

    (proof,) = signed["proof"]
    document = {k: v for k, v in signed.items() if k != "proof"}
    options = {
        "@context": signed["@context"],
        **{k: v for k, v in proof.items() if k != "proofValue"},
    }
    data = hashlib.sha256(nquads(options)).digest() + hashlib.sha256(nquads(document)).digest()
    raw = base58btc_decode(proof["verificationMethod"].partition("#")[2][1:])[2:]
    signature = base58btc_decode(proof["proofValue"][1:])
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(raw).verify(signature, data)
    except Exception:
        return False
    return True


def test_our_proof_verifies_independently_and_breaks_when_changed(
    contexts: dict[str, Any], ob: ObConformance
) -> None:
    key = ed25519.Ed25519PrivateKey.generate()
    method = "https://gateway.example.se/badges/issuers/uu.se#" + multikey(key.public_key())
    signed = add_proof(badge(), key, verification_method=method, created="2026-03-02T09:30:00Z",
                       contexts=contexts)  # fmt: skip
    assert ob.schema_errors(signed) == []
    assert independent_verify(signed, contexts)
    verify_proof(signed, signed["proof"][0], key.public_key(), contexts)
    changed = json.loads(json.dumps(signed))
    changed["credentialSubject"]["creditsEarned"] = 30
    assert not independent_verify(changed, contexts)
    with pytest.raises(ProofInvalid):
        verify_proof(changed, changed["proof"][0], key.public_key(), contexts)
