"""The [status] section of the configuration: credential status (Token Status List, issue #15).
Loaded by gateway.settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

MIN_LIST_SIZE = 131_072
"""Issue #15 / Token Status List §12 (herd privacy): one entry says nothing about the others."""


@dataclass(frozen=True)
class StatusSection:
    """Status lists we publish (``GET /status/{list}``) and how we check other lists."""

    # --- the lists we publish ---
    list_size: int = MIN_LIST_SIZE
    bits: int = 1
    token_lifetime_minutes: int = 1440
    resign_before_expiry_minutes: int = 360
    ttl_seconds: int = 300
    # --- checking a credential's status (ours and foreign lists) ---
    unreachable: Literal["reject", "accept"] = "reject"
    trust_anchors: tuple[Path, ...] = ()
    fetch_timeout_seconds: float = 5.0
    max_token_bytes: int = 1024 * 1024
    max_list_bytes: int = 16 * 1024 * 1024
    default_cache_seconds: int = 300
    max_cache_seconds: int = 86_400
    allow_http_loopback: bool = False

    def __post_init__(self) -> None:
        if self.list_size < MIN_LIST_SIZE or self.list_size % 8:
            raise ValueError(f"list_size must be a multiple of 8 and at least {MIN_LIST_SIZE}")
        if self.bits not in (1, 2):
            raise ValueError("bits must be 1 (valid/revoked) or 2 (also suspended)")
        if self.token_lifetime_minutes < 10:
            raise ValueError("token_lifetime_minutes must be at least 10")
        if not 0 < self.resign_before_expiry_minutes < self.token_lifetime_minutes:
            raise ValueError("resign_before_expiry_minutes must be within token_lifetime_minutes")
        if not 0 < self.ttl_seconds <= self.token_lifetime_minutes * 60:
            raise ValueError("ttl_seconds must be positive and at most the token lifetime")
        if self.fetch_timeout_seconds <= 0:
            raise ValueError("fetch_timeout_seconds must be positive")
        if self.max_token_bytes < 1024 or self.max_list_bytes < 1024:
            raise ValueError("max_token_bytes and max_list_bytes must be at least 1024")
        if not 0 < self.default_cache_seconds <= self.max_cache_seconds:
            raise ValueError("default_cache_seconds must be positive, at most max_cache_seconds")
