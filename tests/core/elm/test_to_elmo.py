"""gateway.core.elm.to_elmo: ELM 3.2 → ELMO 1.7 for our credentials, DC4EU's and the EU samples.

The ELMO is validated with the official v1.7.0 XSD of the schema directory; DC4EU's issued
SD-JWT VC is opened with the ``sd-jwt`` library (not ours) to reach its ``elm`` claim.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from sd_jwt.holder import SDJWTHolder

from gateway.core.elm import ConversionResult
from gateway.core.elm.reading import MAX_DEPTH, ConversionError
from gateway.core.elm.to_elmo import elm_to_elmo
from gateway.core.elmo.model import Elmo
from gateway.core.elmo.parse import parse_elmo
from gateway.core.elmo.schema import ElmoSchema
from tests.core.elm import fixtures
from tests.core.elm.roundtrip import results

DC4EU = Path("elm/dc4eu_vc/standards/education_credential/diploma")
EU_SAMPLES = Path("elm/european-commission-empl_European-Learning-Model")
SAMPLES = (
    *(DC4EU / name for name in (
        "HE-ToR-5e8ec53c-d767-4a78-82f8-7e1723ff14bd-elmo1.7-simple-example.xml.json",
        "HE-ToR-76a57e78-57fc-492e-820f-2e92b33a0cb5-ToR_elmo_courses.xml.json",
        "HE-ToR-8a03692f-ff50-48c0-ae8b-046092117196-ToR uio_12345678910_elmo-1.7.xml.json",
        "HE-ToR-d5b6a158-1127-42f9-99e7-928bc314375e-ToR_jonasSmith.xml.json",
        "HE-ToR-marit.xml.json",
        "HE-diploma-9ad88a95-2f9a-4a1d-9e08-a61e213a3eac-degreeHBO-M.xml.json",
        "HE-diploma-d1f071a2-7999-4950-910f-8edbebdcd336-degreeandcourses_Multi-Diploma.xml.json",
        "HE-diploma-fb6b7ba8-27c6-400a-9bd3-7cb1fed4ccd9-degreeMBO.xml.json",
        "UPSEC-CERT-292ccd64-f875-4f66-97c8-c1a00efa7a27-Abiturde_test.xml.json",
    )),
    EU_SAMPLES / "EDC-3.2-LTS/rdf/samples/credential-sample.jsonld",
    EU_SAMPLES / "master/Credentials/JSON-LD Examples (ELM v3)/Sample-MC-Annex1-unsigned.jsonld",
    EU_SAMPLES / "master/Credentials/JSON-LD Examples (ELM v3)/Sample-CertOfPart-unsigned.jsonld",
)  # fmt: skip


@pytest.fixture(scope="module")
def elmo_schema(schema_dir: Path) -> ElmoSchema:
    return ElmoSchema.load(schema_dir)


def _valid(xml: bytes, schema: ElmoSchema) -> Elmo:
    root = etree.fromstring(xml)
    schema.validate(root)
    return parse_elmo(root)


def test_our_credentials_convert_back_to_the_same_results(
    swedish: Elmo, swedish_result: ConversionResult, elmo_schema: ElmoSchema
) -> None:
    for report, credential in zip(swedish.reports, swedish_result.credentials, strict=True):
        back = elm_to_elmo(credential)
        parsed = _valid(back.xml, elmo_schema)
        assert parsed.learner == swedish.learner
        (converted,) = parsed.reports
        assert converted.issuer == report.issuer
        assert converted.issue_date == report.issue_date
        assert results(parsed) == results(Elmo(swedish.generated_date, swedish.learner, (report,)))
        used = {los.instance.grading_scheme_local_id for los in report.specifications()}
        assert converted.grading_schemes == tuple(
            s for s in report.grading_schemes if s.local_id in used
        )


def test_the_report_names_what_elmo_cannot_hold(swedish_result: ConversionResult) -> None:
    back = elm_to_elmo(swedish_result.credentials[0])
    terms = {n.term for n in back.not_mapped}
    assert {"displayParameter", "evidence", "issuer", "credentialProfiles"} <= terms
    links = [n for n in back.not_mapped if n.term == "influencedBy"]
    assert links
    assert all("another result" in n.reason for n in links)
    assert all(n.reason for n in back.not_mapped)


def test_an_sd_jwt_payload_gives_the_same_elmo(swedish_result: ConversionResult) -> None:
    credential = swedish_result.credentials[1]
    plain = elm_to_elmo(credential, generated=fixtures.ISSUED)
    wrapped = {"iss": "https://gw.example", "vct": "urn:eudi:elm:1", "elm": credential}
    top_level = dict(copy.deepcopy(credential), iss="https://gw.example", vct="urn:eudi:diploma:1")
    for payload in (wrapped, top_level):
        again = elm_to_elmo(payload, generated=fixtures.ISSUED)
        assert again.xml == plain.xml
    assert {n.term for n in elm_to_elmo(top_level).not_mapped} == {n.term for n in plain.not_mapped}


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name[:40])
def test_dc4eu_and_eu_samples_convert_to_valid_elmo(
    sample: Path, schema_dir: Path, elmo_schema: ElmoSchema
) -> None:
    credential = json.loads((schema_dir / sample).read_text(encoding="utf-8"))
    back = elm_to_elmo(credential)
    parsed = _valid(back.xml, elmo_schema)
    assert parsed.reports
    assert all(r.opportunities for r in parsed.reports)
    assert all(los.titles for los in parsed.specifications())
    assert parsed.learner.given_names or parsed.learner.family_name


def test_dc4eu_simple_example_in_detail(schema_dir: Path, elmo_schema: ElmoSchema) -> None:
    path = schema_dir / SAMPLES[0]
    parsed = _valid(elm_to_elmo(json.loads(path.read_text("utf-8"))).xml, elmo_schema)
    learner = parsed.learner
    assert (learner.given_names, learner.family_name) == ("Kaisa Barbara", "Keränen")
    assert learner.identifier("nationalIdentifier") == "180766-2213"
    assert learner.bday is not None
    assert learner.bday.isoformat() == "1966-07-18"
    assert learner.gender == 2
    (report,) = parsed.reports
    assert report.issuer.country == "FI"
    assert report.issuer.identifier("schac") == "centria.fi"
    (los,) = report.opportunities
    assert los.titles[0].value == "Lääketieteellinen perusta"
    assert los.type == "Course"
    loi = los.instance
    assert (loi.status, loi.result_label, loi.ects()) == ("passed", "4", Decimal(5))
    assert [(level.type, level.value) for level in loi.levels] == [("EQF", "5")]
    assert loi.date is not None
    assert loi.date.isoformat() == "2015-07-31"


def test_dc4eu_partial_assessments_become_parts(schema_dir: Path, elmo_schema: ElmoSchema) -> None:
    credential = json.loads((schema_dir / DC4EU / "HE-ToR-marit.xml.json").read_text("utf-8"))
    parsed = _valid(elm_to_elmo(credential).xml, elmo_schema)
    (report,) = parsed.reports
    nursing = report.opportunities[0].has_part[0]  # Preclinical Nursing and its 3 assessments
    assert nursing.titles[0].value == "Preclinical Nursing"
    assert nursing.instance.result_label == "G"
    assert len(nursing.has_part) == 3
    assert all(part.instance.result_label for part in nursing.has_part)


def test_dc4eu_issued_sd_jwt_vc(schema_dir: Path, elmo_schema: ElmoSchema) -> None:
    """DC4EU's issued ELM credential (vct ElmCredential): its ``elm`` disclosure, via sd-jwt."""
    text = (schema_dir / "elm/dc4eu_vc/standards/elm_credential").read_text("ascii")
    holder = SDJWTHolder("".join(text.split()))
    payload: dict[str, Any] = dict(holder.sd_jwt_payload)
    for disclosure in holder._hash_to_decoded_disclosure.values():
        if len(disclosure) == 3 and disclosure[1] == "elm":
            payload["elm"] = disclosure[2]
    parsed = _valid(elm_to_elmo(payload).xml, elmo_schema)
    assert parsed.specifications()


def _credential(swedish_result: ConversionResult) -> dict[str, Any]:
    return copy.deepcopy(swedish_result.credentials[1])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c.pop("credentialSubject"), "credentialSubject: the credential has no subject"),
        (lambda c: c["credentialSubject"].pop("hasClaim"), "hasClaim: the credential has no claim"),
        (
            lambda c: c["credentialSubject"]["hasClaim"][0].update(title=["x"]),
            r"credentialSubject/hasClaim\[1\]/title: expected a language map",
        ),
        (
            lambda c: c["credentialSubject"]["hasClaim"][0].update(title={"en": 7}),
            r"credentialSubject/hasClaim\[1\]/title/en: expected a string",
        ),
        (
            lambda c: c["credentialSubject"]["hasClaim"][0]["awardedBy"].update(awardingDate="x"),
            r"hasClaim\[1\]/awardedBy/awardingDate: 'x' is not a date",
        ),
        (
            lambda c: c["credentialSubject"]["hasClaim"][0]["creditReceived"][0].update(
                point="7,5"
            ),
            r"hasClaim\[1\]/creditReceived\[1\]/point: '7,5' is not a number",
        ),
        (
            lambda c: c["credentialSubject"]["hasClaim"][0].update(type="Diploma"),
            r"hasClaim\[1\]/type: Diploma is not an ELM claim type",
        ),
        (
            lambda c: c["credentialSubject"]["hasClaim"][0].pop("awardedBy"),
            r"hasClaim\[1\]/awardedBy: the claim names no awarding body",
        ),
        (
            lambda c: c["credentialSubject"]["hasClaim"][0].update(specifiedBy=3),
            r"hasClaim\[1\]/specifiedBy: expected a JSON object",
        ),
        (lambda c: c.update(validFrom="yesterday"), "validFrom: 'yesterday' is not a date"),
        (lambda c: c["credentialSubject"].update(givenName={}, familyName={}), "has no name"),
        (lambda c: c.update(elm="not an object"), "elm: expected the ELM credential"),
    ],
)
def test_malformed_input_names_the_path(
    swedish_result: ConversionResult, change: Any, message: str
) -> None:
    credential = _credential(swedish_result)
    change(credential)
    with pytest.raises(ConversionError, match=message):
        elm_to_elmo(credential)


def test_limits(swedish_result: ConversionResult) -> None:
    with pytest.raises(ConversionError, match="not a JSON object"):
        elm_to_elmo([])  # type: ignore[arg-type]
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(MAX_DEPTH + 2):
        node["hasPart"] = {}
        node = node["hasPart"]
    credential = _credential(swedish_result)
    credential["credentialSubject"]["hasClaim"][0]["hasPart"] = [deep]
    with pytest.raises(ConversionError, match="nested deeper than"):
        elm_to_elmo(credential)
    wide = _credential(swedish_result)
    wide["credentialSubject"]["extra"] = [0] * 250_000
    with pytest.raises(ConversionError, match="more than 200000 JSON values"):
        elm_to_elmo(wide)
    text = _credential(swedish_result)
    text["credentialSubject"]["extra"] = "x" * 9_000_000
    with pytest.raises(ConversionError, match=r"credentialSubject/extra: .*too much text"):
        elm_to_elmo(text)


def test_parts_by_reference_cannot_loop(swedish_result: ConversionResult) -> None:
    credential = _credential(swedish_result)
    claim = credential["credentialSubject"]["hasClaim"][0]
    claim["hasPart"] = [{"id": claim["id"]}]
    with pytest.raises(ConversionError, match=r"hasClaim\[1\]: the claim is a part of itself"):
        elm_to_elmo(credential)
    chain = _credential(swedish_result)
    claims = chain["credentialSubject"]["hasClaim"]
    template = claims[0]
    for number in range(40):
        part = copy.deepcopy(template)
        part.pop("hasPart", None)
        part["id"] = f"urn:test:part:{number}"
        part["hasPart"] = [{"id": f"urn:test:part:{number + 1}"}]
        claims.append(part)
    template["hasPart"] = [{"id": "urn:test:part:0"}]
    with pytest.raises(ConversionError, match="parts nested deeper than 32"):
        elm_to_elmo(chain)
