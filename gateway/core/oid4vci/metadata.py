"""Issuer metadata (OID4VCI 1.0 §12.2), AS metadata (§12.3) and SD-JWT VC Type Metadata."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal
from urllib.parse import urlsplit, urlunsplit

from gateway.core.oid4vci.requests import PRE_AUTHORIZED_GRANT
from gateway.errors import ConfigError

FORMAT_SD_JWT_VC: Final = "dc+sd-jwt"
LOOPBACK_HOSTS: Final = frozenset({"localhost", "127.0.0.1", "::1"})

PathElement = str | int | None
"""A claims path pointer element (OID4VCI Appendix C): key, index, or None for all elements."""


@dataclass(frozen=True)
class Display:
    """Display properties for one locale (issuer, credential configuration or type)."""

    locale: str
    name: str
    description: str | None = None
    logo_uri: str | None = None
    logo_alt_text: str | None = None
    background_color: str | None = None
    text_color: str | None = None

    def _logo(self) -> dict[str, str] | None:
        if self.logo_uri is None:
            return None
        logo = {"uri": self.logo_uri}
        if self.logo_alt_text:
            logo["alt_text"] = self.logo_alt_text
        return logo

    def oid4vci(self) -> dict[str, Any]:
        """As in ``display`` of issuer metadata and ``credential_metadata`` (§12.2.4)."""
        out: dict[str, Any] = {"name": self.name, "locale": self.locale}
        optional = {
            "logo": self._logo(),
            "description": self.description,
            "background_color": self.background_color,
            "text_color": self.text_color,
        }
        out.update({k: v for k, v in optional.items() if v is not None})
        return out

    def type_metadata(self) -> dict[str, Any]:
        """As in SD-JWT VC Type Metadata ``display`` (locale, name, description, rendering)."""
        out: dict[str, Any] = {"locale": self.locale, "name": self.name}
        if self.description:
            out["description"] = self.description
        simple = {
            "logo": self._logo(),
            "background_color": self.background_color,
            "text_color": self.text_color,
        }
        simple = {k: v for k, v in simple.items() if v is not None}
        if simple:
            out["rendering"] = {"simple": simple}
        return out


@dataclass(frozen=True)
class ClaimSpec:
    """One claim of a credential type: where it is, how to label it, whether it is disclosable."""

    path: tuple[PathElement, ...]
    labels: Mapping[str, str] = field(default_factory=dict)
    """locale → label; empty for a claim that needs no display entry."""
    mandatory: bool = False
    sd: Literal["always", "allowed", "never"] = "always"
    svg_id: str | None = None

    def __post_init__(self) -> None:
        if not self.path:
            raise ConfigError("a claims path pointer must not be empty")
        for element in self.path:
            if isinstance(element, bool) or (isinstance(element, int) and element < 0):
                raise ConfigError(f"bad claims path element {element!r}")

    def oid4vci(self) -> dict[str, Any]:
        """A claims description object for issuer metadata (OID4VCI Appendix B.2)."""
        out: dict[str, Any] = {"path": list(self.path)}
        if self.mandatory:
            out["mandatory"] = True
        if self.labels:
            out["display"] = [{"name": n, "locale": loc} for loc, n in self.labels.items()]
        return out

    def type_metadata(self) -> dict[str, Any]:
        """A claim metadata object for SD-JWT VC Type Metadata (-11 §8)."""
        out: dict[str, Any] = {"path": list(self.path)}
        if self.labels:
            out["display"] = [{"locale": loc, "label": n} for loc, n in self.labels.items()]
        if self.mandatory:
            out["mandatory"] = True
        out["sd"] = self.sd
        if self.svg_id:
            out["svg_id"] = self.svg_id
        return out


@dataclass(frozen=True)
class CredentialConfiguration:
    """One entry of ``credential_configurations_supported`` for format ``dc+sd-jwt``."""

    id: str
    vct: str
    scope: str
    display: tuple[Display, ...]
    claims: tuple[ClaimSpec, ...]
    type_name: str
    """Developer-facing ``name`` of the Type Metadata."""
    type_description: str = ""
    signing_algs: tuple[str, ...] = ("ES256",)
    proof_algs: tuple[str, ...] = ("ES256",)

    def __post_init__(self) -> None:
        paths = [c.path for c in self.claims]
        if len(set(paths)) != len(paths):  # Appendix B.3: repeated claims abort processing
            raise ConfigError(f"{self.id}: a claim is described twice")
        locales = [d.locale for d in self.display]
        if len(set(locales)) != len(locales):
            raise ConfigError(f"{self.id}: one display object per locale")

    def oid4vci(self) -> dict[str, Any]:
        return {
            "format": FORMAT_SD_JWT_VC,
            "scope": self.scope,
            "vct": self.vct,
            "cryptographic_binding_methods_supported": ["jwk"],
            "credential_signing_alg_values_supported": list(self.signing_algs),
            "proof_types_supported": {
                "jwt": {"proof_signing_alg_values_supported": list(self.proof_algs)}
            },
            "credential_metadata": {
                "display": [d.oid4vci() for d in self.display],
                "claims": [c.oid4vci() for c in self.claims],
            },
        }


def check_issuer_identifier(url: str, *, allow_http_loopback: bool = False) -> str:
    """A Credential Issuer Identifier: https, a host, no query or fragment (§12.2.1)."""
    parts = urlsplit(url)
    loopback = parts.scheme == "http" and allow_http_loopback and parts.hostname in LOOPBACK_HOSTS
    if parts.scheme != "https" and not loopback:
        raise ConfigError(f"credential issuer {url!r} must use https")
    if not parts.hostname or parts.query or parts.fragment or "?" in url or "#" in url:
        raise ConfigError(f"credential issuer {url!r} needs a host and no query or fragment")
    return url


def well_known_url(identifier: str, name: str) -> str:
    """``/.well-known/<name>`` inserted between host and path (§12.2.2, RFC 8414 §3)."""
    parts = urlsplit(identifier)
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, f"/.well-known/{name}{path}", "", ""))


@dataclass(frozen=True)
class Endpoints:
    """The absolute URLs of the wallet-facing endpoints (web/routes.py owns the paths)."""

    credential: str
    nonce: str
    notification: str
    token: str
    deferred_credential: str | None = None

    @classmethod
    def under(cls, issuer: str) -> Endpoints:
        """The default layout: ``<issuer>/credential``, ``/nonce``, ``/notification``, ``/token``
        (the layout of the example messages in notes/elm-wallet.md §3.3)."""
        base = issuer.rstrip("/")
        return cls(
            credential=f"{base}/credential",
            nonce=f"{base}/nonce",
            notification=f"{base}/notification",
            token=f"{base}/token",
        )


def credential_issuer_metadata(
    *,
    issuer: str,
    endpoints: Endpoints,
    configurations: Sequence[CredentialConfiguration],
    display: Sequence[Display] = (),
    authorization_servers: Sequence[str] = (),
    batch_size: int = 1,
) -> dict[str, Any]:
    """The JSON for ``/.well-known/openid-credential-issuer`` (unsigned, §12.2.4).

    ``authorization_servers`` stays empty when the issuer is its own AS (our case).
    """
    if not configurations:
        raise ConfigError("at least one credential configuration is needed")
    ids = [c.id for c in configurations]
    if len(set(ids)) != len(ids):
        raise ConfigError("credential configuration ids must be unique")
    metadata: dict[str, Any] = {"credential_issuer": issuer}
    if authorization_servers:
        metadata["authorization_servers"] = list(authorization_servers)
    metadata["credential_endpoint"] = endpoints.credential
    metadata["nonce_endpoint"] = endpoints.nonce
    if endpoints.deferred_credential:
        metadata["deferred_credential_endpoint"] = endpoints.deferred_credential
    metadata["notification_endpoint"] = endpoints.notification
    if batch_size > 1:
        metadata["batch_credential_issuance"] = {"batch_size": batch_size}
    if display:
        metadata["display"] = [d.oid4vci() for d in display]
    metadata["credential_configurations_supported"] = {c.id: c.oid4vci() for c in configurations}
    return metadata


def authorization_server_metadata(
    *, issuer: str, token_endpoint: str, anonymous_access: bool = True
) -> dict[str, Any]:
    """The JSON for ``/.well-known/oauth-authorization-server`` (RFC 8414; OID4VCI §12.3).

    A pre-authorized-only AS may omit ``response_types_supported`` (§12.2.4, last note).
    """
    return {
        "issuer": issuer,
        "token_endpoint": token_endpoint,
        "grant_types_supported": [PRE_AUTHORIZED_GRANT],
        "token_endpoint_auth_methods_supported": ["none"],
        "pre-authorized_grant_anonymous_access_supported": anonymous_access,
    }


def type_metadata(configuration: CredentialConfiguration) -> dict[str, Any]:
    """SD-JWT VC Type Metadata for the configuration's ``vct`` (draft -11 §6–8)."""
    out: dict[str, Any] = {"vct": configuration.vct, "name": configuration.type_name}
    if configuration.type_description:
        out["description"] = configuration.type_description
    out["display"] = [d.type_metadata() for d in configuration.display]
    out["claims"] = [c.type_metadata() for c in configuration.claims]
    return out
