"""Keys and X.509 certificates: load once, and generate the development CA and leaf certificates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from gateway.errors import ConfigError

RSA_BITS = 3072
VALIDITY = dt.timedelta(days=365)
MAX_NAME_LENGTH = 64

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class SigningKey:
    """A private key with its certificate chain (leaf first), loaded once per process."""

    private_key: PrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def certificate_pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")

    @property
    def certificate_der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)


def load_certificate(data: bytes) -> x509.Certificate:
    """A certificate from PEM (or DER) bytes."""
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise ConfigError(f"not an X.509 certificate: {exc}") from None


def load_certificates(data: bytes) -> tuple[x509.Certificate, ...]:
    """Every certificate in a PEM bundle."""
    try:
        return tuple(x509.load_pem_x509_certificates(data))
    except ValueError as exc:
        raise ConfigError(f"not a PEM certificate bundle: {exc}") from None


def load_signing_key(cert_path: Path, key_path: Path) -> SigningKey:
    """Load a PEM key and its certificate (chain) from files; refuse a key that does not match."""
    try:
        key_pem = key_path.read_bytes()
        cert_pem = cert_path.read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError(
            f"signing material {exc.filename} does not exist; run `make certs` (or `gateway certs`)"
        ) from None
    try:
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"{key_path} is not an unencrypted PEM private key: {exc}") from None
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise ConfigError(f"{key_path} holds an unsupported key type")
    certs = load_certificates(cert_pem)
    if not certs:
        raise ConfigError(f"{cert_path} holds no certificate")
    if certs[0].public_key() != key.public_key():
        raise ConfigError(f"{cert_path} does not belong to the key in {key_path}")
    return SigningKey(private_key=key, certificate=certs[0], chain=certs[1:])


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)


def new_ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _fit(value: str) -> str:
    """RFC 5280's upper bound for common and organisation names is 64; cryptography counts it
    in UTF-8 bytes. Longer names are cut (on a character boundary) and end with "..."."""
    encoded = value.encode("utf-8")
    if len(encoded) <= MAX_NAME_LENGTH:
        return value
    return encoded[: MAX_NAME_LENGTH - 3].decode("utf-8", errors="ignore") + "..."


def _name(common_name: str, organisation: str, country: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, country),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(organisation)),
            x509.NameAttribute(NameOID.COMMON_NAME, _fit(common_name)),
        ]
    )


def make_ca(
    common_name: str, organisation: str, country: str, now: dt.datetime | None = None
) -> SigningKey:
    """A self-signed development CA (RSA 3072, X.509 v3, one year)."""
    key = new_rsa_key()
    name = _name(common_name, organisation, country)
    start = now or dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start - dt.timedelta(minutes=5))
        .not_valid_after(start + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return SigningKey(private_key=key, certificate=cert)


def issue_certificate(
    ca: SigningKey,
    key: PrivateKey,
    common_name: str,
    organisation: str,
    country: str,
    now: dt.datetime | None = None,
    *,
    uris: tuple[str, ...] = (),
) -> SigningKey:
    """A leaf certificate for document signing, issued by ``ca`` (X.509 v3, one year);
    ``uris``: URI SANs (a credential issuer's identifier, SD-JWT VC §3.5)."""
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    extensions: tuple[tuple[x509.ExtensionType, bool], ...] = (
        (usage, True),
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), False),
    )
    if uris:
        names = x509.SubjectAlternativeName([x509.UniformResourceIdentifier(u) for u in uris])
        extensions = (*extensions, (names, False))
    return issue_leaf(ca, key, _name(common_name, organisation, country), extensions, now)


def issue_leaf(
    ca: SigningKey,
    key: PrivateKey,
    subject: x509.Name,
    extensions: tuple[tuple[x509.ExtensionType, bool], ...],
    now: dt.datetime | None = None,
) -> SigningKey:
    """An end-entity certificate issued by ``ca`` for one year (valid from five minutes ago):
    not a CA, then ``extensions`` as (value, critical), then the key identifiers."""
    start = now or dt.datetime.now(dt.UTC)
    issuer_key: CertificateIssuerPrivateKeyTypes = ca.private_key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start - dt.timedelta(minutes=5))
        .not_valid_after(start + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    cert = (
        builder.add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.certificate.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(issuer_key, hashes.SHA256())
    )
    return SigningKey(private_key=key, certificate=cert, chain=(ca.certificate,))


def write_key_pair(signing: SigningKey, cert_path: Path, key_path: Path) -> None:
    """Write the key (mode 0600) and the leaf certificate (what a registry publishes) as PEM."""
    key_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    key_bytes = signing.private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    key_path.touch(mode=0o600, exist_ok=True)
    key_path.chmod(0o600)
    key_path.write_bytes(key_bytes)
    cert_path.write_bytes(signing.certificate.public_bytes(serialization.Encoding.PEM))
