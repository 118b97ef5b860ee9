"""Session fixtures for the ELM tests: shapes parsed once, the offline JSON-LD loader, inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.core.elm import ConversionResult, convert_elmo
from gateway.core.elmo.model import Elmo
from tests.core.elm import fixtures
from tests.core.elm.conformance import Cardinality, ElmShapes


@pytest.fixture(scope="session")
def elm_shapes(schema_dir: Path) -> ElmShapes:
    return ElmShapes.load(schema_dir)


@pytest.fixture(scope="session")
def cardinality(schema_dir: Path, elm_shapes: ElmShapes) -> Cardinality:
    return Cardinality.load(schema_dir, elm_shapes.generic)


@pytest.fixture(scope="session")
def swedish() -> Elmo:
    return fixtures.swedish_elmo()


@pytest.fixture(scope="session")
def swedish_signed_bytes() -> bytes:
    """Stand-in bytes for the signed document: the converter embeds whatever it is given."""
    return (
        b'<?xml version="1.0"?>\n<elmo xmlns="https://github.com/emrex-eu/elmo-schemas/tree/v1"/>\n'
    )


@pytest.fixture(scope="session")
def swedish_result(swedish: Elmo, swedish_signed_bytes: bytes) -> ConversionResult:
    return convert_elmo(
        swedish,
        issuer=fixtures.ISSUER,
        signed_elmo=swedish_signed_bytes,
        issued=fixtures.ISSUED,
    )
