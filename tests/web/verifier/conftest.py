"""Fixtures of the verifier web tests: a gateway whose wallet issuer key the test CA issued and
which trusts that CA for presentations; credentials it issued to a test wallet."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from gateway.core.keys import SigningKey, issue_certificate, new_ec_key
from tests.storage.helpers import Template
from tests.web.nodes import Node, running_node


@pytest.fixture(scope="session")
def wallet_issuer_key(dev_ca: SigningKey) -> SigningKey:
    """The gateway's ES256 credential (and request object) key, issued by the test CA."""
    return issue_certificate(
        dev_ca, new_ec_key(), "Test wallet issuer", "emrex-gateway tests", "SE"
    )


@pytest.fixture
def node_overrides() -> dict[str, dict[str, Any]]:
    """More configuration of ``gw`` (a test module may override this)."""
    return {}


@pytest.fixture
async def gw(
    tmp_path: Path,
    seeded_template: Template,
    signing_key: SigningKey,
    schema_dir: Path,
    wallet_issuer_key: SigningKey,
    dev_ca: SigningKey,
    node_overrides: dict[str, dict[str, Any]],
) -> AsyncIterator[Node]:
    anchors = tmp_path / "trust-anchors.pem"
    anchors.write_bytes(dev_ca.certificate.public_bytes(Encoding.PEM))
    async with running_node(
        tmp_path / "gw",
        seeded_template,
        signing_key,
        schema_dir,
        {
            "verifier": {"trust_anchors": [str(anchors)]},
            # our credentials name our status list at the node's http://127.0.0.1 address
            "status": {"allow_http_loopback": True},
            **node_overrides,
        },
        wallet_key=wallet_issuer_key,
    ) as node:
        yield node
