"""`gateway certs`: the development CA, the ELMO signing and the wallet issuer (ES256) keys."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.core.keys import (
    SigningKey,
    issue_certificate,
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
            ca, new_ec_key(), f"{name} wallet credential issuer", name, country
        )  # ES256 (P-256): the SD-JWT VC signing key; its certificate goes into x5c
        write_key_pair(issuer, wallet.signing_cert, wallet.signing_key)
        created.append(str(wallet.signing_cert))
    else:
        kept.append(str(wallet.signing_cert))
    return CertsReport(tuple(created), tuple(kept))
