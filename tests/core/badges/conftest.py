"""The OB 3.0 JSON Schema and contexts, loaded once per session from the schema directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.badges.conformance import ObConformance


@pytest.fixture(scope="session")
def ob(schema_dir: Path) -> ObConformance:
    return ObConformance.load(schema_dir)
