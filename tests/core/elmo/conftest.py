"""Fixtures for the ELMO tests: the compiled schema, the factory ELMO, keys on disk and xmlsec1."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.core.elmo.build import elmo_from_transcript
from gateway.core.elmo.model import Elmo
from gateway.core.elmo.schema import ElmoSchema
from gateway.core.elmo.signature import sign_elmo
from gateway.core.elmo.write import elmo_to_xml
from gateway.core.keys import SigningKey, issue_certificate, new_ec_key, write_key_pair
from tests.core.elmo import factories
from tests.tools import KeyFiles

VECTORS = Path(__file__).resolve().parents[2] / "vectors" / "elmo"


@pytest.fixture(scope="session")
def elmo_schema(schema_dir: Path) -> ElmoSchema:
    return ElmoSchema.load(schema_dir)


@pytest.fixture(scope="session")
def factory_elmo() -> Elmo:
    return elmo_from_transcript(factories.transcript(), generated=factories.GENERATED)


@pytest.fixture(scope="session")
def elmo_xml(factory_elmo: Elmo) -> bytes:
    return elmo_to_xml(factory_elmo)


@pytest.fixture(scope="session")
def signed_xml(elmo_xml: bytes, signing_key: SigningKey) -> bytes:
    return sign_elmo(elmo_xml, signing_key)


@pytest.fixture(scope="session")
def ec_signing_key(dev_ca: SigningKey) -> SigningKey:
    return issue_certificate(dev_ca, new_ec_key(), "Test EMP (EC)", "emrex-gateway tests", "SE")


@pytest.fixture(scope="session")
def key_files(
    tmp_path_factory: pytest.TempPathFactory,
    signing_key: SigningKey,
    other_signing_key: SigningKey,
    ec_signing_key: SigningKey,
) -> dict[str, KeyFiles]:
    """PEM files for the external tools: ``rsa`` (ours), ``other`` (a stranger's) and ``ec``."""
    folder = tmp_path_factory.mktemp("keys")
    files = {}
    for name, key in (("rsa", signing_key), ("other", other_signing_key), ("ec", ec_signing_key)):
        pair = KeyFiles(key=folder / f"{name}.key.pem", cert=folder / f"{name}.cert.pem")
        write_key_pair(key, pair.cert, pair.key)
        files[name] = pair
    return files
