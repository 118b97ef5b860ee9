"""XML-DSig for ELMO: sign with the fixed profile, verify strictly (DESIGN.md §3, notes §1.4)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, TypeVar

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from lxml import etree

from gateway.core.elmo.dsig import (
    ENVELOPED,
    EXC_C14N_NS,
    signature_method,
    signature_value,
)
from gateway.core.elmo.dsig import Canonicalization as Canonicalization  # re-exported
from gateway.core.elmo.dsig import DigestMethod as DigestMethod  # re-exported
from gateway.core.elmo.dsig import SignatureMethod as SignatureMethod  # re-exported
from gateway.core.elmo.model import DS_NS, ELMO_NS, XML_NS
from gateway.core.keys import SigningKey
from gateway.core.xml import DEFAULT_MAX_BYTES, parse_xml
from gateway.errors import InvalidInput, SignatureInvalid

logger = logging.getLogger(__name__)

_Method = TypeVar("_Method", SignatureMethod, DigestMethod)
_C14n = tuple[Canonicalization, tuple[str, ...]]  # algorithm, exclusive C14N inclusive prefixes
_SHA1_URIS: Final = frozenset({SignatureMethod.RSA_SHA1.value, DigestMethod.SHA1.value})
# xml:* attributes an inclusive canonical subtree inherits from its ancestors.
_INHERITED_XML_ATTRS: Final = {
    Canonicalization.C14N_10: None,  # every xml:* attribute
    Canonicalization.C14N_11: frozenset({f"{{{XML_NS}}}lang", f"{{{XML_NS}}}space"}),
    Canonicalization.EXC_C14N: frozenset[str](),
}


def _ds(name: str) -> str:
    return f"{{{DS_NS}}}{name}"


def _name(uri: str) -> str:
    """A short algorithm name for messages (``rsa-sha1``, ``sha256``, ``xml-c14n11`` …)."""
    base, _, fragment = uri.partition("#")
    if fragment and fragment != "WithComments":
        return fragment
    return base.rsplit("/", 1)[-1] + ("#WithComments" if fragment else "")


@dataclass(frozen=True)
class VerifiedElmo:
    """What verified: ``root`` is re-parsed from the canonical bytes that were digested."""

    root: etree._Element
    certificate: x509.Certificate
    signature_algorithm: SignatureMethod
    digest_algorithm: DigestMethod
    canonicalization: Canonicalization
    embedded_certificate: x509.Certificate | None = None


def sign_elmo(xml: bytes, key: SigningKey) -> bytes:
    """Append an enveloped ``ds:Signature`` (C14N 1.0, RSA/ECDSA-SHA256, SHA-256) to ``elmo``.

    The input is parsed once and written back without re-indenting: sign what you ship.
    """
    root = parse_xml(xml)
    if root.tag != f"{{{ELMO_NS}}}elmo":
        raise InvalidInput("only an ELMO document (root elmo) can be signed here")
    if root.find(_ds("Signature")) is not None:
        raise InvalidInput("the ELMO is already signed")
    method = signature_method(key)
    tree = root.getroottree()
    digest = hashlib.sha256(etree.tostring(tree, method="c14n", with_comments=False)).digest()

    signature = etree.SubElement(root, _ds("Signature"), nsmap={"ds": DS_NS})
    signed_info = etree.SubElement(signature, _ds("SignedInfo"))
    _algorithm(signed_info, "CanonicalizationMethod", Canonicalization.C14N_10)
    _algorithm(signed_info, "SignatureMethod", method)
    reference = etree.SubElement(signed_info, _ds("Reference"), URI="")
    _algorithm(etree.SubElement(reference, _ds("Transforms")), "Transform", ENVELOPED)
    _algorithm(reference, "DigestMethod", DigestMethod.SHA256)
    etree.SubElement(reference, _ds("DigestValue")).text = _b64(digest)

    value = signature_value(key, _canonical_subtree(signed_info, Canonicalization.C14N_10, ()))
    etree.SubElement(signature, _ds("SignatureValue")).text = _b64(value)
    x509_data = etree.SubElement(etree.SubElement(signature, _ds("KeyInfo")), _ds("X509Data"))
    etree.SubElement(x509_data, _ds("X509Certificate")).text = _b64(key.certificate_der)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _algorithm(parent: etree._Element, name: str, uri: str) -> None:
    etree.SubElement(parent, _ds(name), Algorithm=uri)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _canonical_subtree(
    element: etree._Element, algorithm: Canonicalization, prefixes: Sequence[str]
) -> bytes:
    """Canonicalise a subtree (SignedInfo) in its document context.

    A re-parsed copy carries every in-scope namespace (lxml writes a bogus ``xmlns=""`` when
    canonicalising a subtree in place, perf.md §5); inclusive C14N also inherits xml:*
    attributes from the ancestors, which the copy gets explicitly.
    """
    copy = parse_xml(etree.tostring(element, with_tail=False))
    wanted = _INHERITED_XML_ATTRS[algorithm]
    for ancestor in element.iterancestors():
        for key, value in ancestor.attrib.items():
            attr = str(key)
            inherited = attr.startswith(f"{{{XML_NS}}}") and (wanted is None or attr in wanted)
            if inherited and attr not in copy.attrib:
                copy.set(attr, value)
    return _c14n(copy.getroottree(), algorithm, prefixes)


def _c14n(tree: etree._ElementTree, algorithm: Canonicalization, prefixes: Sequence[str]) -> bytes:
    # C14N 1.1 differs from 1.0 only in xml:id/xml:base inheritance into document subsets,
    # which the whole-document reference and the copies above do not need.
    exclusive = algorithm is Canonicalization.EXC_C14N
    return etree.tostring(
        tree,
        method="c14n",
        exclusive=exclusive,
        with_comments=False,
        inclusive_ns_prefixes=list(prefixes) if exclusive and prefixes else None,
    )


@dataclass(frozen=True)
class _Profile:
    signed_info: etree._Element
    signed_info_c14n: _C14n
    signature_method: SignatureMethod
    reference_c14n: _C14n
    digest_method: DigestMethod
    digest_value: bytes
    signature_value: bytes
    embedded_certificate: x509.Certificate | None


def verify_elmo(
    xml: bytes,
    trusted: Sequence[x509.Certificate],
    *,
    allow_sha1: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> VerifiedElmo:
    """Verify an ELMO's enveloped signature against the ``trusted`` (registry) certificates.

    The profile is enforced first; the embedded certificate is informational only. Every
    failure raises ``SignatureInvalid``; hostile XML raises ``XmlRejected`` before anything.
    """
    root = parse_xml(xml, max_bytes=max_bytes)
    if root.tag != f"{{{ELMO_NS}}}elmo":
        raise SignatureInvalid(
            f"signature wrapping: the document root is {etree.QName(root).localname!r}, "
            "not an ELMO elmo element"
        )
    signature = _the_signature(root)
    profile = _profile(signature, allow_sha1=allow_sha1)
    signed_info = _canonical_subtree(profile.signed_info, *profile.signed_info_c14n)
    certificate = _verify_value(profile, signed_info, trusted)

    _remove_keeping_tail(signature)  # the enveloped-signature transform
    canonical = _c14n(root.getroottree(), *profile.reference_c14n)
    digest = hashlib.new(_name(profile.digest_method), canonical).digest()
    if not hmac.compare_digest(digest, profile.digest_value):
        raise SignatureInvalid("digest mismatch: the signed content was changed")
    if allow_sha1 and {profile.signature_method, profile.digest_method} & _SHA1_URIS:
        names = f"{_name(profile.signature_method)}, {_name(profile.digest_method)}"
        logger.warning("accepted an XML signature using SHA-1 (%s) by policy", names)
    return VerifiedElmo(
        root=parse_xml(canonical, max_bytes=len(canonical)),
        certificate=certificate,
        signature_algorithm=profile.signature_method,
        digest_algorithm=profile.digest_method,
        canonicalization=profile.signed_info_c14n[0],
        embedded_certificate=profile.embedded_certificate,
    )


def _remove_keeping_tail(element: etree._Element) -> None:
    """Remove ``element`` but not the text after it (lxml's remove() drops the tail)."""
    parent, previous, tail = element.getparent(), element.getprevious(), element.tail or ""
    assert parent is not None
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)


def _the_signature(root: etree._Element) -> etree._Element:
    signatures = list(root.iter(_ds("Signature")))
    if not (n := len(signatures)):
        raise SignatureInvalid("the ELMO is not signed: it has no Signature element")
    if n > 1:
        raise SignatureInvalid(f"signature wrapping: {n} Signature elements, only one is allowed")
    if signatures[0].getparent() is not root:
        raise SignatureInvalid("signature wrapping: the Signature is not a direct child of elmo")
    return signatures[0]


def _elements(parent: etree._Element) -> list[etree._Element]:
    return [child for child in parent if isinstance(child.tag, str)]  # no comments or PIs


def _expect(elements: list[etree._Element], names: Sequence[str], where: str) -> None:
    found = [e.tag.removeprefix(f"{{{DS_NS}}}") for e in elements]
    if found != list(names):
        raise SignatureInvalid(
            f"signature profile: {where} must contain {', '.join(names)}; found "
            f"{', '.join(found) or 'nothing'}"
        )


def _profile(signature: etree._Element, *, allow_sha1: bool) -> _Profile:
    children = _elements(signature)
    names = ["SignedInfo", "SignatureValue", "KeyInfo"][: max(2, len(children))]
    _expect(children, names, "Signature")
    signed_info = children[0]
    parts = _elements(signed_info)
    references = list(signature.iter(_ds("Reference")))
    if len(references) != 1 or references[0].getparent() is not signed_info:
        raise SignatureInvalid(
            f"signature profile: exactly one Reference is allowed, found {len(references)}"
        )
    _expect(parts, ["CanonicalizationMethod", "SignatureMethod", "Reference"], "SignedInfo")
    c14n = _c14n_method(parts[0], "SignedInfo canonicalization")
    method = _allowed(SignatureMethod, parts[1], allow_sha1=allow_sha1)

    reference = references[0]
    uri = reference.get("URI")
    if uri != "":
        shown = "absent" if uri is None else repr(uri[:40])
        raise SignatureInvalid(
            f'signature profile: the Reference URI must be "" (the whole document), got {shown}'
        )
    ref_parts = _elements(reference)
    _expect(ref_parts, ["Transforms", "DigestMethod", "DigestValue"], "Reference")
    ref_c14n = _transforms(ref_parts[0])
    digest_method = _allowed(DigestMethod, ref_parts[1], allow_sha1=allow_sha1)
    return _Profile(
        signed_info=signed_info,
        signed_info_c14n=c14n,
        signature_method=method,
        reference_c14n=ref_c14n,
        digest_method=digest_method,
        digest_value=_base64(ref_parts[2].text, "DigestValue"),
        signature_value=_base64(children[1].text, "SignatureValue"),
        embedded_certificate=_embedded_certificate(signature),
    )


def _allowed(kind: type[_Method], element: etree._Element, *, allow_sha1: bool) -> _Method:
    uri = element.get("Algorithm", "")
    if uri not in list(kind) or (uri in _SHA1_URIS and not allow_sha1):
        raise SignatureInvalid(f"algorithm {_name(uri) or 'none'} refused by policy")
    if _elements(element):
        raise SignatureInvalid(f"signature profile: parameters of {_name(uri)} are not allowed")
    return kind(uri)


def _c14n_method(element: etree._Element, where: str) -> _C14n:
    uri = element.get("Algorithm", "")
    if uri not in list(Canonicalization):
        raise SignatureInvalid(f"algorithm {_name(uri) or 'none'} refused by policy ({where})")
    algorithm = Canonicalization(uri)
    prefixes: tuple[str, ...] = ()
    for child in _elements(element):
        exc = algorithm is Canonicalization.EXC_C14N
        if exc and child.tag == f"{{{EXC_C14N_NS}}}InclusiveNamespaces":
            names = child.get("PrefixList", "").split()
            prefixes += tuple(p for p in names if p != "#default")
        else:
            raise SignatureInvalid(f"signature profile: unexpected parameters in {where}")
    return algorithm, prefixes


def _transforms(transforms: etree._Element) -> _C14n:
    """Allow exactly the enveloped transform, optionally followed by one C14N."""
    items = _elements(transforms)
    enveloped = bool(items) and items[0].get("Algorithm") == ENVELOPED and not _elements(items[0])
    if not enveloped or any(t.tag != _ds("Transform") for t in items):
        raise SignatureInvalid(
            "signature profile: the Reference must start with the enveloped-signature transform"
        )
    chosen = [_c14n_method(item, "transform") for item in items[1:]]
    if len(chosen) > 1:
        raise SignatureInvalid(f"signature profile: {len(chosen)} C14N transforms, one is allowed")
    return chosen[0] if chosen else (Canonicalization.C14N_10, ())


def _base64(text: str | None, where: str) -> bytes:
    try:
        value = base64.b64decode("".join((text or "").split()), validate=True)
    except (binascii.Error, ValueError):
        raise SignatureInvalid(f"signature profile: {where} is not base64") from None
    if not value:
        raise SignatureInvalid(f"signature profile: {where} is empty")
    return value


def _embedded_certificate(signature: etree._Element) -> x509.Certificate | None:
    text = signature.findtext(f"{_ds('KeyInfo')}/{_ds('X509Data')}/{_ds('X509Certificate')}")
    try:
        return x509.load_der_x509_certificate(base64.b64decode("".join((text or "").split())))
    except ValueError:  # informational only: a broken one is ignored
        return None


def _verify_value(
    profile: _Profile, signed_info: bytes, trusted: Sequence[x509.Certificate]
) -> x509.Certificate:
    if not trusted:
        raise SignatureInvalid("no trusted certificate is known for this contact point")
    method = profile.signature_method
    for certificate in trusted:
        public_key = certificate.public_key()
        try:
            if method.is_rsa and isinstance(public_key, rsa.RSAPublicKey):
                public_key.verify(
                    profile.signature_value, signed_info, padding.PKCS1v15(), method.hash
                )
                return certificate
            if not method.is_rsa and isinstance(public_key, ec.EllipticCurvePublicKey):
                size = (public_key.curve.key_size + 7) // 8  # r || s, each padded to size
                raw = profile.signature_value
                if len(raw) == 2 * size:
                    r, s = int.from_bytes(raw[:size], "big"), int.from_bytes(raw[size:], "big")
                    der = encode_dss_signature(r, s)
                    public_key.verify(der, signed_info, ec.ECDSA(method.hash))
                    return certificate
        except InvalidSignature:
            continue
    embedded = profile.embedded_certificate
    if embedded is not None and embedded not in trusted:
        raise SignatureInvalid(
            "signature value does not verify with any trusted certificate "
            "(the embedded certificate is not a trusted one)"
        )
    raise SignatureInvalid("signature value does not verify with any trusted certificate")
