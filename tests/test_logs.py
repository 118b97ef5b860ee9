"""Log lines are JSON with a request id, and never carry national ids, tokens or keys."""

from __future__ import annotations

import io
import json
import logging

import pytest

from gateway.logs import configure_logging, redact, request_id_var


@pytest.mark.parametrize(
    "secret",
    [
        "19900315-2389",
        "199003152389",
        "900315-2389",
        "15039012345",
        "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4eXoifQ.c2lnbmF0dXJlLXZhbHVl",
        # built at run time so that the repository holds nothing that looks like a key
        "-----BEGIN PRIVATE" + " KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE" + " KEY-----",
        "H4sI" + "A" * 200,
    ],
)
def test_redaction_removes_identifiers_tokens_and_keys(secret: str) -> None:
    assert secret not in redact(f"before {secret} after")


def test_json_lines_carry_request_id_and_redact_extras() -> None:
    stream = io.StringIO()
    configure_logging("INFO", "json", stream=stream)
    token = request_id_var.set("abc123")
    try:
        logging.getLogger("gateway.test").info(
            "learner 19900315-2389 logged in", extra={"who": "19900315-2389", "count": 3}
        )
    finally:
        request_id_var.reset(token)
        configure_logging("WARNING", "text")
    entry = json.loads(stream.getvalue().strip())
    assert entry["request_id"] == "abc123"
    assert entry["count"] == 3
    assert "19900315-2389" not in stream.getvalue()
    assert entry["message"] == "learner [national-id] logged in"
