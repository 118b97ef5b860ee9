"""The flat micro-credential's claims equal the ELM micro-credential's values for one course."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from gateway.core.microcredentials import elm_micro_credential, result_candidate
from gateway.core.microcredentials.configurations import MICRO_FLAT_TYPE
from gateway.core.microcredentials.flat import (
    ELEMENT_CLAIMS,
    VCT,
    disclosable,
    flat_micro_credential,
)
from gateway.core.sdjwt import SD
from tests.core.elm import fixtures
from tests.core.microcredentials.factories import (
    DATA,
    KARIN,
    RESULT,
    SYLLABUS,
    UKA,
    UU,
    course,
    data,
    result,
)
from tests.core.microcredentials.same_values import assert_same_values

ISSUED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _both(**result_changes: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    candidate = result_candidate(KARIN, UU, result(**result_changes), DATA)
    elm = elm_micro_credential(candidate, issuer=fixtures.ISSUER, issued=ISSUED)
    flat = flat_micro_credential(candidate, credential_id=elm["id"], issued=ISSUED)
    return elm, flat


def test_values_equal_the_elm_credentials() -> None:
    elm, flat = _both()
    assert_same_values(flat, elm)
    assert flat["accreditation"][0]["accreditingAgent"] == UKA.agent_name_en
    assert flat["attestation_legal_category"] == "non-qualified-EAA"


def test_hours_when_there_are_no_credits() -> None:
    _, flat = _both(opportunity=course(credits=None), credits=None)
    assert flat["notionalWorkload"] == {"value": 200, "unit": "hours"}


def test_every_element_is_a_claim_and_disclosable() -> None:
    _, flat = _both()
    marked = disclosable(flat)
    for names in ELEMENT_CLAIMS.values():
        for name in names:
            assert isinstance(marked[name], SD), name
    assert marked["attestation_legal_category"] == "non-qualified-EAA"
    assert sum(not isinstance(v, SD) for v in marked.values()) == 1


def test_an_incomplete_course_has_no_flat_credential() -> None:
    candidate = result_candidate(KARIN, UU, RESULT, data(replace(SYLLABUS, assessment=()), UKA))
    with pytest.raises(ValueError, match="not a complete micro-credential"):
        flat_micro_credential(candidate, credential_id="urn:x", issued=ISSUED)


VCTM = "wallet/SUNET_vc/metadata/vctm_microcredential.json"
SD_JWT_VC_LAYER = {"iss", "iat", "nbf", "exp", "jti", "cnf", "status", "vct"}


def test_claims_follow_the_official_type_metadata(schema_dir: Path) -> None:
    """Names and rules of the WE BUILD type (SUNET/vc), read from the schema directory."""
    vctm = json.loads((schema_dir / VCTM).read_text(encoding="utf-8"))
    assert vctm["vct"] == VCT
    rules = {c["path"][0]: c for c in vctm["claims"] if len(c["path"]) == 1}
    _, flat = _both()
    mandatory = {n for n, rule in rules.items() if rule.get("mandatory")} - SD_JWT_VC_LAYER
    assert mandatory <= set(flat)
    # Annex I but the level ("if applicable"; two names for the learner), identifier, category
    assert len(mandatory) == 13
    for name, value in disclosable(flat).items():
        assert name in rules, f"{name} is not a claim of the type"
        assert isinstance(value, SD) is (rules[name]["sd"] != "never"), name


def test_our_type_metadata_follows_the_official_rules(schema_dir: Path) -> None:
    official = json.loads((schema_dir / VCTM).read_text(encoding="utf-8"))
    rules = {c["path"][0]: c for c in official["claims"] if len(c["path"]) == 1}
    ours = MICRO_FLAT_TYPE.metadata()
    assert ours["vct"] == official["vct"] == VCT
    declared = {c["path"][0]: c for c in ours["claims"]}
    for name, claim in declared.items():
        assert claim["path"] == [name]
        assert claim["sd"] == rules[name]["sd"], name
        assert claim.get("mandatory", False) == rules[name]["mandatory"], name
        assert {d["locale"] for d in claim["display"]} == {"en", "sv"}, name
    mandatory = {n for n, rule in rules.items() if rule["mandatory"]} - SD_JWT_VC_LAYER
    assert mandatory <= set(declared)
    _, flat = _both()
    assert set(flat) <= set(declared)  # every claim issued is described
