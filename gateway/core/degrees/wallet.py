"""A degree for EUDI wallets: the DC4EU diploma type (vct urn:eudi:diploma:1), ELM at the top level.

The payload is the degree's ELM 3.2 credential itself, laid out as the DC4EU type metadata
(``vctm_diploma.json``) addresses it: one claim, one awarding body, one location and address
(JSON-LD reads a single value as a one-element array, so the document means the same), the
awarding body's country with its English label. As in that type metadata the holder's name,
date of birth, the degree title, awarding body, date and country are never selectively
disclosable; the national identifier and each embedded document (certificate, Diploma
Supplement) are, so a holder can show the degree without them (notes §3, §6.17).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Final

from gateway.core.oid4vci.metadata import ClaimSpec, CredentialConfiguration, Display, SdJwtVcType
from gateway.core.sdjwt import SD
from gateway.errors import InvalidInput

DIPLOMA_VCT: Final = "urn:eudi:diploma:1"
DIPLOMA_CONFIGURATION_ID: Final = "diploma_sd_jwt"
DIPLOMA_SCOPE: Final = "diploma"
# The awarding body's country, labelled as EU authority concepts are (prefLabel en), for the
# EU/EEA and their neighbours; other countries keep the bare concept.
COUNTRY_NAMES: Final = {
    "AUT": "Austria", "BEL": "Belgium", "BGR": "Bulgaria", "HRV": "Croatia", "CYP": "Cyprus",
    "CZE": "Czechia", "DNK": "Denmark", "EST": "Estonia", "FIN": "Finland", "FRA": "France",
    "DEU": "Germany", "GRC": "Greece", "HUN": "Hungary", "ISL": "Iceland", "IRL": "Ireland",
    "ITA": "Italy", "LVA": "Latvia", "LIE": "Liechtenstein", "LTU": "Lithuania",
    "LUX": "Luxembourg", "MLT": "Malta", "NLD": "Netherlands", "NOR": "Norway", "POL": "Poland",
    "PRT": "Portugal", "ROU": "Romania", "SVK": "Slovakia", "SVN": "Slovenia", "ESP": "Spain",
    "SWE": "Sweden", "CHE": "Switzerland", "GBR": "United Kingdom",
}  # fmt: skip


def _single(node: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = node.get(key)
    if isinstance(value, list):
        if len(value) != 1:
            raise InvalidInput(f"a diploma credential has exactly one {key}, not {len(value)}")
        value = value[0]
    if not isinstance(value, dict):
        raise InvalidInput(f"the diploma credential has no {key}")
    return value


def diploma_claims(credential: Mapping[str, Any]) -> dict[str, Any]:
    """The SD-JWT claims of a degree's ELM credential (``SD`` marks where disclosable)."""
    document = copy.deepcopy(dict(credential))
    subject = document["credentialSubject"]
    claim = _single(subject, "hasClaim")
    subject["hasClaim"] = claim
    awarded_by = claim["awardedBy"]
    body = awarded_by["awardingBody"] = _single(awarded_by, "awardingBody")
    location = body["location"] = _single(body, "location")
    address = location["address"] = _single(location, "address")
    country = address.get("countryCode")
    if isinstance(country, dict):
        name = COUNTRY_NAMES.get(str(country.get("id", "")).rsplit("/", 1)[-1])
        if name is not None:
            country["prefLabel"] = {"en": name}
    if "nationalID" in subject:
        subject["nationalID"] = SD(subject["nationalID"])
    if "identifier" in subject:
        subject["identifier"] = SD(subject["identifier"])
    if "attachment" in document:
        document["attachment"] = [SD(item) for item in document["attachment"]]
    return document


def _labels(en: str, sv: str) -> dict[str, str]:
    return {"en": en, "sv": sv}


_CLAIM = ("credentialSubject", "hasClaim")
_BODY = (*_CLAIM, "awardedBy", "awardingBody")
DIPLOMA_CLAIMS: Final = (
    ClaimSpec(("credentialSubject", "givenName", "und"), _labels("Given name", "Förnamn"),
              mandatory=True, sd="never", svg_id="givenName"),
    ClaimSpec(("credentialSubject", "familyName", "und"), _labels("Family name", "Efternamn"),
              mandatory=True, sd="never", svg_id="familyName"),
    ClaimSpec(("credentialSubject", "dateOfBirth"), _labels("Date of birth", "Födelsedatum"),
              sd="never"),
    ClaimSpec((*_CLAIM, "title", "en"), _labels("Title", "Examen"), mandatory=True, sd="never",
              svg_id="title"),
    ClaimSpec((*_CLAIM, "title", "sv"), _labels("Title (Swedish)", "Examen (svenska)"),
              sd="never"),
    ClaimSpec((*_BODY, "legalName", "en"), _labels("Awarding institution", "Lärosäte"),
              mandatory=True, sd="never", svg_id="awardingInstitution"),
    ClaimSpec((*_CLAIM, "awardedBy", "awardingDate"), _labels("Awarding date", "Examensdatum"),
              mandatory=True, sd="never", svg_id="awardingDate"),
    ClaimSpec((*_BODY, "location", "address", "countryCode", "prefLabel", "en"),
              _labels("Country", "Land"), sd="never", svg_id="country"),
    ClaimSpec(("credentialSubject", "nationalID"),
              _labels("National identifier", "Personnummer"), sd="always"),
    ClaimSpec(("attachment",), _labels("Degree certificate and Diploma Supplement (PDF)",
                                       "Examensbevis och Diploma Supplement (PDF)"), sd="never"),
    ClaimSpec(("attachment", None), sd="always"),
)  # fmt: skip

DIPLOMA_DISPLAY: Final = (
    Display(
        locale="en",
        name="Degree (Europass ELM diploma)",
        description="An awarded higher-education degree with its courses, degree certificate "
        "and Diploma Supplement, as a European Learning Model credential.",
    ),
    Display(
        locale="sv",
        name="Examen (Europass ELM)",
        description="En utfärdad examen med kurser, examensbevis och Diploma Supplement, som "
        "intyg enligt European Learning Model.",
    ),
)

DIPLOMA_TYPE: Final = SdJwtVcType(
    vct=DIPLOMA_VCT,
    name="Diploma Credential",
    description="European Learning Model Diploma Credential.",
    display=DIPLOMA_DISPLAY,
    claims=DIPLOMA_CLAIMS,
)
"""After DC4EU's ``metadata/vctm_diploma.json``: its vct, name and description, the same claim
paths with the titles and names in English (and Swedish) where DC4EU's example has Dutch."""

DIPLOMA_CONFIGURATION: Final = CredentialConfiguration(
    id=DIPLOMA_CONFIGURATION_ID,
    scope=DIPLOMA_SCOPE,
    display=DIPLOMA_DISPLAY,
    claims=DIPLOMA_CLAIMS,
    vct_type=DIPLOMA_TYPE,
)
