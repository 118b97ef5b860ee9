"""Web fixtures: one seeded gateway node with its own keys; two EMREX gateways (a contact point and
a client); an OOTS provider node over TLS and the requester inbox it answers to."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.core.keys import SigningKey, issue_certificate, new_rsa_key
from tests.storage.helpers import Template
from tests.web.emrex.support import Federation, federation
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
def client_key(dev_ca: SigningKey) -> SigningKey:
    """The ELMO signing key of the client gateway (it never signs what the client receives)."""
    return issue_certificate(dev_ca, new_rsa_key(), "Client gateway", "emrex-gateway tests", "NO")


@pytest.fixture
async def fed(
    tmp_path: Path,
    seeded_template: Template,
    seeded_no_template: Template,
    signing_key: SigningKey,
    client_key: SigningKey,
    schema_dir: Path,
) -> AsyncIterator[Federation]:
    """A contact point (dataset se) and an EMREX client (dataset no) on loopback (the EMREX
    tests and the integration API's merits feed)."""
    async with federation(
        tmp_path, seeded_template, seeded_no_template, signing_key, client_key, schema_dir
    ) as started:
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
