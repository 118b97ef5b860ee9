"""Issuer metadata (OID4VCI 1.0 §12.2, Appendix A), AS metadata (§12.3), SD-JWT VC Type Metadata."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal
from urllib.parse import urlsplit, urlunsplit

from gateway.core.oid4vci.requests import PRE_AUTHORIZED_GRANT
from gateway.errors import ConfigError

FORMAT_SD_JWT_VC: Final = "dc+sd-jwt"
FORMAT_JWT_VC_JSON: Final = "jwt_vc_json"
CredentialFormat = Literal["dc+sd-jwt", "jwt_vc_json"]
VC_BASE_TYPE: Final = "VerifiableCredential"
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
class SdJwtVcType:
    """An SD-JWT VC type: its ``vct`` and the Type Metadata served for it (draft -11 §6–8).

    Configurations that issue the same ``vct`` share one type (see ``type_metadata_by_vct``).
    """

    vct: str
    name: str
    """Developer-facing ``name`` of the Type Metadata."""
    display: tuple[Display, ...]
    claims: tuple[ClaimSpec, ...]
    description: str = ""

    def __post_init__(self) -> None:
        if not self.vct:
            raise ConfigError("an SD-JWT VC type needs a vct")
        _check_claims_and_display(self.vct, self.claims, self.display)

    def metadata(self) -> dict[str, Any]:
        out: dict[str, Any] = {"vct": self.vct, "name": self.name}
        if self.description:
            out["description"] = self.description
        out["display"] = [d.type_metadata() for d in self.display]
        out["claims"] = [c.type_metadata() for c in self.claims]
        return out


def _check_claims_and_display(
    owner: str, claims: Sequence[ClaimSpec], display: Sequence[Display]
) -> None:
    paths = [c.path for c in claims]
    if len(set(paths)) != len(paths):  # Appendix B.3: repeated claims abort processing
        raise ConfigError(f"{owner}: a claim is described twice")
    locales = [d.locale for d in display]
    if len(set(locales)) != len(locales):
        raise ConfigError(f"{owner}: one display object per locale")


@dataclass(frozen=True, kw_only=True)
class CredentialConfiguration:
    """One entry of ``credential_configurations_supported`` (§12.2.4) in one of two formats.

    ``dc+sd-jwt`` (Appendix A.3): ``vct_type`` gives ``vct`` and the type metadata.
    ``jwt_vc_json`` (Appendix A.1.1): ``credential_types`` is ``credential_definition.type``
    (a W3C VC signed as a JWT, no JSON-LD processing); no ``vct``, no type metadata.
    """

    id: str
    scope: str
    display: tuple[Display, ...]
    claims: tuple[ClaimSpec, ...]
    format: CredentialFormat = FORMAT_SD_JWT_VC
    vct_type: SdJwtVcType | None = None
    credential_types: tuple[str, ...] = ()
    signing_algs: tuple[str, ...] = ("ES256",)
    proof_algs: tuple[str, ...] = ("ES256",)

    def __post_init__(self) -> None:
        if not self.id or not self.scope:
            raise ConfigError("a credential configuration needs an id and a scope")
        _check_claims_and_display(self.id, self.claims, self.display)
        if self.format == FORMAT_SD_JWT_VC:
            if self.vct_type is None or self.credential_types:
                raise ConfigError(f"{self.id}: dc+sd-jwt needs a vct type, no credential types")
        elif self.format == FORMAT_JWT_VC_JSON:
            if self.vct_type is not None:
                raise ConfigError(f"{self.id}: jwt_vc_json has no vct")
            if VC_BASE_TYPE not in self.credential_types:
                raise ConfigError(f"{self.id}: jwt_vc_json types must include {VC_BASE_TYPE}")
            if len(set(self.credential_types)) != len(self.credential_types):
                raise ConfigError(f"{self.id}: a credential type is listed twice")
        else:
            raise ConfigError(f"{self.id}: unsupported credential format {self.format!r}")

    @property
    def vct(self) -> str | None:
        """The SD-JWT VC type (None for formats without one)."""
        return None if self.vct_type is None else self.vct_type.vct

    def oid4vci(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": self.format, "scope": self.scope}
        if self.vct_type is not None:
            out["vct"] = self.vct_type.vct
        if self.credential_types:
            out["credential_definition"] = {"type": list(self.credential_types)}
        out.update(
            {
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
        )
        return out


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
    if configuration.vct_type is None:
        raise ConfigError(f"{configuration.id}: {configuration.format} has no type metadata")
    return configuration.vct_type.metadata()


def type_metadata_by_vct(
    configurations: Sequence[CredentialConfiguration],
) -> dict[str, dict[str, Any]]:
    """The Type Metadata of every ``vct`` issued; configurations sharing a vct share its type."""
    types: dict[str, SdJwtVcType] = {}
    for configuration in configurations:
        vct_type = configuration.vct_type
        if vct_type is None:
            continue
        known = types.setdefault(vct_type.vct, vct_type)
        if known != vct_type:
            raise ConfigError(
                f"{configuration.id}: vct {vct_type.vct} is issued with other type metadata "
                "by another configuration; configurations sharing a vct share its type"
            )
    return {vct: t.metadata() for vct, t in types.items()}
