"""The ELM credential end to end: wallet proof → issue → OWF library verify → presentation."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gateway.core.oid4vci.credential import (
    ELM_VCT,
    SD_SLOTS,
    ElmSummary,
    elm_claims,
    issue_elm_credential,
)
from gateway.core.oid4vci.proof import ProofPolicy, validate_proof
from gateway.errors import InvalidInput
from tests.core.oid4vci.support import (
    ISSUER,
    NONCE,
    NOW,
    VECTORS,
    IssuerKeys,
    library_verify,
    make_proof,
    present,
    seeded_bytes,
)

SUMMARY = ElmSummary(
    given_name="Åsa",
    family_name="Öberg-Ström",
    birthdate=dt.date(2001, 4, 9),
    achievements=("Linjär algebra", "Analys I", "Programmering I"),
    ects_total=Decimal("22.5"),
    awarding_institution="Exempeluniversitetet",
)


def _elm() -> dict[str, Any]:
    value = json.loads((VECTORS / "elm_minimal" / "elm.json").read_text(encoding="utf-8"))
    assert isinstance(value, dict)
    return value


def _issue(
    issuer: IssuerKeys,
    holder_jwk: dict[str, str],
    elm: dict[str, Any],
    summary: ElmSummary = SUMMARY,
) -> str:
    return issue_elm_credential(
        elm,
        summary,
        issuer=ISSUER,
        signing_key=issuer.signing,
        holder_jwk=holder_jwk,
        now=NOW + dt.timedelta(hours=3, minutes=7),
        lifetime=dt.timedelta(days=365),
        random_bytes=seeded_bytes(11),
    ).serialize()


def test_issue_from_a_validated_proof(issuer: IssuerKeys, wallet: Any) -> None:
    proof = validate_proof(
        make_proof(wallet), ProofPolicy(audience=ISSUER), now=NOW, expected_nonce=NONCE
    )
    elm = _elm()
    result = library_verify(_issue(issuer, proof.holder_jwk, elm), issuer.ca.certificate)

    payload = result.signed_payload
    assert result.header["typ"] == "dc+sd-jwt"
    assert payload["vct"] == ELM_VCT
    assert payload["cnf"] == {"jwk": proof.holder_jwk}
    assert payload["iat"] == int(NOW.replace(hour=0).timestamp())  # rounded to the day
    assert payload["exp"] == payload["iat"] + 365 * 86400
    assert len(payload["_sd"]) == SD_SLOTS
    assert result.claims["given_name"] == "Åsa"
    assert result.claims["family_name"] == "Öberg-Ström"
    assert result.claims["birthdate"] == "2001-04-09"
    assert result.claims["achievements"] == ["Linjär algebra", "Analys I", "Programmering I"]
    assert result.claims["ects_total"] == 22.5
    assert result.claims["awarding_institution"] == "Exempeluniversitetet"
    assert result.claims["elm"] == elm
    (elm_disclosure,) = [d for d in result.disclosures if len(d) == 3 and d[1] == "elm"]
    assert json.dumps(elm_disclosure[2], sort_keys=True) == json.dumps(elm, sort_keys=True)


def test_holder_discloses_only_what_it_chooses(issuer: IssuerKeys, wallet: Any) -> None:
    proof = validate_proof(make_proof(wallet), ProofPolicy(audience=ISSUER), now=NOW)
    serialized = _issue(issuer, proof.holder_jwk, _elm())
    presentation = present(
        serialized,
        {"family_name": True, "achievements": [False, True, False], "ects_total": True},
        wallet,
        aud="https://antagning.example.se",
        nonce="vp-nonce-1",
    )
    claims = library_verify(
        presentation,
        issuer.ca.certificate,
        expected_aud="https://antagning.example.se",
        expected_nonce="vp-nonce-1",
    ).claims
    assert claims["family_name"] == "Öberg-Ström"
    assert claims["achievements"] == ["Analys I"]
    assert claims["ects_total"] == 22.5
    assert not {"elm", "given_name", "birthdate", "awarding_institution"} & set(claims)


def test_optional_summary_claims_are_left_out(issuer: IssuerKeys, wallet: Any) -> None:
    proof = validate_proof(make_proof(wallet), ProofPolicy(audience=ISSUER), now=NOW)
    minimal = ElmSummary(given_name="Ola", family_name="Nordmann", ects_total=30)
    result = library_verify(
        _issue(issuer, proof.holder_jwk, _elm(), minimal), issuer.ca.certificate
    )
    assert len(result.signed_payload["_sd"]) == SD_SLOTS  # decoys hide the absent claims
    assert set(result.claims) - {"iss", "iat", "exp", "vct", "cnf"} == {
        "given_name",
        "family_name",
        "ects_total",
        "elm",
    }
    assert result.claims["ects_total"] == 30


def test_claims_validation() -> None:
    with pytest.raises(InvalidInput):
        elm_claims({}, SUMMARY)
    with pytest.raises(InvalidInput):
        elm_claims(_elm(), ElmSummary("a", "b", ects_total=Decimal("NaN")))


@pytest.mark.parametrize(
    "name",
    [
        "HE-ToR-5e8ec53c-d767-4a78-82f8-7e1723ff14bd-elmo1.7-simple-example.xml.json",
        "HE-ToR-marit.xml.json",
    ],
)
def test_dc4eu_converter_outputs_round_trip(
    schema_dir: Path, issuer: IssuerKeys, wallet: Any, name: str
) -> None:
    """Real ELM documents (DC4EU ELMO→ELM converter output) survive issuance byte for byte."""
    path = schema_dir / "elm" / "dc4eu_vc" / "standards" / "education_credential" / "diploma" / name
    elm = json.loads(path.read_text(encoding="utf-8"))
    proof = validate_proof(make_proof(wallet), ProofPolicy(audience=ISSUER), now=NOW)
    result = library_verify(_issue(issuer, proof.holder_jwk, elm), issuer.ca.certificate)
    assert json.dumps(result.claims["elm"], sort_keys=True) == json.dumps(elm, sort_keys=True)
