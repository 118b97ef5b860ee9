"""Fixtures of the integration API tests: a gateway with an empty (migrated) database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.core.keys import SigningKey
from tests.storage.helpers import Template
from tests.web.api.support import Contract, fetch_contract
from tests.web.nodes import Node, running_node

API_LIMITS = {"max_body_bytes": 1_000_000, "read_timeout_seconds": 1.0}


@pytest.fixture
async def api_node(
    tmp_path: Path, migrated_template: Template, signing_key: SigningKey, schema_dir: Path
) -> AsyncIterator[Node]:
    async with running_node(
        tmp_path / "gw", migrated_template, signing_key, schema_dir, {"api": API_LIMITS}
    ) as node:
        yield node


@pytest.fixture
async def contract(api_node: Node) -> Contract:
    return await fetch_contract(api_node)
