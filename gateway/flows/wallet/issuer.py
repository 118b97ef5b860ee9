"""The wallet issuer's fixed context, loaded once: identifier, ES256 key, metadata (OID4VCI §12).

Also the secret handling every wallet flow shares: what is stored is a SHA-256 of each secret;
the pre-authorized code is derived from the offer reference, so neither can be recovered from
the database, and the transaction code is stored as an HMAC keyed with the pre-authorized code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric import ec

from gateway.core import jose
from gateway.core.elm import IssuerIdentity
from gateway.core.keys import SigningKey, load_signing_key
from gateway.core.oid4vci.metadata import (
    Display,
    Endpoints,
    authorization_server_metadata,
    check_issuer_identifier,
    credential_issuer_metadata,
)
from gateway.core.oid4vci.offer import TxCodeSpec, offer_link
from gateway.core.oid4vci.proof import ProofPolicy
from gateway.core.x5c import x5c_chain
from gateway.errors import ConfigError
from gateway.flows.elmo.elm import issuer_identity
from gateway.flows.wallet.kinds import default_registry
from gateway.flows.wallet.kinds.registry import KindRegistry
from gateway.settings import Settings, WalletSection

OFFER_PATH: Final = "/credential-offer/"
"""``credential_offer_uri`` = identifier + this + the offer reference (web/routes.py agrees)."""
TYPE_METADATA_PATH: Final = "/type-metadata/"
TX_CODE_DESCRIPTION: Final = (
    "The code shown next to the QR code on the gateway page (koden bredvid QR-koden)"
)


def digest(secret: str) -> str:
    """The stored form of a secret (hex SHA-256)."""
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def pre_authorized_code(offer_token: str) -> str:
    """The pre-authorized code of an offer, derived from its (secret) reference."""
    raw = hashlib.sha256(b"pre-authorized_code\x00" + offer_token.encode("ascii")).digest()
    return jose.b64url_encode(raw)


def tx_code_digest(code: str, tx_code: str) -> str:
    """The stored form of a transaction code: useless without the pre-authorized code."""
    return hmac.new(code.encode("ascii"), tx_code.encode("utf-8", "replace"), "sha256").hexdigest()


@dataclass(frozen=True)
class WalletIssuer:
    """Everything the wallet flows need that does not change while the process runs."""

    identifier: str
    config: WalletSection
    signing_key: SigningKey = field(repr=False)
    identity: IssuerIdentity
    endpoints: Endpoints
    policy: ProofPolicy
    tx_code: TxCodeSpec
    allow_http: bool
    issuer_metadata: dict[str, Any]
    authorization_server: dict[str, Any]
    jwt_vc_issuer: dict[str, Any]
    kinds: KindRegistry
    type_metadata_json: dict[str, bytes]
    """vct → its SD-JWT VC Type Metadata (every SD-JWT configuration's, shared by vct)."""

    def type_metadata_url(self, vct: str) -> str:
        return f"{self.identifier}{TYPE_METADATA_PATH}{vct}"

    @property
    def credential_lifetime(self) -> dt.timedelta | None:
        days = self.config.credential_lifetime_days
        return dt.timedelta(days=days) if days else None

    def offer_uri(self, offer_token: str) -> str:
        return f"{self.identifier}{OFFER_PATH}{offer_token}"

    def offer_link(self, offer_token: str) -> str:
        """The deep link (and QR content) of an offer by reference (§4.1.3)."""
        return offer_link(
            self.offer_uri(offer_token),
            wallet_endpoint=self.config.wallet_endpoint,
            allow_http_loopback=self.allow_http,
        )


def operator_identity(settings: Settings) -> IssuerIdentity:
    """The ELM credential issuer: the gateway operator of ``[issuer]`` (ConfigError if bad)."""
    issuer = settings.issuer
    return issuer_identity(
        issuer.legal_name,
        issuer.eidas_identifier,
        issuer.country,
        homepage=issuer.homepage or None,
        eidas_country=issuer.eidas_country or None,
    )


def load_wallet_issuer(settings: Settings, kinds: KindRegistry | None = None) -> WalletIssuer:
    """Check the configuration and load the ES256 key; anything wrong is a ConfigError.

    ``kinds``: the credential kinds to offer (default: every kind of the registry).
    """
    kinds = default_registry() if kinds is None else kinds
    wallet = settings.wallet
    allow_http = settings.gateway.is_development
    identifier = check_issuer_identifier(
        settings.server.public_url.rstrip("/"), allow_http_loopback=allow_http
    )
    key = load_signing_key(wallet.signing_cert, wallet.signing_key)
    private = key.private_key
    if not isinstance(private, ec.EllipticCurvePrivateKey) or not isinstance(
        private.curve, ec.SECP256R1
    ):
        raise ConfigError(f"[wallet] signing_key {wallet.signing_key} must be an EC P-256 key")
    identity = operator_identity(settings)
    endpoints = Endpoints.under(identifier)
    display = tuple(Display(locale=lang, name=name) for lang, name in wallet.display_name.items())
    policy = ProofPolicy(
        audience=identifier,
        allowed_algs=frozenset(a for c in kinds.configurations for a in c.proof_algs),
        max_age=dt.timedelta(seconds=wallet.proof_max_age_seconds),
        max_future_skew=dt.timedelta(seconds=wallet.proof_max_skew_seconds),
        require_nonce=True,
    )
    return WalletIssuer(
        identifier=identifier,
        config=wallet,
        signing_key=key,
        identity=identity,
        endpoints=endpoints,
        policy=policy,
        tx_code=TxCodeSpec(length=wallet.tx_code_length, description=TX_CODE_DESCRIPTION),
        allow_http=allow_http,
        issuer_metadata=credential_issuer_metadata(
            issuer=identifier,
            endpoints=endpoints,
            configurations=kinds.configurations,
            display=display,
        ),
        authorization_server=authorization_server_metadata(
            issuer=identifier, token_endpoint=endpoints.token
        ),
        jwt_vc_issuer=_jwt_vc_issuer(identifier, key, private.public_key()),
        kinds=kinds,
        type_metadata_json={vct: jose.json_dumps(m) for vct, m in kinds.type_metadata.items()},
    )


def _jwt_vc_issuer(
    identifier: str, key: SigningKey, public: ec.EllipticCurvePublicKey
) -> dict[str, Any]:
    """JWT VC Issuer Metadata (SD-JWT VC §4): the x5c leaf's key again, for iss-based lookup."""
    jwk: dict[str, Any] = dict(jose.jwk_from_public_key(public))
    jwk.update(kid=jose.jwk_thumbprint(jwk), use="sig", alg=jose.SIGNING_ALG, x5c=x5c_chain(key))
    return {"issuer": identifier, "jwks": {"keys": [jwk]}}
