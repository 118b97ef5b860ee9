"""The OpenBadgeCredential of one complete course: fields, hashed identity, refusals."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from gateway.core.badges import NotABadge, open_badge
from gateway.core.badges.credential import (
    ASSESSMENT_TARGET,
    EQF_TARGET,
    PARTICIPATION_TARGET,
    QUALITY_TARGET,
)
from gateway.core.microcredentials import result_candidate, result_eligibility
from tests.core.badges.conformance import ObConformance
from tests.core.microcredentials.factories import DATA, KARIN, RESULT, UU, data

ISSUED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
BASE = "https://gateway.example.se"


def badge(salt: str = "0f1e2d3c") -> dict[str, Any]:
    course = result_eligibility(KARIN, UU, RESULT, DATA)
    assert course.eligible
    return open_badge(course.candidate, base_url=BASE, issued=ISSUED, salt=salt)


def test_the_badge_carries_the_course_and_the_institution(ob: ObConformance) -> None:
    credential = badge()
    assert ob.schema_errors(credential) == []
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["validFrom"] == "2026-03-02T09:30:00Z"
    issuer = credential["issuer"]
    assert isinstance(issuer, dict)
    assert issuer["id"] == f"{BASE}/badges/issuers/uu.se"
    assert (issuer["name"], issuer["nameSv"]) == ("Uppsala University", "Uppsala universitet")
    assert issuer["address"]["addressCountryCode"] == "SE"
    subject = credential["credentialSubject"]
    assert isinstance(subject, dict)
    achievement = subject["achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    assert (achievement["name"], achievement["nameSv"]) == ("Database Design I", "Databasteknik I")
    assert "formulate queries in SQL" in achievement["criteria"]["narrative"]
    assert "formulera frågor i SQL" in achievement["criteria"]["narrativeSv"]
    assert achievement["creditsAvailable"] == 7.5
    assert subject["creditsEarned"] == 7.5
    assert subject["result"][0]["value"] == "5"
    assert subject["result"][0]["resultDescription"] == achievement["resultDescription"][0]["id"]
    by_type: dict[str, list[str]] = {}
    for alignment in achievement["alignment"]:
        by_type.setdefault(alignment["targetType"], []).append(alignment["targetUrl"])
    assert by_type[EQF_TARGET] == ["http://data.europa.eu/snb/eqf/6"]
    assert len(by_type[ASSESSMENT_TARGET]) == 2
    assert by_type[PARTICIPATION_TARGET] == [
        "http://data.europa.eu/snb/learning-assessment/9191af2ed9"
    ]
    assert by_type[QUALITY_TARGET] == ["https://www.uka.se/reports/uu"]


def test_the_learner_is_a_salted_hash_never_the_national_identifier() -> None:
    one, other = badge("aa11"), badge("bb22")
    assert KARIN.national_id not in json.dumps(one)
    (identity,) = one["credentialSubject"]["identifier"]
    expected = hashlib.sha256(f"{KARIN.national_id}aa11".encode()).hexdigest()
    assert identity == {
        "type": "IdentityObject",
        "identityType": "nationalIdentityNumber",
        "hashed": True,
        "identityHash": f"sha256${expected}",
        "salt": "aa11",
    }
    assert one["credentialSubject"] != other["credentialSubject"]


def test_terms_outside_the_contexts_are_found(ob: ObConformance) -> None:
    credential = badge()
    assert ob.undefined_terms(credential) == set()
    credential["favouriteColour"] = "blue"
    assert ob.undefined_terms(credential) == {"favouriteColour"}


def test_an_incomplete_course_is_no_badge() -> None:
    candidate = result_candidate(KARIN, UU, RESULT, data(None))
    with pytest.raises(NotABadge, match="not a complete micro-credential"):
        open_badge(candidate, base_url=BASE, issued=ISSUED, salt="00")
