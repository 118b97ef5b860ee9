"""Fixtures for the wallet (OpenID4VCI) tests: one issuer key chain and wallet keys per session."""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.oid4vci.support import IssuerKeys, make_issuer, wallet_key


@pytest.fixture(scope="session")
def issuer() -> IssuerKeys:
    return make_issuer()


@pytest.fixture(scope="session")
def wallet() -> Any:
    return wallet_key()


@pytest.fixture(scope="session")
def other_wallet() -> Any:
    return wallet_key()
