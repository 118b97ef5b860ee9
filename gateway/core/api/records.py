"""Records in (issue #16): the import summary as JSON, Idempotency-Key and body fingerprints.

The Idempotency-Key semantics follow the IETF httpapi draft "The Idempotency-Key HTTP Header
Field": a key names one request of one client; a retry with the same key and the same body gets
the first answer again, the same key with another body is refused (422).
"""

from __future__ import annotations

import hashlib
from typing import Any

from gateway.core.importing import ImportSummary
from gateway.errors import InvalidInput

BODY_NAME = "body"  # what import error messages call the request body ("body, record …")
MAX_IDEMPOTENCY_KEY = 255


def summary_json(summary: ImportSummary) -> dict[str, Any]:
    """Counts per kind of record (every kind the importer reports) and the totals."""
    counts = {
        kind: {"inserted": c.inserted, "updated": c.updated, "unchanged": c.unchanged}
        for kind, c in summary.kinds()
    }
    return {
        "counts": counts,
        "inserted": summary.inserted,
        "updated": summary.updated,
        "changed": summary.changed,
        "credentials_revoked": summary.credentials_revoked,
    }


def check_idempotency_key(value: str | None) -> str | None:
    """The header's value: visible ASCII, 1–255 characters (None when absent)."""
    if value is None:
        return None
    if not 0 < len(value) <= MAX_IDEMPOTENCY_KEY or not all(33 <= ord(c) < 127 for c in value):
        raise InvalidInput(
            f"Idempotency-Key: 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters, no spaces"
        )
    return value


def body_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
