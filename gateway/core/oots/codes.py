"""OOTS EDM fixed values: versions, namespaces, statuses, error codes, SR spellings (§2, §5)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

QUERY_NS: Final = "urn:oasis:names:tc:ebxml-regrep:xsd:query:4.0"
RIM_NS: Final = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:4.0"
RS_NS: Final = "urn:oasis:names:tc:ebxml-regrep:xsd:rs:4.0"
SDG_NS: Final = "http://data.europa.eu/p4s"
XLINK_NS: Final = "http://www.w3.org/1999/xlink"
XSI_NS: Final = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS: Final = "http://www.w3.org/XML/1998/namespace"

#: The prefixes we emit (peers must bind by URI; we do too when reading).
NSMAP: Final[dict[str, str]] = {
    "query": QUERY_NS,
    "rim": RIM_NS,
    "rs": RS_NS,
    "sdg": SDG_NS,
    "xlink": XLINK_NS,
    "xsi": XSI_NS,
}

#: RegRep payload media type on the wire (AS4 PartInfo MimeType; DESIGN.md §3).
EBRS_MEDIA_TYPE: Final = "application/x-ebrs+xml"

STATUS_SUCCESS: Final = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success"
STATUS_FAILURE: Final = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure"
STATUS_UNAVAILABLE: Final = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Unavailable"

COLLECTION_SET: Final = "urn:oasis:names:tc:ebxml-regrep:CollectionType:Set"
RETURN_TYPE: Final = "LeafClassWithRepositoryItem"
QUERY_DEFINITION: Final = "DocumentQuery"

#: 2.0 evidence packaging (FR reference response; R-EDM-RESP-S062/S063 of 2.0.1).
EDM_CLASSIFICATION_SCHEME: Final = "urn:fdc:oots:classification:edm"
MAIN_EVIDENCE: Final = "MainEvidence"

#: Code list OOTSMediaTypes (1.0): the only values allowed in Format (R-EDM-RESP-C023).
OOTS_MEDIA_TYPES: Final = frozenset(
    {
        "application/pdf",
        "application/xml",
        "application/json",
        "image/jpeg",
        "image/png",
        "image/svg+xml",
    }
)
#: Formats whose Distribution MUST carry ConformsTo (R-EDM-RESP-C044a/b).
STRUCTURED_MEDIA_TYPES: Final = frozenset({"application/xml", "application/json"})

LEVELS_OF_ASSURANCE: Final = ("Low", "Substantial", "High")

#: Agent classifications (code list AgentClassification).
REQUESTER: Final = "ER"
INTERMEDIARY: Final = "IP"
PROVIDER: Final = "EP"
ERROR_PROVIDER: Final = "ERRP"


class EdmVersion(StrEnum):
    """The ``SpecificationIdentifier`` values we can read and answer in (notes §1)."""

    V1_0 = "oots-edm:v1.0"
    V1_1 = "oots-edm:v1.1"
    V1_2 = "oots-edm:v1.2"
    V2_0 = "oots-edm:v2.0"

    @property
    def is_v1(self) -> bool:
        return self is not EdmVersion.V2_0

    @classmethod
    def parse(cls, value: str | None) -> EdmVersion | None:
        """The version named by ``value``, or None when it is not one we know."""
        try:
            return cls((value or "").strip())
        except ValueError:
            return None


# --- Semantic Repository spellings -------------------------------------------------------

SR_HOST_V1_0: Final = "sr.oots.tech.europa.eu"
SR_HOST: Final = "sr.oots.tech.ec.europa.eu"
_SR_PREFIX = re.compile(r"^https://sr\.oots\.tech\.(?:ec\.)?europa\.eu/")
_SR_MODELS = re.compile(r"^(https://[^/]+/)(?:distributions|datamodels)/")


def sr_key(iri: str) -> str:
    """One comparison key for an SR IRI written in either spelling (1.0 vs 1.1+ host).

    The same UUID is ``https://sr.oots.tech.europa.eu/…`` in 1.0 messages and
    ``https://sr.oots.tech.ec.europa.eu/…`` from 1.1 on; the key uses the latter. Other IRIs
    (e.g. the acceptance environment ``sr.acc.…``) are returned stripped but unchanged.
    """
    value = iri.strip()
    return _SR_PREFIX.sub(f"https://{SR_HOST}/", value)


def sr_spelling(iri: str, version: EdmVersion) -> str:
    """``iri`` respelled for a message of ``version``; non-SR IRIs are returned unchanged.

    1.0 rules pin ``https://sr.oots.tech.europa.eu/`` and data models under ``/distributions/``
    (R-EDM-RESP-C017/C022); 1.1+ use the ``.ec.`` host and ``/datamodels/`` (1.2/2.0 examples).
    """
    value = iri.strip()
    if not _SR_PREFIX.match(value):
        return value
    if version is EdmVersion.V1_0:
        value = _SR_PREFIX.sub(f"https://{SR_HOST_V1_0}/", value)
        return _SR_MODELS.sub(r"\1distributions/", value)
    value = _SR_PREFIX.sub(f"https://{SR_HOST}/", value)
    return _SR_MODELS.sub(r"\1datamodels/", value)


# --- Error codes (code list EDMErrorCodes, notes §5) -----------------------------------------

SEVERITY_ERROR: Final = "urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error"
_PREVIEW_REQUIRED = "urn:{host}:codes:ErrorSeverity:EDMErrorResponse:PreviewRequired"
#: The 1.0 code list spells the preview severity without ``.ec`` (R-EDM-ERR-C014).
SEVERITY_PREVIEW_REQUIRED_V1_0: Final = _PREVIEW_REQUIRED.format(host=SR_HOST_V1_0)
SEVERITY_PREVIEW_REQUIRED: Final = _PREVIEW_REQUIRED.format(host=SR_HOST)


@dataclass(frozen=True)
class EdmErrorCode:
    """One row of EDMErrorCodes: ``code``, exception ``xsi:type`` and the fixed ``message``."""

    code: str
    exception_type: str
    message: str
    message_v2: str | None = None  # where the 2.0.1 list changed the text

    def message_for(self, version: EdmVersion) -> str:
        if version is EdmVersion.V2_0 and self.message_v2 is not None:
            return self.message_v2
        return self.message

    def severity_for(self, version: EdmVersion) -> str:
        """Error for every code but EDM:ERR:0002, which is only used to require a preview.

        R-EDM-ERR-C015 forbids the Error severity on ``rs:AuthorizationExceptionType``; the
        1.0 code list links PreviewRequired to 0001, a slip fixed in TDD 1.0.5 (notes §5).
        """
        if self.code != PREVIEW_REQUIRED.code:
            return SEVERITY_ERROR
        if version is EdmVersion.V1_0:
            return SEVERITY_PREVIEW_REQUIRED_V1_0
        return SEVERITY_PREVIEW_REQUIRED


FAILED_AUTHENTICATION: Final = EdmErrorCode(
    "EDM:ERR:0001", "rs:AuthenticationExceptionType", "Failed Authentication"
)
PREVIEW_REQUIRED: Final = EdmErrorCode(
    "EDM:ERR:0002", "rs:AuthorizationExceptionType", "Missing Authorization"
)
INVALID_REQUEST: Final = EdmErrorCode(
    "EDM:ERR:0003",
    "rs:InvalidRequestExceptionType",
    "Syntactically or semantically invalid request",
)
OBJECT_NOT_FOUND: Final = EdmErrorCode(
    "EDM:ERR:0004", "rs:ObjectNotFoundExceptionType", "Object not found"
)
TIMEOUT: Final = EdmErrorCode("EDM:ERR:0005", "rs:TimeoutExceptionType", "Exceeding timeout period")
UNRESOLVED_REFERENCE: Final = EdmErrorCode(
    "EDM:ERR:0006",
    "rs:UnresolvedReferenceExceptionType",
    "Referenced object that cannot be resolved",
)
UNSUPPORTED_CAPABILITY: Final = EdmErrorCode(
    "EDM:ERR:0007",
    "rs:UnsupportedCapabilityExceptionType",
    "Optional feature or capability is not supported",
)
QUERY_EXCEPTION: Final = EdmErrorCode(
    "EDM:ERR:0008",
    "query:QueryExceptionType",
    "Problem during the processing of a QueryRequest",
    message_v2="Invalid query syntax or semantics that must be corrected",
)

EDM_ERRORS: Final[dict[str, EdmErrorCode]] = {
    e.code: e
    for e in (
        FAILED_AUTHENTICATION,
        PREVIEW_REQUIRED,
        INVALID_REQUEST,
        OBJECT_NOT_FOUND,
        TIMEOUT,
        UNRESOLVED_REFERENCE,
        UNSUPPORTED_CAPABILITY,
        QUERY_EXCEPTION,
    )
}
