"""The wallet issuer's configuration: what stops the start, and how secrets are stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.core.elm.microcredential import ELEMENTS
from gateway.core.keys import SigningKey, issue_certificate, new_ec_key, write_key_pair
from gateway.errors import ConfigError
from gateway.flows.wallet.issuer import (
    digest,
    load_wallet_issuer,
    pre_authorized_code,
    tx_code_digest,
)
from gateway.settings import Settings
from gateway.web.texts.wallet import TEXTS
from tests.tools import settings_for


def _settings(
    tmp_path: Path, schema_dir: Path, key: SigningKey, **sections: dict[str, object]
) -> Settings:
    write_key_pair(key, tmp_path / "w.crt", tmp_path / "w.key")
    wallet: dict[str, object] = {
        "signing_cert": str(tmp_path / "w.crt"),
        "signing_key": str(tmp_path / "w.key"),
    }
    return settings_for(schema_dir, tmp_path, wallet=wallet, **sections)


@pytest.fixture(scope="module")
def ec_key(dev_ca: SigningKey) -> SigningKey:
    return issue_certificate(dev_ca, new_ec_key(), "Issuer", "emrex-gateway tests", "SE")


def test_development_may_use_loopback_http(
    tmp_path: Path, schema_dir: Path, ec_key: SigningKey
) -> None:
    dev: dict[str, object] = {"environment": "development"}
    wallet = load_wallet_issuer(_settings(tmp_path, schema_dir, ec_key, gateway=dev))
    assert wallet.identifier == "http://127.0.0.1:8080"
    assert wallet.issuer_metadata["credential_issuer"] == wallet.identifier
    assert wallet.offer_link("ref").startswith("openid-credential-offer://?credential_offer_uri=")


def test_production_needs_https(tmp_path: Path, schema_dir: Path, ec_key: SigningKey) -> None:
    with pytest.raises(ConfigError, match="must use https"):
        load_wallet_issuer(_settings(tmp_path, schema_dir, ec_key))
    https: dict[str, object] = {"public_url": "https://gw.example.se/"}
    wallet = load_wallet_issuer(_settings(tmp_path, schema_dir, ec_key, server=https))
    assert wallet.identifier == "https://gw.example.se"
    assert wallet.endpoints.token == "https://gw.example.se/token"


def test_an_rsa_key_or_a_missing_key_stops_the_start(
    tmp_path: Path, schema_dir: Path, signing_key: SigningKey
) -> None:
    dev: dict[str, object] = {"environment": "development"}
    with pytest.raises(ConfigError, match="EC P-256"):
        load_wallet_issuer(_settings(tmp_path, schema_dir, signing_key, gateway=dev))
    missing = settings_for(schema_dir, tmp_path / "nothing", gateway=dev)
    with pytest.raises(ConfigError, match="gateway certs"):
        load_wallet_issuer(missing)


def test_bad_wallet_settings_are_named(tmp_path: Path, schema_dir: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[wallet\].*tx_code_length"):
        settings_for(schema_dir, tmp_path, wallet={"tx_code_length": 3})
    with pytest.raises(ConfigError, match=r"\[wallet\].*offer_minutes"):
        settings_for(schema_dir, tmp_path, wallet={"offer_minutes": 0})


def test_stored_secrets_reveal_nothing() -> None:
    code = pre_authorized_code("offer-reference")
    assert code == pre_authorized_code("offer-reference")
    assert code != pre_authorized_code("another-reference")
    assert "offer-reference" not in code
    assert len(digest(code)) == 64
    # the tx_code's stored form depends on the code: a leaked table cannot be brute-forced alone
    assert tx_code_digest(code, "123456") != tx_code_digest(pre_authorized_code("x"), "123456")


def test_every_wallet_text_is_in_swedish_and_english() -> None:
    for key, texts in TEXTS.items():
        assert key.startswith("wallet.")
        assert texts["sv"].strip(), key
        assert texts["en"].strip(), key


def test_the_annex_element_names_follow_the_report() -> None:
    for element in ELEMENTS:
        assert TEXTS[f"wallet.element.{element.number}"]["en"] == element.name
