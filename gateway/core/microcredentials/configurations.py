"""The two wallet configurations of micro-credentials (OID4VCI 1.0 §12.2.4, Appendix A.3), sv/en.

``micro_credential_elm_sd_jwt``: vct ``urn:eudi:elm:1``, the ELM micro-credential in claim
``elm`` with the same summary claims as the transcript credential (DC4EU layout; the type is
the transcript's, since a vct has one type). ``micro_credential_sd_jwt``: vct
``VerifiableMicroCredential``, the flat claims of ``flat.py`` with the names, ``mandatory`` and
``sd`` rules of SUNET's type metadata for the WE BUILD rulebook (a test compares them with the
file in the schema directory), labelled in Swedish and English.
"""

from __future__ import annotations

from typing import Final, Literal

from gateway.core.microcredentials.flat import VCT
from gateway.core.oid4vci.credential import ELM_CLAIMS, ELM_TYPE
from gateway.core.oid4vci.metadata import ClaimSpec, CredentialConfiguration, Display, SdJwtVcType

MICRO_ELM_CONFIGURATION_ID: Final = "micro_credential_elm_sd_jwt"
MICRO_FLAT_CONFIGURATION_ID: Final = "micro_credential_sd_jwt"

MICRO_ELM_DISPLAY: Final = (
    Display(
        locale="en",
        name="Micro-credential (Europass ELM)",
        description="One course with all eleven EU micro-credential elements, as a European "
        "Learning Model credential.",
    ),
    Display(
        locale="sv",
        name="Mikromerit (Europass ELM)",
        description="En kurs med EU-mikromeritens alla elva uppgifter, som intyg enligt "
        "European Learning Model.",
    ),
)
MICRO_ELM_CONFIGURATION: Final = CredentialConfiguration(
    id=MICRO_ELM_CONFIGURATION_ID,
    scope="micro_credential_elm",
    display=MICRO_ELM_DISPLAY,
    claims=ELM_CLAIMS,
    vct_type=ELM_TYPE,
)

Sd = Literal["always", "allowed", "never"]


def _claim(name: str, en: str, sv: str, *, sd: Sd = "always", mandatory: bool = True) -> ClaimSpec:
    return ClaimSpec((name,), {"en": en, "sv": sv}, mandatory=mandatory, sd=sd)


def _optional(name: str, en: str, sv: str) -> ClaimSpec:
    return _claim(name, en, sv, sd="allowed", mandatory=False)


FLAT_CLAIMS: Final = (
    _claim("attestation_legal_category", "Legal category", "Rättslig kategori", sd="never"),
    _claim("identifier", "Identifier", "Identifierare"),
    _claim("title", "Title", "Titel"),
    _claim("givenName", "Given name", "Förnamn"),
    _claim("familyName", "Family name", "Efternamn"),
    _claim("issuerCountry", "Issuer country", "Utfärdarens land"),
    _claim("awardingBody", "Awarding body", "Tilldelande organ"),
    _claim("issuanceDate", "Issuance date", "Utfärdandedatum"),
    _claim("learningOutcomes", "Learning outcomes", "Läranderesultat"),
    _claim("notionalWorkload", "Notional workload", "Beräknad arbetsbörda"),
    _claim("typeOfAssessment", "Type of assessment", "Typ av bedömning"),
    _claim("formOfParticipation", "Form of participation", "Form av deltagande"),
    _claim("qualityAssurance", "Quality assurance", "Kvalitetssäkring"),
    _optional("level", "Level", "Nivå"),
    _optional("dateOfBirth", "Date of birth", "Födelsedatum"),
    _optional("citizenshipCountry", "Citizenship country", "Medborgarskap"),
    _optional("nationalID", "National ID", "Personnummer"),
    _optional("grade", "Grade", "Betyg"),
    _optional("gradingScheme", "Grading scheme", "Betygsskala"),
    _optional("entryRequirements", "Entry requirements", "Behörighet"),
    _optional("fieldOfEducation", "Field of education", "Utbildningsområde"),
    _optional("languageOfAssessment", "Language of assessment", "Examinationsspråk"),
    _optional("accreditation", "Accreditation", "Ackreditering"),
    _optional("awardingBodyHomepage", "Awarding body homepage", "Lärosätets webbplats"),
    _optional("awardingBodyIdentifier", "Awarding body identifier", "Lärosätets identifierare"),
)

MICRO_FLAT_DISPLAY: Final = (
    Display(
        locale="en",
        name="EU micro-credential",
        description="One course with all eleven EU micro-credential elements, each of which "
        "can be shown on its own.",
    ),
    Display(
        locale="sv",
        name="EU-mikromerit",
        description="En kurs med EU-mikromeritens alla elva uppgifter; varje uppgift kan visas "
        "för sig.",
    ),
)
MICRO_FLAT_TYPE: Final = SdJwtVcType(
    vct=VCT,
    name="MicroCredential",
    description="Micro-credential per the WE BUILD micro-credential rulebook (SD-JWT VC): the "
    "Annex I elements of Council Recommendation 2022/C 243/02 as claims.",
    display=MICRO_FLAT_DISPLAY,
    claims=FLAT_CLAIMS,
)
MICRO_FLAT_CONFIGURATION: Final = CredentialConfiguration(
    id=MICRO_FLAT_CONFIGURATION_ID,
    scope="micro_credential",
    display=MICRO_FLAT_DISPLAY,
    claims=FLAT_CLAIMS,
    vct_type=MICRO_FLAT_TYPE,
)
