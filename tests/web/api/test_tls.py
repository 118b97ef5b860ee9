"""TLS client certificates for /api/v1 when the gateway serves TLS itself ([api] tls_client_ca,
`gateway api-client add … --tls-cert`): the handshake verifies the chain, the pin names the
client; a browser without a certificate still gets its pages."""

from __future__ import annotations

import json
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from gateway.core.keys import SigningKey, issue_leaf, make_ca, new_ec_key, write_key_pair
from gateway.settings import settings_from_mapping
from gateway.web.app import server_ssl_context
from tests.storage.helpers import Template
from tests.web.api.support import new_client
from tests.web.nodes import Node, running_node
from tests.web.oots.tls import Tls

MERITS = "/api/v1/merits"


@dataclass(frozen=True)
class ClientKeys:
    ca_file: Path
    pinned: Path  # the certificate pinned for the client (cert + key files beside it)
    stranger: Path  # issued by the same CA, pinned for no client


def _client_certificate(ca: SigningKey, folder: Path, name: str) -> Path:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    usage = x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH])
    leaf = issue_leaf(ca, new_ec_key(), subject, ((usage, False),))
    write_key_pair(leaf, folder / f"{name}.crt", folder / f"{name}.key")
    return folder / f"{name}.crt"


@pytest.fixture(scope="module")
def client_keys(tmp_path_factory: pytest.TempPathFactory) -> ClientKeys:
    folder = tmp_path_factory.mktemp("api-clients")
    ca = make_ca("API clients CA", "emrex-gateway tests", "SE")
    (folder / "ca.crt").write_bytes(ca.certificate.public_bytes(Encoding.PEM))
    return ClientKeys(
        folder / "ca.crt",
        _client_certificate(ca, folder, "ladok"),
        _client_certificate(ca, folder, "stranger"),
    )


@pytest.fixture
async def tls_node(
    tmp_path: Path,
    migrated_template: Template,
    signing_key: SigningKey,
    schema_dir: Path,
    tls: Tls,
    client_keys: ClientKeys,
) -> AsyncIterator[Node]:
    overrides = {
        "server": {"tls_cert": str(tls.cert_file), "tls_key": str(tls.key_file)},
        "api": {"tls_client_ca": str(client_keys.ca_file)},
    }
    settings = settings_from_mapping(
        {
            "server": {"public_url": "https://127.0.0.1", **overrides["server"]},
            "database": {"url": "sqlite+aiosqlite://"},
            "signing": {"cert": "unused", "key": "unused"},
            "schemas": {"dir": str(schema_dir)},
            "api": overrides["api"],
        }
    )
    context = server_ssl_context(settings)  # what `gateway serve` listens with
    assert context is not None
    async with running_node(
        tmp_path / "gw", migrated_template, signing_key, schema_dir, overrides, tls=context
    ) as node:
        yield node


async def _get(
    node: Node, tls: Tls, path: str, certificate: Path | None, token: str | None = None
) -> tuple[int, str]:
    context = tls.client_context()
    if certificate is not None:
        context.load_cert_chain(certificate, certificate.with_suffix(".key"))
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        aiohttp.ClientSession() as http,
        http.get(node.path(path), ssl=context, headers=headers) as response,
    ):
        return response.status, await response.text()


async def test_a_pinned_client_certificate_authenticates_alone(
    tls_node: Node, tls: Tls, client_keys: ClientKeys
) -> None:
    pem = client_keys.pinned.read_bytes()
    await new_client(tls_node, "ladok", "merits:read", certificate_pem=pem)
    other = await new_client(tls_node, "other", "merits:read")
    status, body = await _get(tls_node, tls, MERITS, client_keys.pinned)
    assert status == 200, body
    assert json.loads(body) == {"entries": [], "next_cursor": None}
    for certificate, token in (
        (client_keys.stranger, None),
        (None, None),
        (client_keys.pinned, other),
    ):
        status, body = await _get(tls_node, tls, MERITS, certificate, token)
        assert (status, json.loads(body)["error"]) == (401, "unauthorized")
    assert (await _get(tls_node, tls, MERITS, None, other))[0] == 200
    status, page = await _get(tls_node, tls, "/", None)  # learners present no certificate
    assert status == 200
    assert "<html" in page


async def test_a_certificate_from_another_ca_fails_the_handshake(
    tls_node: Node, tls: Tls, tmp_path: Path
) -> None:
    other = make_ca("Other CA", "emrex-gateway tests", "SE")
    certificate = _client_certificate(other, tmp_path, "outsider")
    with pytest.raises((aiohttp.ClientError, ssl.SSLError)):
        await _get(tls_node, tls, MERITS, certificate)
