"""Web fixtures: one seeded gateway node with its own keys; an OOTS provider node over TLS and
the requester inbox it answers to (the OOTS tests and the hardening suite)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.core.keys import SigningKey
from tests.storage.helpers import Template
from tests.web.nodes import Node, running_node
from tests.web.oots.support import Inbox, node_overrides
from tests.web.oots.tls import Tls, make_tls

# The hardening cases live in plain modules collected by test_hardening.py: have pytest rewrite
# their asserts as it does a test module's (before anything imports them).
pytest.register_assert_rewrite("tests.web.hardening")


@pytest.fixture
async def node(
    tmp_path: Path, seeded_template: Template, signing_key: SigningKey, schema_dir: Path
) -> AsyncIterator[Node]:
    async with running_node(tmp_path / "se", seeded_template, signing_key, schema_dir) as started:
        yield started


@pytest.fixture(scope="session")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    return make_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture
async def inbox() -> AsyncIterator[Inbox]:
    started = Inbox()
    await started.start()
    yield started
    await started.stop()


@pytest.fixture
async def provider(
    tmp_path: Path,
    seeded_template: Template,
    signing_key: SigningKey,
    schema_dir: Path,
    tls: Tls,
    inbox: Inbox,
) -> AsyncIterator[Node]:
    """A provider node over TLS (so previews are possible) answering to ``inbox``."""
    async with running_node(
        tmp_path / "provider",
        seeded_template,
        signing_key,
        schema_dir,
        node_overrides(inbox),
        tls=tls.server_context(),
    ) as node:
        yield node
