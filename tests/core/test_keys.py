"""Development certificates: X.509 v3, RSA 3072, one year, and names that fit the X.509 limits."""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from gateway.core.keys import RSA_BITS, issue_certificate, make_ca, new_rsa_key


def test_leaf_is_v3_rsa3072_for_a_year_and_chains_to_the_ca() -> None:
    ca = make_ca("Test CA", "Test", "SE")
    leaf = issue_certificate(ca, new_rsa_key(), "Signer", "Test", "SE")
    cert = leaf.certificate
    assert cert.version is x509.Version.v3
    public = cert.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    assert public.key_size == RSA_BITS == 3072
    assert (cert.not_valid_after_utc - cert.not_valid_before_utc).days in (365, 366)
    assert cert.issuer == ca.certificate.subject
    cert.verify_directly_issued_by(ca.certificate)


def test_long_operator_names_are_shortened_to_the_x509_limit() -> None:
    name = "emrex-gateway SE (Ladok-like data access point for three universities)"
    ca = make_ca(f"{name} development CA", name, "SE")
    subject = ca.certificate.subject
    cn = subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    org = subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
    assert len(str(cn).encode()) <= 64
    assert len(str(org).encode()) <= 64
    assert str(cn).endswith("...")
    assert str(cn).startswith("emrex-gateway SE (Ladok-like")


def test_names_are_cut_on_a_character_boundary() -> None:
    ca = make_ca("Å" * 40, "Öresund", "SE")
    cn = ca.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert str(cn) == "Å" * 30 + "..."
