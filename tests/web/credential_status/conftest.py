"""Fixtures of the credential status web tests: a seeded gateway whose wallet key the dev CA
issued (as in the wallet tests)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.core.keys import SigningKey, issue_certificate, new_ec_key
from tests.storage.helpers import Template
from tests.web.nodes import Node, running_node


@pytest.fixture(scope="session")
def status_issuer_key(dev_ca: SigningKey) -> SigningKey:
    return issue_certificate(dev_ca, new_ec_key(), "Wallet issuer", "emrex-gateway tests", "SE")


@pytest.fixture
async def gw(
    tmp_path: Path,
    seeded_template: Template,
    signing_key: SigningKey,
    schema_dir: Path,
    status_issuer_key: SigningKey,
) -> AsyncIterator[Node]:
    async with running_node(
        tmp_path / "gw", seeded_template, signing_key, schema_dir, wallet_key=status_issuer_key
    ) as node:
        yield node
