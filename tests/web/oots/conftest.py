"""Fixtures of the OOTS tests: the validator (TLS, inbox and provider: tests/web/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.core.oots.validate import OotsValidator


@pytest.fixture(scope="session")
def oots_dir(schema_dir: Path) -> Path:
    return schema_dir / "oots"


@pytest.fixture(scope="session")
def oots_validator(schema_dir: Path) -> OotsValidator:
    """TDD 1.0 XSD + the six EDM Schematron files, compiled once per session."""
    return OotsValidator.load(schema_dir, strict=True)
