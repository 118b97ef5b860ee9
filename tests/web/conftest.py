"""Web fixtures: one seeded gateway node with its own keys."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.core.keys import SigningKey
from tests.storage.helpers import Template
from tests.web.nodes import Node, running_node

# The hardening cases live in plain modules collected by test_hardening.py: have pytest rewrite
# their asserts as it does a test module's (before anything imports them).
pytest.register_assert_rewrite("tests.web.hardening")


@pytest.fixture
async def node(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> AsyncIterator[Node]:
    async with running_node(tmp_path / "se", seeded_template, signing_key, schema_dir) as started:
        yield started
