"""What every use case needs, opened once per process: settings, database, keys, schemas, clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from gateway.core.elmo.schema import ElmoSchema
from gateway.core.keys import SigningKey, load_signing_key
from gateway.flows.metrics import Metrics
from gateway.flows.schema_dir import require_schema_dir
from gateway.flows.transport import HttpTransport
from gateway.settings import Settings
from gateway.storage.database import Database


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    """Long-lived collaborators of the flows; built by ``open`` and closed by ``close``."""

    settings: Settings
    db: Database
    signing_key: SigningKey
    elmo_schema: ElmoSchema
    clock: Callable[[], datetime] = field(default=utc_now)
    transport: HttpTransport | None = None  # set by the web layer (one ClientSession per process)
    metrics: Metrics = field(default_factory=Metrics)

    def http(self) -> HttpTransport:
        if self.transport is None:
            raise RuntimeError("no HTTP transport: outbound calls need the web lifecycle")
        return self.transport

    @classmethod
    async def open(cls, settings: Settings, *, clock: Callable[[], datetime] = utc_now) -> Services:
        """Load keys and schemas once (a PEM key load costs ~40 ms) and open the database."""
        require_schema_dir(settings.schemas.dir)
        elmo_schema = ElmoSchema.load(settings.schemas.dir)
        signing_key = load_signing_key(settings.signing.cert, settings.signing.key)
        db = Database.open(settings.database.url, echo=settings.database.echo)
        metrics = Metrics(settings.metrics.multiprocess_dir)
        return cls(settings, db, signing_key, elmo_schema, clock, metrics=metrics)

    async def close(self) -> None:
        await self.db.dispose()
