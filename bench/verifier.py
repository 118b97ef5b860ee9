"""The OpenID4VP verifier's cost for one presentation against its floor, measured in one run.

A real gateway (SQLite, the Swedish demo data) issues Karin's credentials to the test wallet of
the tests; the largest (the "medium" credential: one institution's results with its signed
ELMO as evidence) is presented (SD-JWT + KB-JWT by the OWF sd-jwt library) and encrypted
(ECDH-ES/A128GCM by jwcrypto). Then, in turns:

- verification (as issue #14 defines it): decrypt (core/jwe), every SD-JWT VC and key-binding
  check incl. the x5c chain to the trust anchor (core/oid4vp/presentation.py), and the embedded
  ELMO's XML-DSig verification against our certificate (core/elmo/signature.py); printed
  beside it, the same plus the parse of the ELMO into results that the endpoint also does;
- floor: the cryptography alone — ECDH-ES key agreement + Concat KDF + AES-GCM decryption, the
  ECDSA verifications (issuer JWT, KB-JWT), the RSA verifications (the x5c leaf by its CA,
  the ELMO's SignedInfo) and SHA-256 over every disclosure.

Prints ms per operation and the ratio; target (issue #14) ≤ 3× the floor.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import aiohttp
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.concatkdf import ConcatKDFHash
from jwcrypto import jwe as jwcrypto_jwe
from jwcrypto import jwk as jwcrypto_jwk
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.elmo import interleaved_ms  # noqa: E402
from gateway.core import jwe  # noqa: E402
from gateway.core.elmo.signature import verify_elmo  # noqa: E402
from gateway.core.keys import (  # noqa: E402
    SigningKey,
    issue_certificate,
    make_ca,
    new_ec_key,
    new_rsa_key,
)
from gateway.core.oid4vp.presentation import Policy, verify_presentation  # noqa: E402
from gateway.core.oid4vp.response import chosen_presentation, parse_response  # noqa: E402
from gateway.flows.services import Services  # noqa: E402
from gateway.flows.verifier import results  # noqa: E402
from gateway.storage.database import upgrade_database  # noqa: E402
from gateway.web import appkeys  # noqa: E402
from tests.core.oid4vci.support import present  # noqa: E402
from tests.storage.helpers import Backend, seed  # noqa: E402
from tests.web.nodes import browser, running_node  # noqa: E402
from tests.web.wallet.client import TestWallet  # noqa: E402
from tests.web.wallet.support import add_to_wallet, log_in  # noqa: E402

CLIENT_ID = "x509_hash:bench"
NONCE = "bench-nonce-0123456789abcdef"
STATE = "bench-state"


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


async def issue(folder: Path, schema_dir: Path) -> tuple[list[str], Any, SigningKey, Services]:
    template = Backend().template(folder / "migrated", upgrade_database)
    seeded = template.derive(folder / "seeded", lambda url: seed(url, "se"))
    ca = make_ca("Bench CA", "emrex-gateway bench", "SE")
    key = issue_certificate(ca, new_rsa_key(), "Bench EMP", "emrex-gateway bench", "SE")
    wallet_key = issue_certificate(ca, new_ec_key(), "Bench wallet", "emrex-gateway bench", "SE")
    overrides = {"logging": {"level": "ERROR", "format": "text"}}
    async with (
        running_node(folder / "gw", seeded, key, schema_dir, overrides, wallet_key) as node,
        aiohttp.ClientSession() as http,
        browser() as learner,
    ):
        wallet = TestWallet(http)
        await log_in(learner, node)
        page = await add_to_wallet(learner, node)
        _, received = await wallet.receive_all(page.link, page.tx_code)
        services = node.app[appkeys.SERVICES]
        return [r.credential for r in received], wallet.key, ca, services


def floor_of(
    token: str,
    private: ec.EllipticCurvePrivateKey,
    presentation: str,
    ca: SigningKey,
    elmo: bytes,
) -> Any:
    """The cryptographic primitives of one verification, on the same inputs."""
    header_b64, _, iv_b64, ct_b64, tag_b64 = token.split(".")
    header = json.loads(b64d(header_b64))
    epk = jwcrypto_jwk.JWK(**header["epk"]).get_op_key("verify")
    iv, ciphertext, tag = b64d(iv_b64), b64d(ct_b64), b64d(tag_b64)
    enc = header["enc"].encode()
    other = len(enc).to_bytes(4, "big") + enc + bytes(8) + (128).to_bytes(4, "big")
    issuer_jwt, *disclosures, kb = presentation.split("~")
    signed = [issuer_jwt, kb]
    issuer_header = json.loads(b64d(issuer_jwt.split(".")[0]))
    from cryptography import x509

    leaf = x509.load_der_x509_certificate(base64.b64decode(issuer_header["x5c"][0]))
    issuer_public = leaf.public_key()
    payload = json.loads(b64d(issuer_jwt.split(".")[1]))
    holder_public = jwcrypto_jwk.JWK(**payload["cnf"]["jwk"]).get_op_key("verify")
    ca_public = ca.certificate.public_key()
    root = etree.fromstring(elmo)
    ns = {"ds": "http://www.w3.org/2000/09/xmldsig#"}
    info = root.find(".//ds:SignedInfo", ns)
    assert info is not None
    signed_info = etree.tostring(info, method="c14n")
    signature_value = base64.b64decode(root.findtext(".//ds:SignatureValue", "", ns))
    elmo_public = results_certificate(root).public_key()
    assert isinstance(ca_public, rsa.RSAPublicKey)
    assert isinstance(elmo_public, rsa.RSAPublicKey)
    cert_hash = leaf.signature_hash_algorithm
    assert cert_hash is not None

    def ecdsa(token: str, key: Any) -> None:
        head, body, sig = token.split(".")
        raw = b64d(sig)
        der = utils.encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:]))
        key.verify(der, f"{head}.{body}".encode(), ec.ECDSA(hashes.SHA256()))

    def floor() -> None:
        shared = private.exchange(ec.ECDH(), epk)
        cek = ConcatKDFHash(hashes.SHA256(), 16, other).derive(shared)
        AESGCM(cek).decrypt(iv, ciphertext + tag, header_b64.encode())
        ecdsa(signed[0], issuer_public)
        ecdsa(signed[1], holder_public)
        ca_public.verify(leaf.signature, leaf.tbs_certificate_bytes, padding.PKCS1v15(), cert_hash)
        elmo_public.verify(signature_value, signed_info, padding.PKCS1v15(), hashes.SHA256())
        for item in disclosures:
            hashlib.sha256(item.encode()).digest()

    return floor


def results_certificate(root: etree._Element) -> Any:
    from cryptography import x509

    ns = {"ds": "http://www.w3.org/2000/09/xmldsig#"}
    text = root.findtext(".//ds:X509Certificate", namespaces=ns)
    return x509.load_der_x509_certificate(base64.b64decode("".join((text or "").split())))


def main() -> None:
    schema_dir = Path(os.environ.get("GATEWAY_SCHEMAS", ROOT / "var" / "schemas"))
    with tempfile.TemporaryDirectory() as tmp:
        credentials, holder_key, ca, services = asyncio.run(issue(Path(tmp), schema_dir))
    credential = max(credentials, key=len)
    presentation = present(credential, {"elm": True}, holder_key, CLIENT_ID, NONCE)
    key = jwe.generate_encryption_key()
    public = jwcrypto_jwk.JWK(**{k: key.public_jwk[k] for k in ("kty", "crv", "x", "y")})
    body = {"vp_token": {"credential_0": [presentation]}, "state": STATE}
    protected = {"alg": "ECDH-ES", "enc": "A128GCM", "kid": key.kid}
    encrypted = jwcrypto_jwe.JWE(json.dumps(body).encode(), protected=json.dumps(protected))
    encrypted.add_recipient(public)
    token = str(encrypted.serialize(compact=True))
    now = dt.datetime.now(dt.UTC)
    policy = Policy(
        trust_anchors=(ca.certificate,),
        vct_values=("urn:eudi:elm:1",),
        nonce=NONCE,
        client_id=CLIENT_ID,
        now=now,
    )
    signers = [services.signing_key.certificate]
    limit = services.settings.elmo.max_xml_bytes

    def verification() -> None:
        response = parse_response(
            {"response": token},
            response_mode="direct_post.jwt",
            private_jwk=key.private_jwk,
            max_length=4 << 20,
        )
        assert response.vp_token is not None
        assert response.state == STATE
        _, chosen = chosen_presentation(response.vp_token, ["credential_0"])
        verified = verify_presentation(chosen, policy)
        found = results.embedded_evidence(results.elm_document(verified))
        assert found is not None
        verify_elmo(found[0], signers, max_bytes=limit)

    def with_parse() -> None:
        response = parse_response(
            {"response": token},
            response_mode="direct_post.jwt",
            private_jwk=key.private_jwk,
            max_length=4 << 20,
        )
        assert response.vp_token is not None
        _, chosen = chosen_presentation(response.vp_token, ["credential_0"])
        verified = verify_presentation(chosen, policy)
        assert results.embedded_elmo(services, results.elm_document(verified), signers)

    verification()
    elmo = results.embedded_elmo(
        services, results.elm_document(verify_presentation(presentation, policy)), signers
    )
    assert elmo is not None
    private = serialization.load_pem_private_key(
        jwcrypto_jwk.JWK(**key.private_jwk).export_to_pem(private_key=True, password=None),
        password=None,
    )
    assert isinstance(private, ec.EllipticCurvePrivateKey)
    floor = floor_of(token, private, presentation, ca, elmo.xml)
    floor()
    figures = interleaved_ms(
        {"verification": verification, "floor": floor, "with ELMO parse": with_parse}
    )
    results_count = len(elmo.elmo.specifications())
    print(
        f"OpenID4VP verification of one medium presentation ({len(presentation)} bytes, "
        f"{presentation.count('~') - 1} disclosures, ELMO {len(elmo.xml)} bytes, "
        f"{results_count} results); ms per presentation (median)"
    )
    print(f"  verification  {figures['verification']:8.2f}")
    print(f"  floor         {figures['floor']:8.2f}")
    print(f"  (+ the ELMO parsed into results, as stored: {figures['with ELMO parse']:.2f})")
    ratio = figures["verification"] / figures["floor"]
    print(f"  ratio         {ratio:8.2f}×  (target ≤ 3×)")


if __name__ == "__main__":
    main()
