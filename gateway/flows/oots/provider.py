"""The OOTS evidence provider as flows share it: settings, validator, ids, wake-up (issue #5)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from gateway.core.oots.exchange import Exchange, minimal_request
from gateway.core.oots.model import QueryRequest
from gateway.core.oots.request import build_query_request, parse_query_request
from gateway.core.oots.validate import OotsValidator
from gateway.flows.oots.config import OotsConfig, oots_config
from gateway.flows.services import Services


def new_id() -> str:
    return str(uuid.uuid4())


def preview_key(token: str) -> str:
    """The stored form of a preview token (the token itself is only in the URL)."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def snapshot(request: QueryRequest) -> bytes:
    """What is kept of a request: ``minimal_request`` written by the core builder."""
    return build_query_request(minimal_request(request))


def restore(data: bytes) -> QueryRequest:
    return parse_query_request(data)


def first_request(exchange: Exchange) -> QueryRequest:
    if exchange.request_xml is None:
        raise RuntimeError(f"exchange {exchange.id} kept no request")
    return restore(exchange.request_xml)


def answered_request(exchange: Exchange) -> QueryRequest:
    """The request the final answer goes to: the second one after a preview, else the first."""
    if exchange.followup_xml is not None:
        return restore(exchange.followup_xml)
    return first_request(exchange)


@functools.lru_cache(maxsize=4)
def _validator(schema_dir: Path) -> OotsValidator:
    """The compiled TDD 1.0 XSDs, shared by the providers of a process (read-only)."""
    return OotsValidator.load(schema_dir)


@dataclass
class OotsProvider:
    """One per process: the checked [oots] settings, the TDD 1.0 XSD validator (compiled once)
    and the event that wakes the delivery loop when a new answer was committed."""

    services: Services
    config: OotsConfig
    validator: OotsValidator | None
    owner: str = field(default_factory=lambda: f"gw-{secrets.token_hex(6)}")
    _wake: asyncio.Event = field(default_factory=asyncio.Event)

    @classmethod
    async def open(cls, services: Services) -> OotsProvider:
        """Check [oots] and compile the XSDs (~0.3 s, once per process, off the event loop)."""
        config = oots_config(services.settings)
        schema_dir = services.settings.schemas.dir.resolve()
        validator = await asyncio.to_thread(_validator, schema_dir)
        return cls(services, config, validator)

    def notify(self) -> None:
        """Wake the delivery loop: a new answer is waiting."""
        self._wake.set()

    async def wait(self, seconds: float) -> None:
        """Sleep until ``notify`` or ``seconds`` pass, whichever comes first."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=max(seconds, 0.0))
        self._wake.clear()
