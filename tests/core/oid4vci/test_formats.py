"""Credential configurations in both formats (OID4VCI 1.0 Appendix A.1.1, A.3) and shared vcts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gateway.core.oid4vci.credential import ELM_CONFIGURATION, ELM_TYPE, ELM_VCT
from gateway.core.oid4vci.metadata import (
    ClaimSpec,
    CredentialConfiguration,
    Display,
    Endpoints,
    credential_issuer_metadata,
    type_metadata,
    type_metadata_by_vct,
)
from gateway.errors import ConfigError
from tests.core.oid4vci.support import ISSUER

BADGE = CredentialConfiguration(
    id="test_badge_jwt_vc",
    format="jwt_vc_json",
    scope="test_badge",
    display=(Display("en", "Badge"), Display("sv", "Märke")),
    claims=(
        ClaimSpec(("credentialSubject", "achievement", "name"), {"en": "Course", "sv": "Kurs"}),
    ),
    credential_types=("VerifiableCredential", "OpenBadgeCredential"),
)


def test_jwt_vc_json_has_a_credential_definition_and_no_vct() -> None:
    metadata = credential_issuer_metadata(
        issuer=ISSUER, endpoints=Endpoints.under(ISSUER), configurations=[ELM_CONFIGURATION, BADGE]
    )
    supported = metadata["credential_configurations_supported"]
    assert list(supported) == ["elm_transcript_sd_jwt", "test_badge_jwt_vc"]
    badge = supported["test_badge_jwt_vc"]
    assert badge["format"] == "jwt_vc_json"
    assert badge["credential_definition"] == {
        "type": ["VerifiableCredential", "OpenBadgeCredential"]
    }
    assert "vct" not in badge
    assert badge["credential_signing_alg_values_supported"] == ["ES256"]
    assert badge["proof_types_supported"]["jwt"]["proof_signing_alg_values_supported"] == ["ES256"]
    assert badge["credential_metadata"]["claims"] == [
        {
            "path": ["credentialSubject", "achievement", "name"],
            "display": [{"name": "Course", "locale": "en"}, {"name": "Kurs", "locale": "sv"}],
        }
    ]
    sd_jwt = supported["elm_transcript_sd_jwt"]
    assert sd_jwt["vct"] == ELM_VCT
    assert "credential_definition" not in sd_jwt
    assert BADGE.vct is None
    with pytest.raises(ConfigError, match="no type metadata"):
        type_metadata(BADGE)
    assert list(type_metadata_by_vct([ELM_CONFIGURATION, BADGE])) == [ELM_VCT]


def test_each_format_gets_only_its_own_members() -> None:
    with pytest.raises(ConfigError, match="VerifiableCredential"):
        replace(BADGE, credential_types=("OpenBadgeCredential",))
    with pytest.raises(ConfigError, match="no vct"):
        replace(BADGE, vct_type=ELM_TYPE)
    with pytest.raises(ConfigError, match="twice"):
        replace(BADGE, credential_types=("VerifiableCredential", "VerifiableCredential"))
    with pytest.raises(ConfigError, match="vct type"):
        replace(ELM_CONFIGURATION, vct_type=None)
    with pytest.raises(ConfigError, match="vct type"):
        replace(ELM_CONFIGURATION, credential_types=("VerifiableCredential",))
    with pytest.raises(ConfigError, match="unsupported"):
        replace(ELM_CONFIGURATION, format="mso_mdoc")  # type: ignore[arg-type]


def test_configurations_sharing_a_vct_share_its_type_metadata() -> None:
    micro = replace(
        ELM_CONFIGURATION,
        id="test_micro_sd_jwt",
        display=(Display("en", "Micro-credential"),),
        claims=(ClaimSpec(("elm",), {"en": "ELM"}),),
    )
    served = type_metadata_by_vct([ELM_CONFIGURATION, micro])
    assert served == {ELM_VCT: type_metadata(ELM_CONFIGURATION)}
    assert type_metadata(micro) == type_metadata(ELM_CONFIGURATION)
    other_type = replace(ELM_TYPE, name="Another ELM type")
    with pytest.raises(ConfigError, match="share its type"):
        type_metadata_by_vct([ELM_CONFIGURATION, replace(micro, vct_type=other_type)])
