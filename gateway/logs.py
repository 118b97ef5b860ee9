"""JSON-lines logging with a request id on every line; redacts personal data, keys and tokens."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)

# What must never reach an ordinary log line, whatever a caller passes in.
_REDACTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"-----BEGIN [A-Z ]*-----.*?-----END [A-Z ]*-----", re.S), "[pem]"),
    (re.compile(r"\beyJ[\w-]{8,}\.[\w-]{8,}\.?[\w-]*(?:~[\w.~-]*)?"), "[jwt]"),
    # Swedish personnummer / samordningsnummer, with or without century and separator.
    (re.compile(r"\b(?:19|20)?\d{6}[-+]?[\dTP]\d{3}\b"), "[national-id]"),
    # Norwegian fødselsnummer and similar 11-digit national identifiers.
    (re.compile(r"\b\d{11}\b"), "[national-id]"),
    (re.compile(r"\b[A-Za-z0-9+/]{120,}={0,2}"), "[base64]"),
)

_STANDARD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()) | {
    "message",
    "asctime",
}


@contextmanager
def log_context(kind: str) -> Iterator[str]:
    """A fresh id (``<kind>-<hex>``) on the log lines of one unit of background work: an outbox
    round, a registry refresh, start-up. Request handlers get theirs from the middleware."""
    token = request_id_var.set(f"{kind}-{secrets.token_hex(6)}")
    try:
        yield str(request_id_var.get())
    finally:
        request_id_var.reset(token)


def _request_id(record: logging.LogRecord) -> str | None:
    """The id of the context the line was logged in; a line logged after its request (the
    access log) carries it as the ``request_id`` extra."""
    carried = record.__dict__.get("request_id")
    return carried if isinstance(carried, str) else request_id_var.get()


def redact(text: str) -> str:
    """Remove national identifiers, JWTs, PEM blocks and long base64 blobs from ``text``."""
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message and extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": _request_id(record),
            "message": redact(record.getMessage()),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRS and key != "request_id" and not key.startswith("_"):
                entry[key] = _safe(value)
        if record.exc_info:
            entry["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Human-readable lines for a developer's terminal, redacted the same way."""

    def format(self, record: logging.LogRecord) -> str:
        rid = _request_id(record)
        prefix = f"{record.levelname:<7} {record.name}"
        if rid:
            prefix += f" [{rid}]"
        line = f"{prefix}: {redact(record.getMessage())}"
        if record.exc_info:
            line += "\n" + redact(self.formatException(record.exc_info))
        return line


def _safe(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, int | float | bool) or value is None:
        return value
    return redact(str(value))


def configure_logging(level: str = "INFO", fmt: str = "json", stream: Any = None) -> None:
    """Install the gateway's formatter on the root logger (idempotent)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # Libraries that log SQL with its parameters (personal data) at DEBUG/INFO stay at WARNING
    # whatever the level: aiosqlite, and SQLAlchemy unless `[database] echo` (development).
    for noisy in ("aiohttp.access", "alembic", "aiosqlite", "sqlalchemy"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
