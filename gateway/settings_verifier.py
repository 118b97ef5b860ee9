"""The [verifier] section of the configuration: the OpenID4VP 1.0 verifier (issue #14).
Loaded by gateway.settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

DEFAULT_VCT_VALUES = ("urn:eudi:elm:1", "VerifiableMicroCredential", "urn:eudi:diploma:1")


@dataclass(frozen=True)
class VerifierSection:
    """``/wallet/present``: learners present credentials from their wallet to the gateway."""

    enabled: bool = True
    # The request-object key (ES256 + certificate issued by a CA, never self-signed); unset:
    # the [wallet] issuer key signs requests too.
    signing_cert: Path | None = None
    signing_key: Path | None = None
    client_id_prefix: Literal["x509_hash", "x509_san_dns"] = "x509_hash"
    dns_name: str = ""
    authorization_endpoint: str = "openid4vp://"
    response_mode: Literal["direct_post.jwt", "direct_post"] = "direct_post.jwt"
    trust_anchors: tuple[Path, ...] = ()
    issuer_allow_list: tuple[str, ...] = ()
    vct_values: tuple[str, ...] = field(default_factory=lambda: DEFAULT_VCT_VALUES)
    formats: tuple[Literal["dc+sd-jwt", "vc+sd-jwt"], ...] = ("dc+sd-jwt",)
    transaction_minutes: int = 5
    key_binding_max_age_seconds: int = 300
    clock_skew_seconds: int = 60
    max_presentation_bytes: int = 1024 * 1024

    def __post_init__(self) -> None:
        if self.transaction_minutes < 1 or self.key_binding_max_age_seconds < 1:
            raise ValueError("transaction_minutes and key_binding_max_age_seconds must be >= 1")
        if self.clock_skew_seconds < 0:
            raise ValueError("clock_skew_seconds must be >= 0")
        if self.max_presentation_bytes < 4096:
            raise ValueError("max_presentation_bytes must be at least 4096")
        if not self.vct_values or not all(self.vct_values):
            raise ValueError("vct_values must name at least one credential type")
        if "dc+sd-jwt" not in self.formats:
            raise ValueError('formats must contain "dc+sd-jwt" (vc+sd-jwt is an addition)')
        if (self.signing_cert is None) != (self.signing_key is None):
            raise ValueError("signing_cert and signing_key go together: set both or neither")
        if self.client_id_prefix == "x509_san_dns" and not self.dns_name:
            raise ValueError("client_id_prefix x509_san_dns needs dns_name")
