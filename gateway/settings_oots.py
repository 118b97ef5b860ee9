"""The [oots] section of the configuration: the evidence provider, its requesters and the
evidence types it serves (with the defaults of issue #5). Loaded by gateway.settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class OotsRequester:
    endpoint: str


@dataclass(frozen=True)
class OotsEvidenceType:
    """An evidence type served: its SR classification IRI (either spelling), title, description."""

    classification: str
    title: str
    description: str = ""


OOTS_EU_DIPLOMA = OotsEvidenceType(
    "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/EU/"
    "b6a49e54-8b3c-4688-acad-380440dc5962",
    "EU-Wide Diploma/Bachelor's Degree",
    "Higher education results: verified courses, degrees, grades and credits",
)
OOTS_SE_TRANSCRIPT = OotsEvidenceType(
    "https://sr.oots.tech.ec.europa.eu/evidencetypeclassifications/SE/"
    "5d0e7f1c-2b8a-4c3e-9f61-0a7d3e5b9c24",
    "Transcript of records (Sweden)",
    "Every verified higher-education result of the learner: courses, grades, credits",
)


@dataclass(frozen=True)
class OotsSection:
    """The OOTS evidence provider."""

    provider_id: str = "urn:cef.eu:names:identifier:EAS:0007:2021000000"
    provider_name: str = "emrex-gateway development evidence provider"
    requesters: dict[str, OotsRequester] = field(default_factory=dict)
    evidence_types: tuple[OotsEvidenceType, ...] = (OOTS_EU_DIPLOMA, OOTS_SE_TRANSCRIPT)
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
