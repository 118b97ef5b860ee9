"""Signing our own ELMO from its canonical bytes: the fixed-profile Signature by template, no parse.

``sign_canonical`` appends, byte for byte, the Signature ``signature.sign_elmo`` appends to the
same document (DESIGN.md §3: enveloped, ``ds:`` prefix, inclusive C14N 1.0, one ``Reference
URI=""`` with only the enveloped transform, SHA-256, RSA-SHA256 or ECDSA-SHA256, the certificate
in ``X509Data``, ``ds:Signature`` the last child of ``elmo``), without parsing or canonicalising:

- the input is already the C14N 1.0 form of the whole document (``canonical.elmo_to_canonical``),
  and the enveloped transform removes just the Signature, so the digest is SHA-256 of the input;
- the canonical SignedInfo is a template: inclusive C14N of the SignedInfo subtree declares
  every namespace in scope there (``elmo``'s default namespace, then ``ds``) on SignedInfo and
  writes each empty element as a start-end pair; the root start tag, checked, carries no
  other namespace and no ``xml:*`` attribute to inherit.

The shipped document is the input with the Signature inserted before ``</elmo>``, after the
line break that ends the last child, and an XML declaration in front (as lxml writes it).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Final

from gateway.core.elmo.canonical import ROOT_END, ROOT_START
from gateway.core.elmo.dsig import (
    ENVELOPED,
    Canonicalization,
    DigestMethod,
    SignatureMethod,
    signature_method,
    signature_value,
)
from gateway.core.elmo.model import DS_NS, ELMO_NS
from gateway.core.keys import SigningKey

DECLARATION: Final = b"<?xml version='1.0' encoding='UTF-8'?>\n"
_START: Final = ROOT_START.encode("ascii")
_END: Final = ROOT_END.encode("ascii")


def _signed_info_head(method: SignatureMethod, *, canonical: bool) -> str:
    """SignedInfo up to the DigestValue text, canonical or as lxml serialises it."""

    def empty(name: str, uri: str) -> str:
        end = f"></ds:{name}>" if canonical else "/>"
        return f'<ds:{name} Algorithm="{uri}"{end}'

    namespaces = f' xmlns="{ELMO_NS}" xmlns:ds="{DS_NS}"' if canonical else ""
    return (
        f"<ds:SignedInfo{namespaces}>"
        + empty("CanonicalizationMethod", Canonicalization.C14N_10)
        + empty("SignatureMethod", method)
        + '<ds:Reference URI=""><ds:Transforms>'
        + empty("Transform", ENVELOPED)
        + "</ds:Transforms>"
        + empty("DigestMethod", DigestMethod.SHA256)
        + "<ds:DigestValue>"
    )


_SIGNED_INFO_TAIL: Final = "</ds:DigestValue></ds:Reference></ds:SignedInfo>"
#: method → (canonical SignedInfo head, shipped Signature head), both up to the DigestValue.
_HEADS: Final = {
    method: (
        _signed_info_head(method, canonical=True),
        f'<ds:Signature xmlns:ds="{DS_NS}">' + _signed_info_head(method, canonical=False),
    )
    for method in (SignatureMethod.RSA_SHA256, SignatureMethod.ECDSA_SHA256)
}


def sign_canonical(canonical: bytes, key: SigningKey) -> bytes:
    """The signed document for ``canonical``, our ELMO exactly as ``elmo_to_canonical`` wrote it.

    Nothing is checked beyond the root element: bytes that are not in C14N form would get a
    signature that does not verify.
    """
    if not (canonical.startswith(_START) and canonical.endswith(_END)):
        raise ValueError("sign_canonical signs only an ELMO written by elmo_to_canonical")
    method = signature_method(key)
    canonical_head, shipped_head = _HEADS[method]
    digest = base64.b64encode(hashlib.sha256(canonical).digest()).decode("ascii")
    signed_info = f"{canonical_head}{digest}{_SIGNED_INFO_TAIL}"
    value = base64.b64encode(signature_value(key, signed_info.encode("ascii"))).decode("ascii")
    certificate = base64.b64encode(key.certificate_der).decode("ascii")
    signature = (
        f"{shipped_head}{digest}{_SIGNED_INFO_TAIL}"
        f"<ds:SignatureValue>{value}</ds:SignatureValue>"
        f"<ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate}"
        "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>"
    )
    return b"".join((DECLARATION, canonical[: -len(_END)], signature.encode("ascii"), _END))
