"""Fixtures for the OOTS tests: the artefact folder and the validator (Schematron compiled once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.core.oots.validate import OotsValidator


@pytest.fixture(scope="session")
def oots_dir(schema_dir: Path) -> Path:
    return schema_dir / "oots"


@pytest.fixture(scope="session")
def validator(schema_dir: Path) -> OotsValidator:
    """XSD + the six EDM Schematron files of TDD 1.0, compiled once per test session."""
    return OotsValidator.load(schema_dir, strict=True)


@pytest.fixture(scope="session")
def xsd_validator(validator: OotsValidator) -> OotsValidator:
    """The default run-time validator: the TDD 1.0 XSD, no Schematron."""
    return OotsValidator(validator.xsd)
