"""Frozen values of an EDM evidence request: agents, person, evidence request (notes §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from gateway.core.oots.codes import INTERMEDIARY, REQUESTER, EdmVersion, sr_key


@dataclass(frozen=True)
class Text:
    """A string with an optional language (``sdg:*/@lang`` or ``rim:LocalizedString``)."""

    value: str
    lang: str | None = None


@dataclass(frozen=True)
class Identifier:
    value: str
    scheme_id: str | None = None


@dataclass(frozen=True)
class Address:
    """``sdg:AddressType`` (the 1.0 XSD requires AdminUnitLevel1, a country code)."""

    admin_unit_level1: str | None = None
    full_address: str | None = None
    locator_designator: str | None = None
    post_code: str | None = None
    post_city_name: str | None = None
    thoroughfare: str | None = None
    admin_unit_level2: str | None = None


@dataclass(frozen=True)
class Agent:
    """``sdg:Agent``: an evidence requester, provider, issuing authority or error provider."""

    identifier: Identifier
    names: tuple[Text, ...]
    address: Address | None = None
    classification: str | None = None

    @property
    def name(self) -> str:
        """The English name if there is one, else the first."""
        english = next((n for n in self.names if (n.lang or "").upper() == "EN"), None)
        return (english or self.names[0]).value if self.names else ""


@dataclass(frozen=True)
class Requirement:
    identifier: str
    names: tuple[Text, ...]
    descriptions: tuple[Text, ...] = ()  # sdg:Description exists from 1.1 on

    @property
    def key(self) -> str:
        """The identifier in one spelling, whatever the message version (see ``sr_key``)."""
        return sr_key(self.identifier)


@dataclass(frozen=True)
class NaturalPerson:
    """``sdg:Person``: the eIDAS minimum data set the requester authenticated.

    ``nationality`` … ``email_address`` are the eIDAS attributes added in 1.1/1.2; the 1.0
    XSD does not know them.
    """

    family_name: str
    given_name: str
    date_of_birth: date
    identifier: Identifier | None = None
    level_of_assurance: str | None = None
    birth_name: str | None = None
    place_of_birth: str | None = None
    current_address: Address | None = None
    gender: str | None = None
    nationality: str | None = None
    country_of_birth: str | None = None
    town_of_birth: str | None = None
    country_of_residence: str | None = None
    phone_number: str | None = None
    email_address: str | None = None

    @property
    def has_v1_1_attributes(self) -> bool:
        return any(
            v is not None
            for v in (
                self.nationality,
                self.country_of_birth,
                self.town_of_birth,
                self.country_of_residence,
                self.phone_number,
                self.email_address,
            )
        )


@dataclass(frozen=True)
class Distribution:
    """``sdg:DistributedAs`` of the request: the format the requester chose from the DSD."""

    format: str
    conforms_to: str | None = None
    transformation: str | None = None
    language: str | None = None  # 2.0


@dataclass(frozen=True)
class EvidenceRequest:
    """``sdg:DataServiceEvidenceType`` copied by the requester from the DSD."""

    identifier: str
    evidence_type_classification: str  # as written in the message
    titles: tuple[Text, ...]
    descriptions: tuple[Text, ...] = ()
    distributed_as: Distribution | None = None

    @property
    def evidence_type_key(self) -> str:
        """The classification in one spelling (``sr.oots.tech.ec.europa.eu``)."""
        return sr_key(self.evidence_type_classification)


@dataclass(frozen=True)
class QueryRequest:
    """A parsed ``query:QueryRequest`` of EDM 1.0–1.2 or 2.0."""

    request_id: str
    specification: EdmVersion
    issue_date_time: datetime
    possibility_for_preview: bool
    explicit_request_given: bool
    requesters: tuple[Agent, ...]
    evidence_provider: Agent
    natural_person: NaturalPerson
    evidence_request: EvidenceRequest
    procedure: str | None = None
    preview_location: str | None = None  # set on the second request of the preview flow
    return_location: str | None = None  # 2.0 ReturnLocation
    requirements: tuple[Requirement, ...] = ()

    @property
    def requester(self) -> Agent:
        """The agent classified ER (an intermediary platform may come first)."""
        chosen = next((a for a in self.requesters if a.classification == REQUESTER), None)
        return chosen or self.requesters[0]

    @property
    def intermediary(self) -> Agent | None:
        return next((a for a in self.requesters if a.classification == INTERMEDIARY), None)

    @property
    def is_preview_followup(self) -> bool:
        """True for the second request, sent after a preview error (it repeats the location)."""
        return self.preview_location is not None


@dataclass(frozen=True)
class RequestContext:
    """What could be read from a request that was then refused, to address the error."""

    request_id: str | None = None
    specification: str | None = None
    requester: Agent | None = None

    @property
    def version(self) -> EdmVersion | None:
        return EdmVersion.parse(self.specification)
