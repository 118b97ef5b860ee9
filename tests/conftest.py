"""Shared fixtures: the schema directory (never skipped when missing) and per-session keys;
no test sees the working tree or the shell's gateway settings."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from gateway.core.keys import SigningKey, issue_certificate, make_ca, new_rsa_key
from tests.tools import Xmlsec1, reads_settings

ROOT = Path(__file__).resolve().parent.parent
pytest_plugins = ["tests.storage.fixtures"]


def pytest_configure(config: pytest.Config) -> None:
    """The shell's GATEWAY_CONFIG and GATEWAY_<SECTION>_<KEY> overrides (the Makefile exports
    GATEWAY_CONFIG) reach no test and no process a test starts: each test says what it uses."""
    for name in [name for name in os.environ if reads_settings(name)]:
        del os.environ[name]


@pytest.fixture(scope="session", autouse=True)
def _outside_the_working_tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every test runs in an empty directory: a relative default path (certs/…, var/…,
    config/gateway.toml) resolves to nothing there, never to what `make run` left in the tree.
    The repository's own files are reached through ROOT, the schemas through ``schema_dir``."""
    previous = Path.cwd()
    os.chdir(tmp_path_factory.mktemp("cwd"))
    yield
    os.chdir(previous)


@pytest.fixture(scope="session")
def schema_dir() -> Path:
    """The filled schema directory; a missing one fails the test run with the fix to apply."""
    path = Path(os.environ.get("GATEWAY_TEST_SCHEMAS", ROOT / "var" / "schemas"))
    if not (path / "elmo" / "schema.xsd").is_file():
        pytest.fail(
            f"schema directory {path} is empty or missing: run `make schemas` first",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def dev_ca() -> SigningKey:
    return make_ca("Test CA", "emrex-gateway tests", "SE")


@pytest.fixture(scope="session")
def signing_key(dev_ca: SigningKey) -> SigningKey:
    """The ELMO signing key of 'our' contact point in tests."""
    return issue_certificate(dev_ca, new_rsa_key(), "Test EMP", "emrex-gateway tests", "SE")


@pytest.fixture(scope="session")
def other_signing_key(dev_ca: SigningKey) -> SigningKey:
    """A key of a different contact point (or an attacker) for negative tests."""
    return issue_certificate(dev_ca, new_rsa_key(), "Other EMP", "someone else", "NO")


@pytest.fixture(scope="session")
def xmlsec1(tmp_path_factory: pytest.TempPathFactory) -> Xmlsec1:
    binary = shutil.which("xmlsec1")
    if binary is None:
        pytest.fail("xmlsec1 is not installed: run `make system-deps`", pytrace=False)
    return Xmlsec1(binary, tmp_path_factory.mktemp("xmlsec1"))
