"""Fixtures of the OOTS tests: TLS material, a requester inbox, a provider node, the validator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.core.keys import SigningKey
from gateway.core.oots.validate import OotsValidator
from tests.storage.helpers import Template
from tests.web.nodes import Node, running_node
from tests.web.oots.support import Inbox, node_overrides
from tests.web.oots.tls import Tls, make_tls


@pytest.fixture(scope="session")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    return make_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="session")
def oots_dir(schema_dir: Path) -> Path:
    return schema_dir / "oots"


@pytest.fixture(scope="session")
def oots_validator(schema_dir: Path) -> OotsValidator:
    """TDD 1.0 XSD + the six EDM Schematron files, compiled once per session."""
    return OotsValidator.load(schema_dir, strict=True)


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
