"""Helpers of the credential status tests: a served status list read by jwcrypto and zlib (not
our decoder), and credentials collected by the test wallet."""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass
from typing import Any

import aiohttp
from cryptography import x509
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jws as jwcrypto_jws

from tests.core.oid4vci.support import library_verify


@dataclass
class ServedList:
    headers: Any
    header: dict[str, Any]
    claims: dict[str, Any]
    bits: bytes

    def bit(self, idx: int) -> int:
        return self.bits[idx // 8] >> (idx % 8) & 1

    def set_bits(self) -> set[int]:
        return {i for i in range(len(self.bits) * 8) if self.bit(i)}


async def fetch_list(http: aiohttp.ClientSession, uri: str, anchor: x509.Certificate) -> ServedList:
    """GET a status list token and read it with jwcrypto (signature by the x5c leaf, which the
    anchor issued) and zlib."""
    response = await http.get(uri, headers={"Accept": "application/statuslist+jwt"})
    assert response.status == 200, await response.text()
    token = await response.text()
    parsed = jwcrypto_jws.JWS()
    parsed.deserialize(token)
    header = parsed.jose_header
    leaf = x509.load_der_x509_certificate(base64.b64decode(header["x5c"][0]))
    leaf.verify_directly_issued_by(anchor)
    parsed.verify(jwcrypto_jwk.JWK.from_pyca(leaf.public_key()))
    claims = json.loads(parsed.payload)
    lst = claims["status_list"]["lst"]
    raw = zlib.decompress(base64.urlsafe_b64decode(lst + "=" * (-len(lst) % 4)))
    return ServedList(response.headers, header, claims, raw)


def status_of(credential: str, anchor: x509.Certificate) -> dict[str, Any]:
    """The ``status.status_list`` of an issued SD-JWT VC, read by the OWF library + jwcrypto."""
    payload = library_verify(credential, anchor).signed_payload
    reference = payload["status"]["status_list"]
    assert set(reference) == {"idx", "uri"}
    assert isinstance(reference, dict)
    return reference
