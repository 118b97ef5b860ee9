"""The requester tool's logic: build a QueryRequest, follow the preview, read the answers (§3–6).

Transport-agnostic: the web layer (``gateway/web/requester.py``) posts through an
``HttpTransport`` and feeds what its listener receives into ``answers``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Final

from gateway.core.oots.codes import EBRS_MEDIA_TYPE, REQUESTER, EdmVersion
from gateway.core.oots.exchange import split_agent_key
from gateway.core.oots.mime import Package, parse_package
from gateway.core.oots.model import (
    Address,
    Agent,
    Distribution,
    EvidenceRequest,
    Identifier,
    NaturalPerson,
    QueryRequest,
    Text,
)
from gateway.core.oots.reply import QueryResponseSummary, read_query_response
from gateway.core.oots.request import build_query_request
from gateway.errors import GatewayError, InvalidInput, PeerError
from gateway.flows.transport import HttpTransport

EXIT_EVIDENCE: Final = 0
EXIT_NO_EVIDENCE: Final = 3
EXIT_EDM_ERROR: Final = 4
EXIT_REFUSED: Final = 5
EXIT_TIMEOUT: Final = 6
_EXTENSIONS: Final = {
    "application/pdf": "pdf",
    "application/json": "json",
    "application/xml": "xml",
}

Emit = Callable[[str], None]


@dataclass(frozen=True)
class RequestOptions:
    to: str
    requester: Agent
    provider: Agent
    person: NaturalPerson
    evidence_type: str
    version: EdmVersion = EdmVersion.V1_2
    preview: bool = False
    fmt: str = "application/pdf"
    procedure: str | None = "T2"
    timeout_s: float = 300.0
    out: Path | None = None


@dataclass(frozen=True)
class Received:
    summary: QueryResponseSummary
    package: Package | None
    payload: bytes


def agent(key: str, name: str, country: str | None, classification: str | None) -> Agent:
    """An ``sdg:Agent`` from ``<schemeID>:<identifier>`` and a name."""
    try:
        identifier = split_agent_key(key)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    address = Address(country.upper()) if country else None
    return Agent(identifier, (Text(name, "EN"),), address, classification)


def read_person(value: str) -> NaturalPerson:
    """``--person``: a JSON file (family_name, given_name, date_of_birth, [identifier,
    level_of_assurance]) or ``Family,Given,YYYY-MM-DD[,eIDAS identifier]``."""
    path = Path(value)
    try:
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            fields = [data["family_name"], data["given_name"], data["date_of_birth"]]
            fields.append(data.get("identifier") or "")
            level = data.get("level_of_assurance") or "High"
        else:
            fields = [part.strip() for part in value.split(",")]
            fields += [""] * (4 - len(fields))
            level = "High"
        family, given, born, identifier = fields[:4]
        if not family or not given:
            raise ValueError("family and given name are required")
        return NaturalPerson(
            family_name=family,
            given_name=given,
            date_of_birth=date.fromisoformat(born),
            identifier=Identifier(identifier, "eidas") if identifier else None,
            level_of_assurance=level,
        )
    except (OSError, KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"--person: {exc}") from None


def build_request(options: RequestOptions, *, now: datetime | None = None) -> QueryRequest:
    return QueryRequest(
        request_id=f"urn:uuid:{uuid.uuid4()}",
        specification=options.version,
        issue_date_time=(now or datetime.now(UTC)).replace(microsecond=0),
        possibility_for_preview=options.preview,
        explicit_request_given=True,
        requesters=(replace(options.requester, classification=REQUESTER),),
        evidence_provider=Agent(options.provider.identifier, options.provider.names),
        natural_person=options.person,
        evidence_request=EvidenceRequest(
            identifier=str(uuid.uuid4()),
            evidence_type_classification=options.evidence_type,
            titles=(Text("Higher education evidence", "EN"),),
            descriptions=(Text("Evidence of higher education studies", "EN"),),
            distributed_as=Distribution(options.fmt),
        ),
        procedure=options.procedure,
    )


def read_answer(content_type: str, body: bytes) -> Received:
    """One delivered answer: a bare RegRep payload or multipart/related with attachments."""
    package = None
    payload = body
    if content_type.lower().startswith("multipart/related"):
        package = parse_package(content_type, body)
        payload = package.payload.data
    return Received(read_query_response(payload), package, payload)


async def run_exchange(
    transport: HttpTransport,
    answers: asyncio.Queue[tuple[str, bytes]],
    options: RequestOptions,
    emit: Emit,
) -> int:
    """Send the request (and, after a preview, the second one), wait for the answer to it,
    print it and save its attachments; the exit code says how it ended."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + options.timeout_s
    first = build_request(options)
    refused = await _send(transport, options.to, first, emit)
    if refused is not None:
        return refused
    answer = await _wait(answers, first.request_id, deadline, emit)
    if answer is None:
        return EXIT_TIMEOUT
    location = answer.summary.preview_location
    if location is not None:
        emit(f"preview: {location}")
        if not options.preview:
            _report_errors(answer, emit)
            emit("result: preview-required")
            return EXIT_EDM_ERROR
        second = replace(first, request_id=f"urn:uuid:{uuid.uuid4()}", preview_location=location)
        refused = await _send(transport, options.to, second, emit)
        if refused is not None:
            return refused
        answer = await _wait(answers, second.request_id, deadline, emit)
        if answer is None:
            return EXIT_TIMEOUT
    return _report(answer, options.out, emit)


async def _send(
    transport: HttpTransport, url: str, request: QueryRequest, emit: Emit
) -> int | None:
    emit(f"request: {request.request_id}")
    try:
        reply = await transport.post(
            url, build_query_request(request), content_type=EBRS_MEDIA_TYPE, timeout_s=60.0
        )
    except PeerError as exc:
        emit(f"refused: {exc.message}")
        emit("result: refused")
        return EXIT_REFUSED
    if reply.status == 202:
        try:
            emit(f"exchange: {json.loads(reply.body)['exchange_id']}")
        except (ValueError, KeyError, TypeError):
            emit("exchange: ?")
        return None
    emit(f"refused: HTTP {reply.status}")
    with contextlib.suppress(GatewayError):
        _report_errors(read_answer(reply.content_type, reply.body), emit)
    emit("result: refused")
    return EXIT_REFUSED


async def _wait(
    answers: asyncio.Queue[tuple[str, bytes]], request_id: str, deadline: float, emit: Emit
) -> Received | None:
    """The first answer to ``request_id``; answers to other requests and redeliveries of the
    same EvidenceResponseIdentifier are ignored."""
    loop = asyncio.get_running_loop()
    seen: set[str] = set()
    while True:
        remaining = deadline - loop.time()
        if remaining <= 0:
            emit("result: timeout")
            return None
        try:
            content_type, body = await asyncio.wait_for(answers.get(), timeout=remaining)
        except TimeoutError:
            emit("result: timeout")
            return None
        try:
            received = read_answer(content_type, body)
        except GatewayError as exc:
            emit(f"unreadable answer ignored: {exc.message}")
            continue
        if received.summary.request_id != request_id:
            continue
        if received.summary.response_id in seen:
            continue
        seen.add(received.summary.response_id or "")
        return received


def _report_errors(answer: Received, emit: Emit) -> None:
    for error in answer.summary.exceptions:
        detail = f' detail="{error.detail}"' if error.detail else ""
        emit(f'error: {error.code} {error.exception_type} "{error.message}"{detail}')


def _report(answer: Received, out: Path | None, emit: Emit) -> int:
    summary = answer.summary
    emit(
        f"response: {summary.status.rsplit(':', 1)[-1]} {summary.response_id} "
        f"({len(summary.evidences)} evidence)"
    )
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "response.xml").write_bytes(answer.payload)
    for evidence in summary.evidences:
        size: int | str = "?"
        saved = "-"
        if answer.package is not None:
            try:
                part = answer.package.attachment(evidence.href)
            except GatewayError:
                part = None
            if part is not None:
                size = len(part.data)
                if out is not None:
                    extension = _EXTENSIONS.get(part.media_type, "bin")
                    target = out / f"{part.content_id.split('@', 1)[0]}.{extension}"
                    target.write_bytes(part.data)
                    saved = str(target)
        emit(
            f"evidence: {evidence.title} | {evidence.format} | {evidence.conforms_to or '-'} | "
            f"{evidence.href} | {size} bytes | {saved}"
        )
    if summary.failed:
        _report_errors(answer, emit)
        emit("result: error")
        return EXIT_EDM_ERROR
    if not summary.evidences:
        emit("result: no-evidence")
        return EXIT_NO_EVIDENCE
    emit("result: evidence")
    return EXIT_EVIDENCE
