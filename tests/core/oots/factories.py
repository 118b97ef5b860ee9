"""Fixed agents, person, requests and evidence documents for the OOTS tests (fictional data)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from gateway.core.oots.codes import EdmVersion, sr_spelling
from gateway.core.oots.model import (
    Address,
    Agent,
    Distribution,
    EvidenceRequest,
    Identifier,
    NaturalPerson,
    QueryRequest,
    Requirement,
    Text,
)
from gateway.core.oots.response import EvidenceDocument, Issuance

NOW = datetime(2026, 3, 2, 9, 12, tzinfo=UTC)
REQUEST_ID = "urn:uuid:0e7f6f7a-5c1d-4a8e-9a35-2b1c7d4e9f10"
RESPONSE_ID = "9d3c2e44-1b7a-4f0e-8c55-61a0f2d3b7c9"
EAS_SE = "urn:cef.eu:names:identifier:EAS:0007"
EVIDENCE_TYPE = (
    "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/SE/"
    "b6a49e54-8b3c-4688-acad-380440dc5962"
)
REQUIREMENT = "https://sr.oots.tech.ec.europa.eu/requirements/f8a6a284-34e9-42c7-9733-63b5c4f4aa42"
ELM_MODEL = "https://sr.oots.tech.ec.europa.eu/datamodels/elm-3.2-learning-achievements"

PROVIDER = Agent(
    Identifier("SE2321000016", EAS_SE),
    (Text("Example Higher Education Evidence Gateway", "EN"),),
    Address("SE", post_city_name="Stockholm"),
    "EP",
)
AUTHORITY = Agent(Identifier("SE2021003189", EAS_SE), (Text("Example University", "EN"),))
REQUESTER = Agent(
    Identifier("NL000000000", "urn:cef.eu:names:identifier:EAS:0190"),
    (Text("Example University Admissions Office", "EN"),),
    Address("NL"),
    "ER",
)
PERSON = NaturalPerson(
    family_name="Virtanen",
    given_name="Aino",
    date_of_birth=date(2000, 5, 17),
    identifier=Identifier("FI/NL/123456789A", "eidas"),
    level_of_assurance="High",
)
ISSUANCE = Issuance(AUTHORITY, date(2024, 6, 14))

ELM_JSON = (
    b'{"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"]}'
)
#: PDF-like bytes with every byte value, CRLFs and a fake delimiter: must survive packaging.
PDF_BYTES = (
    b"%PDF-1.7\r\n%\xe2\xe3\xcf\xd3\r\n"
    + bytes(range(256)) * 4
    + b"\r\n--not-the-boundary\r\n\r\n\x00%%EOF\n"
)


def request(
    version: EdmVersion = EdmVersion.V1_0,
    *,
    preview: bool = False,
    preview_location: str | None = None,
    distribution: Distribution | None = None,
) -> QueryRequest:
    """A request of our requester tool, spelled for ``version``."""
    return QueryRequest(
        request_id=REQUEST_ID,
        specification=version,
        issue_date_time=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        possibility_for_preview=preview,
        explicit_request_given=True,
        requesters=(REQUESTER,),
        evidence_provider=Agent(PROVIDER.identifier, PROVIDER.names),
        natural_person=PERSON,
        evidence_request=EvidenceRequest(
            identifier="3f2b8c1e-6d0a-4c57-9e21-7a9d4b5c6e01",
            evidence_type_classification=sr_spelling(EVIDENCE_TYPE, version),
            titles=(Text("Transcript of records", "EN"), Text("Studieresultat", "SV")),
            descriptions=(Text("Results of higher education studies", "EN"),),
            distributed_as=distribution or Distribution("application/pdf"),
        ),
        procedure="T2",
        preview_location=preview_location,
        requirements=(
            Requirement(
                sr_spelling(REQUIREMENT, version),
                (Text("Proof of tertiary education diploma/certificate/degree", "EN"),),
            ),
        ),
    )


def documents() -> tuple[EvidenceDocument, EvidenceDocument]:
    """The two attachments of a learner's evidence: ELM JSON-LD and the PDF transcript."""
    return (
        EvidenceDocument(
            registry_object_id="urn:uuid:5b1e0c7d-2a9f-4e63-b0d4-8c7f1e2a3b45",
            evidence_id="c4a7e9b2-0f1d-4e8a-a3b6-2d5f7c9e1a08",
            content_id="elm5b1e0c7d@gateway.example.se",
            media_type="application/json",
            title="LearningAchievementsElm",
            conforms_to=ELM_MODEL,
            language="EN",
        ),
        EvidenceDocument(
            registry_object_id="urn:uuid:8a0d6c55-3e1f-4b7a-9c2d-0f4e6a8b1c3d",
            evidence_id="e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b",
            content_id="pdf8a0d6c55@gateway.example.se",
            media_type="application/pdf",
            title="TranscriptOfRecords",
            language="EN",
        ),
    )
