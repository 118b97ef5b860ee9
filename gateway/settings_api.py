"""The [api] section of the configuration: the student-records integration API (issue #16).
Loaded by gateway.settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ApiSection:
    """``/api/v1``: records in, verified merits out, for the clients of ``gateway api-client``."""

    enabled: bool = True
    max_body_bytes: int = 64 * 1024 * 1024
    read_timeout_seconds: float = 30.0
    page_size: int = 100
    max_page_size: int = 1000
    idempotency_hours: int = 24
    tls_client_ca: Path | None = None

    def __post_init__(self) -> None:
        if self.max_body_bytes < 1024:
            raise ValueError("max_body_bytes must be at least 1024")
        if self.read_timeout_seconds <= 0:
            raise ValueError("read_timeout_seconds must be positive")
        if not 1 <= self.page_size <= self.max_page_size:
            raise ValueError("page_size must be between 1 and max_page_size")
        if self.idempotency_hours < 1:
            raise ValueError("idempotency_hours must be at least 1")
