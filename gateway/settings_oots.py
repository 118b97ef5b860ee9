"""The [oots] section of the configuration: the evidence provider, its requesters and the
evidence types it serves, each mapped to what it delivers (issues #5, #13). Loaded by
gateway.settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class OotsRequester:
    endpoint: str


EvidenceDelivery = Literal["degree", "transcript", "supplement"]


@dataclass(frozen=True)
class OotsEvidenceType:
    """What an evidence type delivers (``degree``: each awarded degree's ELM credential with
    its certificate and Diploma Supplement PDFs; ``transcript``: the results as ELM and the PDF
    transcript; ``supplement``: the Diploma Supplement PDF), with its title and description."""

    delivers: EvidenceDelivery
    title: str = ""
    description: str = ""


EU_DIPLOMA = (
    "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/EU/"
    "b6a49e54-8b3c-4688-acad-380440dc5962"
)
SE_TRANSCRIPT = (
    "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/SE/"
    "5d0e7f1c-2b8a-4c3e-9f61-0a7d3e5b9c24"
)
OOTS_EU_DIPLOMA = OotsEvidenceType(
    "degree",
    "EU-Wide Diploma/Bachelor's Degree",
    "Awarded higher-education degrees: the degree with its courses (ELM), the degree "
    "certificate and the Diploma Supplement",
)
OOTS_SE_TRANSCRIPT = OotsEvidenceType(
    "transcript",
    "Transcript of records (Sweden)",
    "Every verified higher-education result of the learner: courses, grades, credits",
)
LIST_FORM_REPLACED = (
    'the list form [[oots.evidence_types]] with classification = "…" is replaced by a table '
    "keyed by the classification that says what each type delivers: write "
    '[oots.evidence_types."<classification IRI>"] with delivers = "degree", '
    '"transcript" or "supplement" (and title, description as before); see '
    "config/gateway.toml"
)


def default_evidence_types() -> dict[str, OotsEvidenceType]:
    return {EU_DIPLOMA: OOTS_EU_DIPLOMA, SE_TRANSCRIPT: OOTS_SE_TRANSCRIPT}


@dataclass(frozen=True)
class OotsSection:
    """The OOTS evidence provider."""

    provider_id: str = "urn:cef.eu:names:identifier:EAS:0007:2021000000"
    provider_name: str = "emrex-gateway development evidence provider"
    requesters: dict[str, OotsRequester] = field(default_factory=dict)
    evidence_types: dict[str, OotsEvidenceType] = field(
        default_factory=default_evidence_types,
        metadata={"replaced_list_form": LIST_FORM_REPLACED},
    )
    versions: tuple[str, ...] = ("oots-edm:v1.0", "oots-edm:v1.1", "oots-edm:v1.2", "oots-edm:v2.0")
    elm_data_model: str = "https://sr.oots.tech.ec.europa.eu/datamodels/elm-3.2"
    preview: Literal["request", "always"] = "request"
    preview_timeout_seconds: int = 3300
    name_match_threshold: int = 3
    max_request_bytes: int = 1024 * 1024
    delivery_timeout_seconds: float = 30.0
    retry_initial_seconds: float = 5.0
    retry_max_seconds: float = 900.0
    retry_max_attempts: int = 12
    poll_seconds: float = 5.0
    lease_seconds: float = 120.0
