"""The federation scenarios run against the processes `make federation-up` started.

They are not part of the ordinary `pytest` run (pyproject: `--ignore=tests/federation`);
`make federation-test` starts the federation, runs them and stops it. Run without a federation,
every test here fails (never skips) with the command to use.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.core.oots.validate import OotsValidator
from tests.federation.support import Federation, running_federation


@pytest.fixture(scope="session")
def fed() -> Federation:
    found = running_federation()
    if isinstance(found, str):
        pytest.fail(found, pytrace=False)
    return found


@pytest.fixture(autouse=True)
def _federation_is_up(fed: Federation) -> None:
    """Every scenario needs the running federation (fails clearly without it)."""


@pytest.fixture(scope="session")
def oots_validator(schema_dir: Path) -> OotsValidator:
    """The official TDD 1.0 XSDs and EDM Schematron (compiled once)."""
    return OotsValidator.load(schema_dir, strict=True)
