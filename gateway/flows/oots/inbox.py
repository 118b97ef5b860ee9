"""The requester's inbox: a folder where `gateway oots listen` keeps each delivered answer.

One sub-folder per answer, named so that they sort in arrival order, holding the body as received
(``body``), the RegRep payload (``response.xml``), each attachment (``<content-id>.<ext>``) and
``answer.json`` (content type, headers, a summary). The folder is written under a temporary name
and renamed when complete, so a reader (``gateway oots request --inbox``) never sees half of one.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gateway.errors import GatewayError
from gateway.flows.oots.requester import read_answer

META = "answer.json"
BODY = "body"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_EXTENSIONS = {"application/pdf": "pdf", "application/json": "json", "application/xml": "xml"}


@dataclass(frozen=True)
class StoredAnswer:
    folder: Path
    content_type: str
    body: bytes


def _summary(content_type: str, body: bytes) -> tuple[dict[str, Any], list[tuple[str, bytes]]]:
    """What answer.json says about an answer, and the files to keep beside it."""
    try:
        received = read_answer(content_type, body)
    except GatewayError as exc:
        return {"readable": False, "problem": exc.message}, []
    summary = received.summary
    files: list[tuple[str, bytes]] = [("response.xml", received.payload)]
    evidences = []
    for evidence in summary.evidences:
        saved = None
        if received.package is not None:
            with contextlib.suppress(GatewayError):
                part = received.package.attachment(evidence.href)
                extension = _EXTENSIONS.get(part.media_type, "bin")
                saved = _UNSAFE.sub("_", part.content_id.split("@", 1)[0]) + f".{extension}"
                files.append((saved, part.data))
        evidences.append(
            {"title": evidence.title, "format": evidence.format, "href": evidence.href,
             "file": saved}
        )  # fmt: skip
    return {
        "readable": True,
        "status": summary.status.rsplit(":", 1)[-1],
        "request_id": summary.request_id,
        "response_id": summary.response_id,
        "preview_location": summary.preview_location,
        "errors": [e.code for e in summary.exceptions],
        "evidences": evidences,
    }, files


def store_answer(
    inbox: Path, content_type: str, body: bytes, headers: Mapping[str, str]
) -> tuple[Path, dict[str, Any]]:
    """Keep one delivered answer in ``inbox``; returns its folder and its answer.json content."""
    inbox.mkdir(parents=True, exist_ok=True)
    name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
    partial = inbox / f".{name}.partial"
    partial.mkdir()
    summary, files = _summary(content_type, body)
    meta = {
        "received_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "content_type": content_type,
        "message_id": headers.get("X-Oots-Message-Id"),
        "bytes": len(body),
        **summary,
    }
    (partial / BODY).write_bytes(body)
    for file_name, data in files:
        (partial / file_name).write_bytes(data)
    (partial / META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    final = inbox / name
    partial.rename(final)
    return final, meta


def stored_answers(inbox: Path, skip: set[str]) -> Iterator[StoredAnswer]:
    """Complete answers in arrival order whose folder name is not in ``skip`` (which grows)."""
    if not inbox.is_dir():
        return
    for folder in sorted(inbox.iterdir()):
        if folder.name.startswith(".") or folder.name in skip or not (folder / META).is_file():
            continue
        skip.add(folder.name)
        try:
            meta = json.loads((folder / META).read_text(encoding="utf-8"))
            body = (folder / BODY).read_bytes()
        except (OSError, ValueError):
            continue
        yield StoredAnswer(folder, str(meta.get("content_type", "")), body)


def answer_summaries(inbox: Path) -> list[dict[str, Any]]:
    """Every complete answer's answer.json, in arrival order (the listener's GET)."""
    if not inbox.is_dir():
        return []
    found = []
    for folder in sorted(inbox.iterdir()):
        with contextlib.suppress(OSError, ValueError):
            if not folder.name.startswith("."):
                meta = json.loads((folder / META).read_text(encoding="utf-8"))
                found.append({"folder": folder.name, **meta})
    return found
