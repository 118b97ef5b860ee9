"""The gateway's Prometheus metrics: one catalogue, counted by the flows and the web layer.

Each gateway process counts into its own registry; with ``[metrics] multiprocess_dir`` the
processes of one server pool their counts in that directory (prometheus_client's multi-process
mode), and a scrape of any process reports them all. Queue depths are read from the database
at scrape time, so every process reports the same, current figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from prometheus_client import (
    CollectorRegistry,
    Counter,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector

from gateway.errors import NotFound
from gateway.storage.database import Database
from gateway.storage.ops import outbox_depth

LATENCY_BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


def _use_multiprocess_values() -> None:
    """prometheus_client chooses its value class when it is imported; a process that imported
    it before ``PROMETHEUS_MULTIPROC_DIR`` was set switches here, before any metric exists."""
    if not getattr(values.ValueClass, "_multiprocess", False):
        values.ValueClass = values.MultiProcessValue()  # type: ignore[no-untyped-call]


class Metrics:
    """Every metric of the gateway, in one registry per process (see the module docstring)."""

    def __init__(self, multiprocess_dir: Path | None = None) -> None:
        if multiprocess_dir is not None:
            _use_multiprocess_values()
        self.multiprocess_dir = multiprocess_dir
        self.registry = registry = CollectorRegistry()
        self.http_requests = Counter(
            "gateway_http_requests",
            "HTTP requests answered, by route template, method and status.",
            ["route", "method", "status"],
            registry=registry,
        )
        self.http_duration = Histogram(
            "gateway_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template and method.",
            ["route", "method"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.emrex_returns_sent = Counter(
            "gateway_emrex_returns_sent",
            "EMREX answers our contact point sent to a client, by returnCode.",
            ["code"],
            registry=registry,
        )
        self.emrex_returns_received = Counter(
            "gateway_emrex_returns_received",
            "EMREX answers our client received, by returnCode and what became of them.",
            ["code", "outcome"],
            registry=registry,
        )
        self.elmo_signatures = Counter(
            "gateway_elmo_signatures",
            "ELMO XML signatures made (sign) and checked (verify), by outcome.",
            ["operation", "outcome"],
            registry=registry,
        )
        self.oots_requests = Counter(
            "gateway_oots_requests",
            "OOTS evidence requests received: accepted, or the EDM error they were refused with.",
            ["outcome"],
            registry=registry,
        )
        self.oots_deliveries = Counter(
            "gateway_oots_delivery_attempts",
            "OOTS outbox delivery attempts, by the state the message is in afterwards.",
            ["state"],
            registry=registry,
        )
        self.wallet_offers = Counter(
            "gateway_wallet_offers", "Wallet credential offers made.", registry=registry
        )
        self.wallet_tokens = Counter(
            "gateway_wallet_tokens",
            "Access tokens issued for pre-authorized codes.",
            registry=registry,
        )
        self.wallet_credentials = Counter(
            "gateway_wallet_credentials", "Wallet credentials issued.", registry=registry
        )
        self.wallet_errors = Counter(
            "gateway_wallet_errors",
            "OpenID4VCI error responses, by OAuth/OpenID4VCI error code.",
            ["code"],
            registry=registry,
        )
        self.wallet_notifications = Counter(
            "gateway_wallet_notifications",
            "Wallet notifications received, by event.",
            ["event"],
            registry=registry,
        )
        self.api_requests = Counter(
            "gateway_api_requests",
            "Integration API calls (/api/v1), by client name, operation and HTTP status.",
            ["client", "operation", "status"],
            registry=registry,
        )
        if multiprocess_dir is None:  # per-process figures; meaningless when pooled
            ProcessCollector(registry=registry)
            PlatformCollector(registry=registry)
            GCCollector(registry=registry)

    @contextmanager
    def signing(self) -> Iterator[None]:
        """Count the ELMO signature made in the block ("ok"), or its failure ("error"); nothing
        to sign (``NotFound``) is no signature."""
        try:
            yield
        except NotFound:
            raise
        except Exception:
            self.elmo_signatures.labels("sign", "error").inc()
            raise
        self.elmo_signatures.labels("sign", "ok").inc()

    def exposition(self, extra: Iterable[Metric] = ()) -> bytes:
        """The Prometheus text format of every metric (all processes' in multi-process mode)."""
        if self.multiprocess_dir is None:
            sources: list[Collector] = [self.registry]
        else:
            pooled = CollectorRegistry()
            multiprocess.MultiProcessCollector(pooled, path=str(self.multiprocess_dir))  # type: ignore[no-untyped-call]
            sources = [pooled]
        return generate_latest(_Scrape(sources, list(extra)))


class _Scrape(Collector):
    def __init__(self, sources: list[Collector], extra: list[Metric]) -> None:
        self.sources = sources
        self.extra = extra

    def collect(self) -> Iterator[Metric]:
        for source in self.sources:
            yield from source.collect()
        yield from self.extra


async def database_gauges(db: Database) -> list[Metric]:
    """Figures read from the database at scrape time: the OOTS outbox depth by state."""
    async with db.session() as session:
        depth = await outbox_depth(session)
    gauge = GaugeMetricFamily(
        "gateway_oots_outbox_messages",
        "OOTS answers in the outbox, by state (pending includes those being retried).",
        labels=["state"],
    )
    for state, count in depth.items():
        gauge.add_metric([state.value], count)
    return [gauge]


def process_exited(pid: int, multiprocess_dir: Path) -> None:
    """For a process manager (gunicorn's ``child_exit``): forget a dead worker's live gauges."""
    multiprocess.mark_process_dead(pid, str(multiprocess_dir))  # type: ignore[no-untyped-call]
