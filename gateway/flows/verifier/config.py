"""The verifier as loaded once per process from ``[verifier]`` (OpenID4VP 1.0 §5.9, HAIP 1.0 §5)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from gateway.core.keys import SigningKey, load_certificates, load_signing_key
from gateway.core.oid4vp.presentation import DC_SD_JWT, LEGACY_TYP
from gateway.core.oid4vp.request import client_id as make_client_id
from gateway.core.oid4vp.request import dcql_query
from gateway.errors import ConfigError
from gateway.flows.credential_status.check import StatusPolicy
from gateway.settings import Settings
from gateway.settings_verifier import VerifierSection

REQUEST_PATH: Final = "/wallet/present/request/"
RESPONSE_PATH: Final = "/wallet/present/response/"
RETURN_PATH: Final = "/wallet/present/return"


@dataclass(frozen=True)
class Verifier:
    """Everything the verifier flows need that does not change while the process runs."""

    config: VerifierSection
    base_url: str
    signing_key: SigningKey = field(repr=False)
    client_id: str
    trust_anchors: tuple[x509.Certificate, ...]
    dcql: dict[str, Any]
    status_policy: StatusPolicy
    own_issuer: tuple[str, bytes] | None = None  # our wallet issuer's iss and leaf (DER)

    @property
    def typs(self) -> frozenset[str]:
        return frozenset(self.config.formats) | {DC_SD_JWT}

    def request_uri(self, transaction_id: str) -> str:
        return f"{self.base_url}{REQUEST_PATH}{transaction_id}"

    def response_uri(self, transaction_id: str) -> str:
        return f"{self.base_url}{RESPONSE_PATH}{transaction_id}"

    def return_uri(self, response_code: str) -> str:
        return f"{self.base_url}{RETURN_PATH}?response_code={response_code}"


def _anchors(settings: Settings, signing_key: SigningKey) -> tuple[x509.Certificate, ...]:
    """``trust_anchors`` files; none configured: the CA that issued our own wallet issuer key
    (the last certificate of its chain file, else the development CA of ``[signing]``)."""
    paths: tuple[Path, ...] = settings.verifier.trust_anchors
    if not paths:
        if signing_key.chain:
            return (signing_key.chain[-1],)
        if not settings.signing.ca_cert.is_file():
            return ()  # nothing to trust yet: every presentation is refused as untrusted
        paths = (settings.signing.ca_cert,)
    found: list[x509.Certificate] = []
    for path in paths:
        try:
            found.extend(load_certificates(path.read_bytes()))
        except FileNotFoundError:
            raise ConfigError(f"[verifier] trust anchor {path} does not exist") from None
    if not found:
        raise ConfigError("[verifier] trust_anchors hold no certificate")
    return tuple(found)


def _dns_names(key: SigningKey) -> list[str]:
    try:
        names = key.certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return []
    return list(names.value.get_values_for_type(x509.DNSName))


def load_verifier(settings: Settings) -> Verifier:
    """Check ``[verifier]`` and load the request-object key; anything wrong is a ConfigError."""
    section = settings.verifier
    cert = section.signing_cert or settings.wallet.signing_cert
    key_path = section.signing_key or settings.wallet.signing_key
    key = load_signing_key(cert, key_path)
    private = key.private_key
    if not isinstance(private, ec.EllipticCurvePrivateKey) or not isinstance(
        private.curve, ec.SECP256R1
    ):
        raise ConfigError(f"[verifier] request signing key {key_path} must be EC P-256 (ES256)")
    if key.certificate.issuer == key.certificate.subject:
        raise ConfigError(f"[verifier] request signing certificate {cert} is self-signed (HAIP)")
    if section.client_id_prefix == "x509_san_dns" and section.dns_name not in _dns_names(key):
        raise ConfigError(
            f"[verifier] dns_name {section.dns_name!r} is not a dNSName of the certificate {cert}"
        )
    formats = [f for f in section.formats if f != LEGACY_TYP] or [DC_SD_JWT]
    anchors = _anchors(settings, key)
    return Verifier(
        config=section,
        base_url=settings.server.public_url.rstrip("/"),
        signing_key=key,
        client_id=make_client_id(section.client_id_prefix, key, section.dns_name or None),
        trust_anchors=anchors,
        dcql=dcql_query(section.vct_values, formats),
        status_policy=_status_policy(settings, anchors),
        own_issuer=_own_issuer(settings),
    )


def _own_issuer(settings: Settings) -> tuple[str, bytes] | None:
    """The ``iss`` our wallet issuer writes and its certificate: accepted together even when
    the certificate predates the URI SAN that ``gateway certs`` now puts in."""
    try:
        (leaf, *_) = load_certificates(settings.wallet.signing_cert.read_bytes())
    except (OSError, ConfigError):
        return None
    return settings.server.public_url.rstrip("/"), leaf.public_bytes(Encoding.DER)


def _status_policy(settings: Settings, anchors: tuple[x509.Certificate, ...]) -> StatusPolicy:
    """``[status]`` as configured; without its anchors (no ``[status] trust_anchors`` and no
    ``[signing] ca_cert``): the issuers' anchors, since an issuer signs its own status lists."""
    if settings.status.trust_anchors or settings.signing.ca_cert.is_file():
        return StatusPolicy.from_settings(settings)
    status = settings.status
    return StatusPolicy(
        trust_anchors=anchors,
        accept_unreachable=status.unreachable == "accept",
        fetch_timeout_seconds=status.fetch_timeout_seconds,
        max_token_bytes=status.max_token_bytes,
        max_list_bytes=status.max_list_bytes,
        default_cache_seconds=status.default_cache_seconds,
        max_cache_seconds=status.max_cache_seconds,
        allow_http_loopback=status.allow_http_loopback and settings.gateway.is_development,
    )
