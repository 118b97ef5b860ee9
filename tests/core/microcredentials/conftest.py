"""The official ELM shapes, parsed once per session, for the micro-credential tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.elm.conformance import Cardinality, ElmShapes


@pytest.fixture(scope="session")
def micro_shapes(schema_dir: Path) -> ElmShapes:
    return ElmShapes.load(schema_dir)


@pytest.fixture(scope="session")
def micro_cardinality(schema_dir: Path, micro_shapes: ElmShapes) -> Cardinality:
    return Cardinality.load(schema_dir, micro_shapes.generic)
