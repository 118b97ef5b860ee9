"""Build EDM error responses (Failure, one ``rs:Exception``) incl. the preview one (§5, §6)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from lxml import etree

from gateway.core.oots import rim as r
from gateway.core.oots.codes import (
    ERROR_PROVIDER,
    PREVIEW_REQUIRED,
    QUERY_NS,
    RS_NS,
    STATUS_FAILURE,
    EdmErrorCode,
    EdmVersion,
)
from gateway.core.oots.model import Agent, QueryRequest, Text
from gateway.core.oots.request import EdmRequestError

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
#: ``detail`` is free text for the requester; keep it to one bounded line.
MAX_DETAIL_CHARS = 1000


@dataclass(frozen=True)
class Preview:
    """Where the user previews and decides (EDM:ERR:0002): an https URL unique per request."""

    location: str
    method: Literal["GET", "POST"] = "GET"
    descriptions: tuple[Text, ...] = ()

    def __post_init__(self) -> None:
        if not self.location.startswith("https://"):
            raise ValueError("PreviewLocation must start with https:// (R-EDM-ERR-C019)")
        if self.method not in ("GET", "POST"):
            raise ValueError("PreviewMethod is GET or POST (R-EDM-ERR-C021)")


def build_error_response(
    code: EdmErrorCode,
    *,
    version: EdmVersion,
    response_id: str,
    timestamp: datetime,
    error_provider: Agent,
    requester: Agent | None,
    request_id: str | None,
    detail: str | None = None,
    preview: Preview | None = None,
) -> bytes:
    """An ``ExceptionResponse`` body: slots SpecificationIdentifier, EvidenceResponseIdentifier,
    ErrorProvider (classification ERRP), EvidenceRequester; an ``rs:Exception`` with xsi:type,
    code, fixed message, severity, optional detail and slots Timestamp (+ Preview*).

    EDM:ERR:0002 is the preview request and needs ``preview``; no other code takes one.
    ``requester`` is None only when the request was too broken to name it (the rules then
    miss the EvidenceRequester slot they require).
    """
    if (code == PREVIEW_REQUIRED) != (preview is not None):
        raise ValueError("EDM:ERR:0002 is sent with a Preview, and only it")
    if not _UUID.match(response_id):
        raise ValueError("EvidenceResponseIdentifier must be a UUID (R-EDM-ERR-C002)")
    attributes = {"status": STATUS_FAILURE}
    if request_id is not None:
        attributes["requestId"] = request_id
    root = r.root_element(f"{{{QUERY_NS}}}QueryResponse", **attributes)
    r.string_slot(root, "SpecificationIdentifier", version.value)
    r.string_slot(root, "EvidenceResponseIdentifier", response_id)
    r.add_agent(r.any_slot(root, "ErrorProvider"), error_provider, classification=ERROR_PROVIDER)
    if requester is not None:
        r.add_agent(r.any_slot(root, "EvidenceRequester"), requester, minimal=True)
    exception = etree.SubElement(root, f"{{{RS_NS}}}Exception")
    exception.set(r.XSI_TYPE, code.exception_type)
    exception.set("code", code.code)
    exception.set("message", code.message_for(version))
    exception.set("severity", code.severity_for(version))
    if detail:
        exception.set("detail", _one_line(detail))
    r.datetime_slot(exception, "Timestamp", timestamp)
    if preview is not None:
        r.string_slot(exception, "PreviewLocation", preview.location)
        if preview.descriptions:
            r.international_slot(exception, "PreviewDescription", preview.descriptions)
        r.string_slot(exception, "PreviewMethod", preview.method)
    return r.serialize(root)


def build_request_error(
    request: QueryRequest,
    code: EdmErrorCode,
    *,
    response_id: str,
    timestamp: datetime,
    error_provider: Agent,
    detail: str | None = None,
) -> bytes:
    """An error answering a request that was understood (0001, 0004, 0005, 0006, 0008 …)."""
    return build_error_response(
        code,
        version=request.specification,
        response_id=response_id,
        timestamp=timestamp,
        error_provider=error_provider,
        requester=request.requester,
        request_id=request.request_id,
        detail=detail,
    )


def build_preview_required(
    request: QueryRequest,
    preview: Preview,
    *,
    response_id: str,
    timestamp: datetime,
    error_provider: Agent,
    detail: str | None = "The evidence provider needs the user to preview the evidence first",
) -> bytes:
    """The first answer of the preview flow: EDM:ERR:0002 with severity PreviewRequired."""
    return build_error_response(
        PREVIEW_REQUIRED,
        version=request.specification,
        response_id=response_id,
        timestamp=timestamp,
        error_provider=error_provider,
        requester=request.requester,
        request_id=request.request_id,
        detail=detail,
        preview=preview,
    )


def build_rejection(
    error: EdmRequestError,
    *,
    fallback_version: EdmVersion,
    response_id: str,
    timestamp: datetime,
    error_provider: Agent,
) -> bytes:
    """The answer to a request the parser refused (0003/0007), addressed as far as it could be
    read; ``fallback_version`` when its version is unknown or not one we answer in."""
    context = error.context
    return build_error_response(
        error.edm,
        version=context.version or fallback_version,
        response_id=response_id,
        timestamp=timestamp,
        error_provider=error_provider,
        requester=context.requester,
        request_id=context.request_id,
        detail=error.message,
    )


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_DETAIL_CHARS else flat[: MAX_DETAIL_CHARS - 1] + "…"
