"""Issuer, authorization-server and type metadata: the shapes wallets read."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.core.oid4vci.credential import (
    ELM_CONFIGURATION,
    ELM_CONFIGURATION_ID,
    ELM_TYPE,
    ELM_VCT,
)
from gateway.core.oid4vci.metadata import (
    ClaimSpec,
    CredentialConfiguration,
    Display,
    Endpoints,
    authorization_server_metadata,
    check_issuer_identifier,
    credential_issuer_metadata,
    type_metadata,
    well_known_url,
)
from gateway.core.oid4vci.requests import PRE_AUTHORIZED_GRANT
from gateway.errors import ConfigError
from tests.core.oid4vci.support import ISSUER


def _issuer_metadata(**kw: Any) -> dict[str, Any]:
    return credential_issuer_metadata(
        issuer=ISSUER,
        endpoints=Endpoints.under(ISSUER),
        configurations=[ELM_CONFIGURATION],
        display=[Display("sv", "EMREX-gateway"), Display("en", "EMREX gateway")],
        **kw,
    )


def test_issuer_metadata_shape() -> None:
    metadata = _issuer_metadata()
    assert metadata["credential_issuer"] == ISSUER
    assert metadata["credential_endpoint"] == f"{ISSUER}/credential"
    assert metadata["nonce_endpoint"] == f"{ISSUER}/nonce"
    assert metadata["notification_endpoint"] == f"{ISSUER}/notification"
    assert "authorization_servers" not in metadata  # the issuer is its own AS
    assert "batch_credential_issuance" not in metadata
    assert metadata["display"] == [
        {"name": "EMREX-gateway", "locale": "sv"},
        {"name": "EMREX gateway", "locale": "en"},
    ]
    config = metadata["credential_configurations_supported"][ELM_CONFIGURATION_ID]
    assert config["format"] == "dc+sd-jwt"
    assert config["vct"] == ELM_VCT == "urn:eudi:elm:1"
    assert config["scope"] == "elm_transcript"
    assert config["cryptographic_binding_methods_supported"] == ["jwk"]
    assert config["credential_signing_alg_values_supported"] == ["ES256"]  # JOSE names (A.3.2)
    assert config["proof_types_supported"] == {
        "jwt": {"proof_signing_alg_values_supported": ["ES256"]}
    }
    assert "key_attestations_required" not in config["proof_types_supported"]["jwt"]
    assert "display" not in config
    assert "claims" not in config
    display = config["credential_metadata"]["display"]
    assert {d["locale"] for d in display} == {"sv", "en"}
    assert all(d["name"] for d in display)


def test_claims_use_path_arrays_with_null_for_arrays() -> None:
    config = _issuer_metadata()["credential_configurations_supported"][ELM_CONFIGURATION_ID]
    claims = config["credential_metadata"]["claims"]
    paths = [c["path"] for c in claims]
    assert ["given_name"] in paths
    assert ["elm"] in paths
    assert ["achievements", None] in paths
    for claim in claims:
        assert isinstance(claim["path"], list)
        assert claim["path"]
        assert all(isinstance(e, str | int) or e is None for e in claim["path"])
        assert not any(isinstance(e, str) and "[" in e for e in claim["path"])  # no "hasClaim[0]"
        for display in claim.get("display", []):
            assert set(display) == {"name", "locale"}
    labelled = [c for c in claims if c.get("display")]
    assert all({d["locale"] for d in c["display"]} == {"sv", "en"} for c in labelled)


def test_batch_and_deferred_are_advertised_only_when_configured() -> None:
    endpoints = Endpoints(
        credential="https://i.example/c",
        nonce="https://i.example/n",
        notification="https://i.example/no",
        token="https://i.example/t",
        deferred_credential="https://i.example/d",
    )
    metadata = credential_issuer_metadata(
        issuer="https://i.example",
        endpoints=endpoints,
        configurations=[ELM_CONFIGURATION],
        batch_size=3,
    )
    assert metadata["batch_credential_issuance"] == {"batch_size": 3}
    assert metadata["deferred_credential_endpoint"] == "https://i.example/d"


def test_authorization_server_metadata() -> None:
    metadata = authorization_server_metadata(issuer=ISSUER, token_endpoint=f"{ISSUER}/token")
    assert metadata["issuer"] == ISSUER
    assert metadata["token_endpoint"] == f"{ISSUER}/token"
    assert metadata["grant_types_supported"] == [PRE_AUTHORIZED_GRANT]
    assert metadata["pre-authorized_grant_anonymous_access_supported"] is True


def test_type_metadata() -> None:
    metadata = type_metadata(ELM_CONFIGURATION)
    assert metadata["vct"] == ELM_VCT
    assert {d["locale"] for d in metadata["display"]} == {"sv", "en"}
    assert all(
        set(d) <= {"locale", "name", "description", "rendering"} for d in metadata["display"]
    )
    by_path = {tuple(c["path"]): c for c in metadata["claims"]}
    assert by_path[("elm",)]["sd"] == "always"
    assert by_path[("achievements", None)]["sd"] == "always"
    assert "display" not in by_path[("achievements", None)]
    assert by_path[("given_name",)]["display"][0] == {"locale": "en", "label": "Given name"}
    svg_ids = [c["svg_id"] for c in metadata["claims"] if "svg_id" in c]
    assert len(svg_ids) == len(set(svg_ids))


def test_display_rendering() -> None:
    display = Display(
        "en",
        "X",
        logo_uri="https://i.example/logo.png",
        logo_alt_text="logo",
        background_color="#12107c",
    )
    assert display.oid4vci()["logo"] == {"uri": "https://i.example/logo.png", "alt_text": "logo"}
    assert display.type_metadata()["rendering"] == {
        "simple": {
            "logo": {"uri": "https://i.example/logo.png", "alt_text": "logo"},
            "background_color": "#12107c",
        }
    }


@pytest.mark.parametrize(
    ("identifier", "name", "url"),
    [
        (
            "https://gw.example.edu",
            "openid-credential-issuer",
            "https://gw.example.edu/.well-known/openid-credential-issuer",
        ),
        (
            "https://gw.example.edu/",
            "openid-credential-issuer",
            "https://gw.example.edu/.well-known/openid-credential-issuer",
        ),
        (
            "https://example.com/tenant",
            "openid-credential-issuer",
            "https://example.com/.well-known/openid-credential-issuer/tenant",
        ),
        (
            "https://example.com:8443/a/b",
            "oauth-authorization-server",
            "https://example.com:8443/.well-known/oauth-authorization-server/a/b",
        ),
    ],
)
def test_well_known_url(identifier: str, name: str, url: str) -> None:
    assert well_known_url(identifier, name) == url


def test_issuer_identifier_rules() -> None:
    assert (
        check_issuer_identifier("https://gw.example.edu/tenant") == "https://gw.example.edu/tenant"
    )
    assert check_issuer_identifier("http://localhost:8080", allow_http_loopback=True)
    for bad in (
        "http://gw.example.edu",
        "https://gw.example.edu?x=1",
        "https://gw.example.edu#f",
        "https:///path",
        "ftp://x",
    ):
        with pytest.raises(ConfigError):
            check_issuer_identifier(bad, allow_http_loopback=True)


def test_configuration_consistency() -> None:
    with pytest.raises(ConfigError):
        ClaimSpec(())
    with pytest.raises(ConfigError):
        ClaimSpec(("a", -1))
    with pytest.raises(ConfigError, match="twice"):
        CredentialConfiguration(
            id="x",
            scope="x",
            display=(),
            claims=(ClaimSpec(("a",)), ClaimSpec(("a",))),
            vct_type=ELM_TYPE,
        )
    with pytest.raises(ConfigError, match="locale"):
        CredentialConfiguration(
            id="x",
            scope="x",
            display=(Display("en", "a"), Display("en", "b")),
            claims=(),
            vct_type=ELM_TYPE,
        )
    with pytest.raises(ConfigError, match="unique"):
        credential_issuer_metadata(
            issuer=ISSUER, endpoints=Endpoints.under(ISSUER), configurations=[ELM_CONFIGURATION] * 2
        )
    with pytest.raises(ConfigError):
        credential_issuer_metadata(
            issuer=ISSUER, endpoints=Endpoints.under(ISSUER), configurations=[]
        )
