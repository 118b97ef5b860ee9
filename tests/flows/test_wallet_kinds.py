"""The credential kind registry: what it refuses at start-up, and identifiers by position."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import cast

import pytest

from gateway.core.keys import SigningKey, issue_certificate, new_ec_key, write_key_pair
from gateway.core.oid4vci.credential import ELM_CONFIGURATION, ELM_TYPE
from gateway.errors import ConfigError
from gateway.flows.wallet.issuer import load_wallet_issuer
from gateway.flows.wallet.kinds import KINDS
from gateway.flows.wallet.kinds.base import CredentialKind
from gateway.flows.wallet.kinds.registry import KindRegistry
from gateway.flows.wallet.kinds.transcript import TranscriptKind
from gateway.flows.wallet.protocol import authorization_details, identifiers
from tests.tools import settings_for
from tests.web.wallet.course_kind import COURSE_CONFIGURATION, CourseKind


def _kind(base: type[CredentialKind], **changes: object) -> CredentialKind:
    """An instance of a subclass of ``base`` with class attributes changed."""
    return cast(CredentialKind, type("Changed", (base,), changes)())


def test_kinds_must_not_share_ids_prefixes_or_fields() -> None:
    transcript, course = TranscriptKind(), CourseKind()
    assert KindRegistry((transcript, course)).fields == ("result", "import_id", "test_course")
    with pytest.raises(ConfigError, match="configuration id"):
        KindRegistry((transcript, _kind(CourseKind, configuration=ELM_CONFIGURATION)))
    with pytest.raises(ConfigError, match="prefixes"):
        KindRegistry((transcript, _kind(CourseKind, identifier_prefix="elm")))
    with pytest.raises(ConfigError, match="prefixes"):
        KindRegistry((transcript, _kind(CourseKind, identifier_prefix="my-kind")))
    with pytest.raises(ConfigError, match="form field"):
        KindRegistry((transcript, _kind(CourseKind, fields=("result",))))
    with pytest.raises(ConfigError, match="at least one"):
        KindRegistry(())


def test_a_shared_vct_with_other_type_metadata_stops_the_start() -> None:
    other = replace(COURSE_CONFIGURATION, vct_type=replace(ELM_TYPE, name="Not the ELM type"))
    with pytest.raises(ConfigError, match="share its type"):
        KindRegistry((TranscriptKind(), _kind(CourseKind, configuration=other)))
    same = replace(COURSE_CONFIGURATION, vct_type=ELM_TYPE)
    shared = KindRegistry((TranscriptKind(), _kind(CourseKind, configuration=same)))
    assert list(shared.type_metadata) == [ELM_TYPE.vct]


def test_identifiers_follow_positions_and_kinds() -> None:
    kinds = KindRegistry((TranscriptKind(), CourseKind()))
    offer = ("elm_transcript_sd_jwt", "elm_transcript_sd_jwt", "test_course_sd_jwt")
    assert identifiers(kinds, offer) == ["elm-1", "elm-2", "course-3"]
    assert authorization_details(kinds, offer) == [
        {
            "type": "openid_credential",
            "credential_configuration_id": "elm_transcript_sd_jwt",
            "credential_identifiers": ["elm-1", "elm-2"],
        },
        {
            "type": "openid_credential",
            "credential_configuration_id": "test_course_sd_jwt",
            "credential_identifiers": ["course-3"],
        },
    ]


def test_the_issuer_lists_every_registered_configuration(
    tmp_path: Path, schema_dir: Path, dev_ca: SigningKey
) -> None:
    key = issue_certificate(dev_ca, new_ec_key(), "Issuer", "emrex-gateway tests", "SE")
    write_key_pair(key, tmp_path / "w.crt", tmp_path / "w.key")
    wallet: dict[str, object] = {
        "signing_cert": str(tmp_path / "w.crt"),
        "signing_key": str(tmp_path / "w.key"),
    }
    settings = settings_for(
        schema_dir, tmp_path, wallet=wallet, gateway={"environment": "development"}
    )
    default = load_wallet_issuer(settings)
    assert [k.configuration_id for k in default.kinds] == [k.configuration_id for k in KINDS]
    both = load_wallet_issuer(settings, KindRegistry((*KINDS, CourseKind())))
    supported = both.issuer_metadata["credential_configurations_supported"]
    assert list(supported) == [*(k.configuration_id for k in KINDS), "test_course_sd_jwt"]
    assert next(iter(supported)) == "elm_transcript_sd_jwt"
    # a jwt_vc_json configuration (the badge) has no vct and no type metadata
    vcts = {v for k in KINDS if (v := k.configuration.vct)} | {"urn:test:course:1"}
    assert set(both.type_metadata_json) == vcts
    assert {"urn:eudi:elm:1", "VerifiableMicroCredential", "urn:eudi:diploma:1"} <= vcts
