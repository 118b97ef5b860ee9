"""`gateway certs`: the development CA, ELMO signing, wallet issuer (ES256) and TLS server keys."""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from gateway.core.keys import (
    PrivateKey,
    SigningKey,
    issue_certificate,
    issue_leaf,
    load_signing_key,
    make_ca,
    new_ec_key,
    new_rsa_key,
    write_key_pair,
)
from gateway.settings import Settings


@dataclass(frozen=True)
class CertsReport:
    created: tuple[str, ...]
    kept: tuple[str, ...]

    def summary(self) -> str:
        lines = [f"created {path}" for path in self.created]
        lines += [f"kept {path} (use --force to replace)" for path in self.kept]
        return "\n".join(lines)


def ensure_dev_certificates(settings: Settings, *, force: bool = False) -> CertsReport:
    """Create what is missing (everything with ``force``); existing keys are never overwritten
    silently, because a contact point's signing certificate is published in the registry."""
    signing = settings.signing
    name = settings.gateway.name
    country = settings.gateway.country
    created: list[str] = []
    kept: list[str] = []

    if force or not (signing.ca_cert.exists() and signing.ca_key.exists()):
        ca = make_ca(f"{name} development CA", name, country)
        write_key_pair(ca, signing.ca_cert, signing.ca_key)
        created.append(str(signing.ca_cert))
        force = True  # a new CA invalidates certificates issued by the old one
    else:
        ca = load_signing_key(signing.ca_cert, signing.ca_key)
        kept.append(str(signing.ca_cert))

    if force or not (signing.cert.exists() and signing.key.exists()):
        leaf: SigningKey = issue_certificate(
            ca, new_rsa_key(), f"{name} ELMO signing", name, country
        )
        write_key_pair(leaf, signing.cert, signing.key)
        created.append(str(signing.cert))
    else:
        kept.append(str(signing.cert))

    wallet = settings.wallet
    if force or not (wallet.signing_cert.exists() and wallet.signing_key.exists()):
        issuer = issue_certificate(
            ca,
            new_ec_key(),
            f"{name} wallet credential issuer",
            name,
            country,
            uris=(settings.server.public_url.rstrip("/"),),
        )  # ES256 (P-256): the SD-JWT VC signing key; its certificate goes into x5c, and its
        # URI SAN is the credentials' iss (SD-JWT VC §3.5) so verifiers can match the two
        write_key_pair(issuer, wallet.signing_cert, wallet.signing_key)
        created.append(str(wallet.signing_cert))
    else:
        kept.append(str(wallet.signing_cert))

    server = settings.server
    if server.tls_cert is not None and server.tls_key is not None:
        if force or not (server.tls_cert.exists() and server.tls_key.exists()):
            hosts = dev_server_hosts(server.public_url)
            tls = issue_server_certificate(ca, new_ec_key(), hosts, name, country)
            write_key_pair(tls, server.tls_cert, server.tls_key)
            created.append(str(server.tls_cert))
        else:
            kept.append(str(server.tls_cert))
    return CertsReport(tuple(created), tuple(kept))


def dev_server_hosts(public_url: str) -> tuple[str, ...]:
    """The names a development server certificate covers: loopback and the public_url host."""
    hosts = ["127.0.0.1", "localhost"]
    host = urlsplit(public_url).hostname
    if host and host not in hosts:
        hosts.append(host)
    return tuple(hosts)


def issue_server_certificate(
    ca: SigningKey,
    key: PrivateKey,
    hosts: tuple[str, ...],
    organisation: str,
    country: str,
    now: dt.datetime | None = None,
) -> SigningKey:
    """A TLS server certificate (serverAuth, a SAN per host or IP address) issued by ``ca``."""
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, country),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, hosts[0]),
        ]
    )
    extensions = (
        (x509.SubjectAlternativeName(names), False),
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False),
    )
    return issue_leaf(ca, key, subject, extensions, now)
