"""A throwaway TLS setup for loopback test nodes: a CA and a 127.0.0.1 server certificate.

The preview flow needs https (PreviewLocation, R-EDM-REQ-C005 / R-EDM-ERR-C019), so the
provider node under test really serves TLS; browsers and the requester tool trust the CA.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from gateway.core.keys import make_ca, new_ec_key, write_key_pair
from gateway.flows.certs import issue_server_certificate


@dataclass(frozen=True)
class Tls:
    ca_file: Path
    cert_file: Path
    key_file: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_file))


def make_tls(folder: Path) -> Tls:
    """A CA and a certificate for 127.0.0.1 and localhost, made as `gateway certs` makes the
    development server certificate."""
    ca = make_ca("OOTS test CA", "emrex-gateway tests", "SE")
    server = issue_server_certificate(
        ca, new_ec_key(), ("127.0.0.1", "localhost"), "emrex-gateway tests", "SE"
    )
    tls = Tls(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    write_key_pair(server, tls.cert_file, tls.key_file)
    tls.ca_file.write_bytes(ca.certificate.public_bytes(serialization.Encoding.PEM))
    return tls
