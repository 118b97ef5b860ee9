"""Credential Offers (OpenID4VCI 1.0 §4.1): offer object, tx_code spec, wallet deep link."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal
from urllib.parse import quote, urlsplit

from gateway.core.oid4vci.metadata import LOOPBACK_HOSTS
from gateway.core.oid4vci.requests import PRE_AUTHORIZED_GRANT
from gateway.errors import ConfigError

OFFER_SCHEME: Final = "openid-credential-offer://"
MAX_TX_CODE_DESCRIPTION: Final = 300
_TEXT_ALPHABET: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: typed by hand


@dataclass(frozen=True)
class TxCodeSpec:
    """What the wallet must ask the learner for (``tx_code`` object of the offer)."""

    length: int = 6
    input_mode: Literal["numeric", "text"] = "numeric"
    description: str | None = None

    def __post_init__(self) -> None:
        if not 4 <= self.length <= 12:
            raise ConfigError("tx_code length must be between 4 and 12")
        if self.description is not None and len(self.description) > MAX_TX_CODE_DESCRIPTION:
            raise ConfigError("tx_code description must not exceed 300 characters")

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"input_mode": self.input_mode, "length": self.length}
        if self.description:
            out["description"] = self.description
        return out

    def generate(self, randbelow: Callable[[int], int]) -> str:
        """A fresh code; pass ``secrets.randbelow`` (uniform, unpredictable)."""
        alphabet = "0123456789" if self.input_mode == "numeric" else _TEXT_ALPHABET
        return "".join(alphabet[randbelow(len(alphabet))] for _ in range(self.length))


def credential_offer(
    *,
    issuer: str,
    configuration_ids: Sequence[str],
    pre_authorized_code: str,
    tx_code: TxCodeSpec | None,
) -> dict[str, Any]:
    """The Credential Offer object served at the ``credential_offer_uri`` (§4.1.1)."""
    if not configuration_ids or len(set(configuration_ids)) != len(configuration_ids):
        raise ValueError("credential_configuration_ids must be non-empty and unique")
    if not pre_authorized_code:
        raise ValueError("pre-authorized_code must not be empty")
    grant: dict[str, Any] = {"pre-authorized_code": pre_authorized_code}
    if tx_code is not None:
        grant["tx_code"] = tx_code.as_json()
    return {
        "credential_issuer": issuer,
        "credential_configuration_ids": list(configuration_ids),
        "grants": {PRE_AUTHORIZED_GRANT: grant},
    }


def _join(endpoint: str, query: str) -> str:
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{query}"


def offer_link(
    credential_offer_uri: str,
    *,
    wallet_endpoint: str = OFFER_SCHEME,
    allow_http_loopback: bool = False,
) -> str:
    """The deep link / QR content for an offer by reference (what the learner scans).

    ``wallet_endpoint`` is a wallet's Credential Offer Endpoint (e.g. a web wallet's https
    URL) or, when unknown, the ``openid-credential-offer://`` scheme (§12.1).
    """
    parts = urlsplit(credential_offer_uri)
    loopback = allow_http_loopback and parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    if parts.scheme != "https" and not loopback:
        raise ConfigError("credential_offer_uri must use https")
    return _join(wallet_endpoint, "credential_offer_uri=" + quote(credential_offer_uri, safe=""))


def offer_link_by_value(offer: dict[str, Any], *, wallet_endpoint: str = OFFER_SCHEME) -> str:
    """The deep link carrying the offer by value (small offers only; QR codes use references)."""
    compact = json.dumps(offer, separators=(",", ":"), ensure_ascii=False)
    return _join(wallet_endpoint, "credential_offer=" + quote(compact, safe=""))
