"""The code tables agree with the official EU code lists shipped with ELM and ELMO."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gateway.core.elm import vocabulary as cv

CV = "elm/european-commission-empl_European-Learning-Model/master/xsd/loq/cv"


def enumerated(path: Path, prefix: str) -> set[str]:
    """The codes of ``value="<prefix><code>"`` enumerations (the scheme IRI itself excluded)."""
    text = path.read_text(encoding="utf-8")
    return set(re.findall(r'value="' + re.escape(prefix) + r'([^"/]+)"', text))


def test_country_codes_exist_in_the_eu_authority_table(schema_dir: Path) -> None:
    eu = enumerated(schema_dir / CV / "country.xsd", cv.COUNTRY_SCHEME + "/")
    assert set(cv.COUNTRIES.values()) <= eu


def test_every_elmo_country_maps(schema_dir: Path) -> None:
    europass = schema_dir / "elmo" / "references" / "EUROPASS_ISOCountries_V1.1.xsd"
    codes = set(re.findall(r"enumeration value='([A-Z]{2})'", europass.read_text(encoding="utf-8")))
    assert len(codes) > 190
    assert {c for c in codes if cv.country_code(c) is None} == set()


def test_language_codes_exist_in_the_eu_authority_table(schema_dir: Path) -> None:
    eu = enumerated(schema_dir / CV / "language.xsd", cv.LANGUAGE_SCHEME + "/")
    assert set(cv.LANGUAGES.values()) <= eu
    assert len(cv.LANGUAGES) >= 180


def test_isced_f_codes_are_the_official_list(schema_dir: Path) -> None:
    assert enumerated(schema_dir / CV / "isced-f.xsd", "http://data.europa.eu/snb/isced-f/") == (
        cv.ISCED_F_CODES
    )


@pytest.mark.parametrize(
    ("file", "iri"),
    [
        ("credit-points.xsd", cv.ECTS[0]),
        ("europass-credential-types.xsd", cv.PROFILE_GENERIC[0]),
        ("eqf.xsd", "http://data.europa.eu/snb/eqf/7"),
        *[
            ("europass-learning-opportunity-types.xsd", iri)
            for iri, _ in cv.OPPORTUNITY_TYPES.values()
        ],
    ],
)
def test_fixed_concepts_are_in_the_official_lists(schema_dir: Path, file: str, iri: str) -> None:
    assert f'value="{iri}"' in (schema_dir / CV / file).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("SE", "SWE"),
        ("se", "SWE"),
        ("NO", "NOR"),
        ("EL", "GRC"),
        ("UK", "GBR"),
        ("XK", "1A0"),
        ("ZZ", None),
    ],
)
def test_country(code: str, expected: str | None) -> None:
    assert cv.country_code(code) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("sv", "SWE"), ("en-GB", "ENG"), ("nb", "NOB"), ("nn", "NNO"), ("no", "NOR"), ("xx", None)],
)
def test_language(tag: str, expected: str | None) -> None:
    assert cv.language_code(tag) == expected


def test_levels_and_fields() -> None:
    assert cv.eqf("7") == cv.concept("http://data.europa.eu/snb/eqf/7", cv.EQF_SCHEME, "Level 7")
    assert cv.eqf("9") is None
    assert cv.isced_f("0613") is not None
    assert cv.isced_f("11.3") is None
    assert cv.gender(0) is None
