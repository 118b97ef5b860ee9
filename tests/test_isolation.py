"""No test sees what the working tree holds or what the shell exports (tests/conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gateway.errors import ConfigError
from gateway.settings import load_settings
from tests.conftest import ROOT
from tests.tools import reads_settings


def test_relative_defaults_resolve_outside_the_working_tree() -> None:
    assert Path.cwd().resolve() != ROOT
    assert ROOT not in Path.cwd().resolve().parents
    assert not Path("certs").exists()
    assert not Path("var").exists()


def test_no_gateway_setting_leaks_from_the_shell() -> None:
    assert [name for name in os.environ if reads_settings(name)] == []
    # `make test` exports GATEWAY_CONFIG=config/gateway.toml; a test that forgot its own
    # configuration must not silently read the repository's.
    with pytest.raises(ConfigError, match=r"config/gateway\.toml does not exist"):
        load_settings()


@pytest.mark.parametrize(
    ("name", "read"),
    [
        ("GATEWAY_CONFIG", True),
        ("GATEWAY_SERVER_PORT", True),
        ("GATEWAY_SIGNING_CA_CERT", True),
        ("GATEWAY_TEST_DATABASE_URL", False),
        ("GATEWAY_TEST_SCHEMAS", False),
        ("GATEWAY_SERVER", False),
        ("PATH", False),
    ],
)
def test_which_variables_settings_read(name: str, read: bool) -> None:
    assert reads_settings(name) is read
