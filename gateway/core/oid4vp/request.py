"""The signed authorization request by reference (OpenID4VP 1.0 §5, §5.9, §5.10, §6; HAIP 1.0 §5).

``client_id`` carries its prefix: ``x509_hash:<base64url SHA-256 of the DER leaf>`` (HAIP) or
``x509_san_dns:<host>``; the request object is a JWS with ``typ oauth-authz-req+jwt``, ES256 and
the ``x5c`` of the signing key (leaf first, no trust anchor).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Final
from urllib.parse import urlencode

from gateway.core import jose
from gateway.core.jwe import CONTENT_ENCRYPTIONS
from gateway.core.keys import SigningKey
from gateway.core.microcredentials.flat import VCT as MICRO_VCT
from gateway.core.oid4vp.presentation import DC_SD_JWT
from gateway.core.x5c import sign_with_x5c
from gateway.errors import ConfigError

REQUEST_TYP: Final = "oauth-authz-req+jwt"
REQUEST_MEDIA_TYPE: Final = "application/oauth-authz-req+jwt"
SELF_ISSUED_AUDIENCE: Final = "https://self-issued.me/v2"
DIRECT_POST: Final = "direct_post"
DIRECT_POST_JWT: Final = "direct_post.jwt"
X509_HASH: Final = "x509_hash"
X509_SAN_DNS: Final = "x509_san_dns"
ELM_VCT: Final = "urn:eudi:elm:1"

CLAIMS_BY_VCT: Final[Mapping[str, tuple[tuple[str, ...], ...]]] = {
    # our ELM credentials (transcript and micro-credential ELM kinds) and DC4EU's: the whole
    # ELM document is one disclosure; names and birth date are inside it (person match)
    ELM_VCT: (("elm",),),
    # the flat micro-credential (SUNET type metadata): what ELMO needs and the person match
    MICRO_VCT: tuple(
        (name,)
        for name in (
            "title",
            "awardingBody",
            "issuerCountry",
            "notionalWorkload",
            "level",
            "issuanceDate",
            "givenName",
            "familyName",
        )
    ),
}
"""Claims asked for per vct; a vct not listed asks for the always-disclosed parts only."""

OPTIONAL_CLAIMS_BY_VCT: Final[Mapping[str, tuple[str, ...]]] = {
    # a pass/fail course has no grade, a learner may lack a birth date or a national id
    MICRO_VCT: ("grade", "gradingScheme", "dateOfBirth", "nationalID", "awardingBodyIdentifier"),
}
"""Top-level claims asked for when the credential has them (DCQL ``claim_sets``, §6.4.1)."""


def client_id(prefix: str, signing_key: SigningKey, dns_name: str | None = None) -> str:
    """The client identifier with its prefix (OpenID4VP 1.0 §5.9.3)."""
    if prefix == X509_HASH:
        digest = hashlib.sha256(signing_key.certificate_der).digest()
        return f"{X509_HASH}:{jose.b64url_encode(digest)}"
    if prefix == X509_SAN_DNS:
        if not dns_name:
            raise ConfigError("[verifier] client_id_prefix x509_san_dns needs a DNS host name")
        return f"{X509_SAN_DNS}:{dns_name}"
    raise ConfigError(f"[verifier] client_id_prefix {prefix!r}: x509_hash or x509_san_dns")


def _with_optional(required: Sequence[tuple[str, ...]], optional: Sequence[str]) -> dict[str, Any]:
    """Claim queries with ids and ``claim_sets`` from every optional claim down to none: the
    wallet takes the first set its credential satisfies (DCQL §6.4.1), so an absent grade does
    not make the credential unmatched and a present one is disclosed."""
    ids = ["_".join(path) for path in required]
    claims = [{"id": i, "path": list(p)} for i, p in zip(ids, required, strict=True)]
    claims += [{"id": name, "path": [name]} for name in optional]
    sets = [
        ids + [name for name in optional if name in chosen]
        for size in range(len(optional), -1, -1)
        for chosen in combinations(optional, size)
    ]
    return {"claims": claims, "claim_sets": sets}


def query_id(index: int) -> str:
    return f"credential_{index}"


def dcql_query(vct_values: Sequence[str], formats: Sequence[str] = (DC_SD_JWT,)) -> dict[str, Any]:
    """One credential query per accepted vct, any one of them will do (``credential_sets``)."""
    if not vct_values:
        raise ConfigError("[verifier] vct_values must name at least one credential type")
    credentials: list[dict[str, Any]] = []
    for index, vct in enumerate(vct_values):
        query: dict[str, Any] = {
            "id": query_id(index),
            "format": formats[0],
            "meta": {"vct_values": [vct]},
        }
        paths = CLAIMS_BY_VCT.get(vct)
        if paths:
            query["claims"] = [{"path": list(path)} for path in paths]
        optional = OPTIONAL_CLAIMS_BY_VCT.get(vct)
        if paths and optional:
            query.update(_with_optional(paths, optional))
        credentials.append(query)
    query_set = {"options": [[c["id"]] for c in credentials], "required": True}
    return {"credentials": credentials, "credential_sets": [query_set]}


@dataclass(frozen=True)
class RequestParameters:
    """What one transaction's request object says (besides the fixed members)."""

    client_id: str
    response_uri: str
    response_mode: str
    nonce: str
    state: str
    dcql: Mapping[str, Any]
    encryption_jwk: Mapping[str, Any]
    issued_at: int
    expires_at: int
    wallet_nonce: str | None = None


def request_claims(params: RequestParameters) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "iss": params.client_id,
        "aud": SELF_ISSUED_AUDIENCE,
        "iat": params.issued_at,
        "exp": params.expires_at,
        "client_id": params.client_id,
        "response_type": "vp_token",
        "response_mode": params.response_mode,
        "response_uri": params.response_uri,
        "nonce": params.nonce,
        "state": params.state,
        "dcql_query": dict(params.dcql),
        "client_metadata": {
            "jwks": {"keys": [dict(params.encryption_jwk)]},
            "encrypted_response_enc_values_supported": sorted(CONTENT_ENCRYPTIONS),
            "vp_formats_supported": {
                DC_SD_JWT: {"sd-jwt_alg_values": ["ES256"], "kb-jwt_alg_values": ["ES256"]}
            },
        },
    }
    if params.wallet_nonce is not None:
        claims["wallet_nonce"] = params.wallet_nonce
    return claims


def sign_request(params: RequestParameters, signing_key: SigningKey) -> str:
    """The request object as a compact JWS (``x5c`` leaf first, never the anchor)."""
    header = {"typ": REQUEST_TYP, "alg": jose.SIGNING_ALG}
    return sign_with_x5c(header, jose.json_dumps(request_claims(params)), signing_key)


def invocation_url(scheme: str, client_id_value: str, request_uri: str) -> str:
    """``openid4vp://?client_id=…&request_uri=…`` (by reference only, §5.7): QR and link."""
    base = scheme if scheme.endswith("?") else (scheme if "?" in scheme else f"{scheme}?")
    if "://" not in scheme:
        raise ConfigError("[verifier] authorization_endpoint must be a URL or a scheme://")
    query = urlencode({"client_id": client_id_value, "request_uri": request_uri})
    return f"{base}{query}" if base.endswith("?") else f"{base}&{query}"
