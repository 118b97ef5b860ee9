"""Fixtures of the wallet web tests: a gateway whose wallet key the dev CA issued, SHACL shapes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.core.keys import SigningKey, issue_certificate, new_ec_key
from gateway.flows.wallet.kinds.registry import KindRegistry
from tests.core.elm.conformance import ElmShapes
from tests.storage.helpers import Template
from tests.web.nodes import Node, running_node


@pytest.fixture(scope="session")
def wallet_issuer_key(dev_ca: SigningKey) -> SigningKey:
    """The gateway's ES256 credential signing key, issued by the test dev CA."""
    return issue_certificate(
        dev_ca, new_ec_key(), "Test wallet issuer", "emrex-gateway tests", "SE"
    )


@pytest.fixture(scope="session")
def shapes(schema_dir: Path) -> ElmShapes:
    return ElmShapes.load(schema_dir)


@pytest.fixture
def wallet_kinds() -> KindRegistry | None:
    """The credential kinds of ``gw``: the registry's (a test module may override this)."""
    return None


@pytest.fixture
async def gw(
    tmp_path: Path,
    seeded_template: Template,
    signing_key: SigningKey,
    schema_dir: Path,
    wallet_issuer_key: SigningKey,
    wallet_kinds: KindRegistry | None,
) -> AsyncIterator[Node]:
    async with running_node(
        tmp_path / "gw",
        seeded_template,
        signing_key,
        schema_dir,
        wallet_key=wallet_issuer_key,
        wallet_kinds=wallet_kinds,
    ) as node:
        yield node
