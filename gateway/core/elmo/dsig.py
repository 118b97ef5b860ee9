"""XML-DSig vocabulary of our signers and verifier: algorithm URIs, our method, signature values."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from gateway.core.keys import SigningKey

EXC_C14N_NS: Final = "http://www.w3.org/2001/10/xml-exc-c14n#"
ENVELOPED: Final = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"


class Canonicalization(StrEnum):
    C14N_10 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
    C14N_11 = "http://www.w3.org/2006/12/xml-c14n11"


class SignatureMethod(StrEnum):
    RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
    RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    RSA_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384"
    RSA_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
    ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
    ECDSA_SHA384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384"

    @property
    def hash(self) -> hashes.HashAlgorithm:
        return _HASHES[self.value.rsplit("-", 1)[1]]

    @property
    def is_rsa(self) -> bool:
        return "#rsa-" in self.value


class DigestMethod(StrEnum):
    SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1"
    SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
    SHA384 = "http://www.w3.org/2001/04/xmldsig-more#sha384"
    SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512"


_SHA1 = hashes.SHA1()  # noqa: S303 - only behind allow_sha1
_HASHES: Final = {h.name: h for h in (_SHA1, hashes.SHA256(), hashes.SHA384(), hashes.SHA512())}


def signature_method(key: SigningKey) -> SignatureMethod:
    """What we sign with: RSA-SHA256, or ECDSA-SHA256 for an EC key."""
    is_rsa = isinstance(key.private_key, rsa.RSAPrivateKey)
    return SignatureMethod.RSA_SHA256 if is_rsa else SignatureMethod.ECDSA_SHA256


def signature_value(key: SigningKey, signed_info: bytes) -> bytes:
    """The SignatureValue of canonical ``signed_info`` with ``signature_method(key)``."""
    private_key = key.private_key
    if isinstance(private_key, rsa.RSAPrivateKey):
        return private_key.sign(signed_info, padding.PKCS1v15(), hashes.SHA256())
    # XML-DSig wants r || s, each padded to the curve size
    size = (private_key.curve.key_size + 7) // 8
    r, s = decode_dss_signature(private_key.sign(signed_info, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")
