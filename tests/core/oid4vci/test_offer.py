"""Credential offers: the object, the tx_code spec and the deep link a QR code carries."""

from __future__ import annotations

import json
import random
from urllib.parse import parse_qs, urlsplit

import pytest

from gateway.core.oid4vci.credential import ELM_CONFIGURATION_ID
from gateway.core.oid4vci.offer import (
    TxCodeSpec,
    credential_offer,
    offer_link,
    offer_link_by_value,
)
from gateway.core.oid4vci.requests import PRE_AUTHORIZED_GRANT
from gateway.errors import ConfigError
from tests.core.oid4vci.support import ISSUER


def test_offer_object() -> None:
    tx = TxCodeSpec(length=6, description="Koden visas på gatewaysidan efter EMREX-inloggningen")
    offer = credential_offer(
        issuer=ISSUER,
        configuration_ids=[ELM_CONFIGURATION_ID],
        pre_authorized_code="pa_9Jx2",
        tx_code=tx,
    )
    assert offer == {
        "credential_issuer": ISSUER,
        "credential_configuration_ids": [ELM_CONFIGURATION_ID],
        "grants": {
            PRE_AUTHORIZED_GRANT: {
                "pre-authorized_code": "pa_9Jx2",
                "tx_code": {"input_mode": "numeric", "length": 6, "description": tx.description},
            }
        },
    }
    without = credential_offer(
        issuer=ISSUER, configuration_ids=["a"], pre_authorized_code="c", tx_code=None
    )
    assert "tx_code" not in without["grants"][PRE_AUTHORIZED_GRANT]
    with pytest.raises(ValueError, match="unique"):
        credential_offer(issuer=ISSUER, configuration_ids=[], pre_authorized_code="c", tx_code=None)
    with pytest.raises(ValueError, match="unique"):
        credential_offer(
            issuer=ISSUER, configuration_ids=["a", "a"], pre_authorized_code="c", tx_code=None
        )


def test_offer_by_reference_link() -> None:
    uri = f"{ISSUER}/credential-offer/6b2f0d0e"
    link = offer_link(uri)
    assert (
        link
        == "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fgw.example.edu%2Fcredential-offer%2F6b2f0d0e"
    )
    assert parse_qs(urlsplit(link).query) == {"credential_offer_uri": [uri]}
    web = offer_link(uri, wallet_endpoint="https://wallet.example.org/cb?lang=sv")
    assert web.startswith(
        "https://wallet.example.org/cb?lang=sv&credential_offer_uri=https%3A%2F%2F"
    )
    assert offer_link("http://127.0.0.1:8080/o/1", allow_http_loopback=True)
    with pytest.raises(ConfigError):
        offer_link("http://gw.example.edu/credential-offer/1", allow_http_loopback=True)


def test_offer_by_value_link() -> None:
    offer = credential_offer(
        issuer=ISSUER, configuration_ids=["a"], pre_authorized_code="c", tx_code=TxCodeSpec()
    )
    link = offer_link_by_value(offer)
    assert json.loads(parse_qs(urlsplit(link).query)["credential_offer"][0]) == offer


def test_tx_code_generation() -> None:
    rng = random.Random(3)
    numeric = TxCodeSpec(length=6).generate(rng.randrange)
    assert len(numeric) == 6
    assert numeric.isdigit()
    text = TxCodeSpec(length=8, input_mode="text").generate(rng.randrange)
    assert len(text) == 8
    assert not set(text) & set("01IO")
    with pytest.raises(ConfigError):
        TxCodeSpec(length=3)
    with pytest.raises(ConfigError):
        TxCodeSpec(description="x" * 301)
