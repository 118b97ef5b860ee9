"""Operations endpoints: /healthz, /readyz (what failed), /metrics (format, access, counts)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from gateway import __version__
from gateway.core.keys import SigningKey, issue_certificate, new_rsa_key
from gateway.flows.emrex.registry import refresh_registry
from gateway.web import appkeys
from gateway.web.handlers.emrex.registry import REGISTRY
from tests.storage.helpers import Template
from tests.web.emrex.support import (
    KARIN_SE,
    arrive_at_cp,
    browsing,
    checkbox_ids,
    choose_and_consent,
    federation,
    start_fetch,
    write_registry,
)
from tests.web.nodes import Node, browser, running_node
from tests.web.wallet.client import TestWallet
from tests.web.wallet.support import add_to_wallet, log_in

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples(text: str) -> Samples:
    """Every sample of a Prometheus text exposition, keyed by name and labels."""
    found: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(found: Samples, name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


async def scrape(node: Node) -> Samples:
    async with aiohttp.ClientSession() as http, http.get(node.path("/metrics")) as response:
        assert response.status == 200, await response.text()
        assert response.headers["Content-Type"].startswith("text/plain; version=")
        return samples(await response.text())


async def load_registry(node: Node, schema_dir: Path) -> None:
    """Write a registry listing ``node`` itself at its configured source and load it."""
    await write_registry(Path(node.settings.registry.source), [node], schema_dir)
    await refresh_registry(node.app[appkeys.SERVICES], node.app[REGISTRY])


async def test_healthz_is_tiny_and_says_nothing_secret(node: Node) -> None:
    async with aiohttp.ClientSession() as http, http.get(node.path("/healthz")) as response:
        assert response.status == 200
        body = await response.json()
        raw = await response.text()
    assert body == {"status": "ok", "version": __version__, "pid": os.getpid()}
    assert len(raw) < 100
    assert "no-store" in response.headers["Cache-Control"]


async def test_readyz_names_the_failed_check_without_details(node: Node, schema_dir: Path) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(node.path("/readyz")) as response:  # no registry file yet
            assert response.status == 503
            body = await response.json()
        assert body["status"] == "not ready"
        assert body["checks"] == {
            "database": "ok",
            "signing_key": "ok",
            "wallet_key": "ok",
            "schemas": "ok",
            "registry": "failed",
        }
        await load_registry(node, schema_dir)
        async with http.get(node.path("/readyz")) as response:
            assert response.status == 200, await response.text()
            assert (await response.json())["status"] == "ready"
        async with node.app[appkeys.SERVICES].db.engine.begin() as connection:
            await connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        async with http.get(node.path("/readyz")) as response:
            assert response.status == 503
            answer = await response.text()
    assert '"database": "failed"' in answer
    assert "0001" not in answer  # reasons go to the log only
    assert "sqlite" not in answer


async def test_metrics_count_requests_by_route_template_and_status(node: Node) -> None:
    async with browser() as http:
        for _ in range(3):
            assert (await http.get(node.path("/healthz"))).status == 200
        unknown = await http.get(node.path("/emrex/some-unknown-id"), allow_redirects=False)
        assert unknown.status == 303
        assert (await http.get(node.path("/no/such/page/12345"))).status == 404
    found = await scrape(node)
    requests = "gateway_http_requests_total"
    assert value(found, requests, route="/healthz", method="GET", status="200") == 3
    assert value(found, requests, route="/emrex/{rid}", method="GET", status="303") == 1
    assert value(found, requests, route="unmatched", method="GET", status="404") == 1
    assert not any("some-unknown" in str(labels) for _, labels in found)  # templates only
    latency = "gateway_http_request_duration_seconds_count"
    assert value(found, latency, route="/healthz", method="GET") == 3
    assert value(found, "gateway_oots_outbox_messages", state="pending") == 0
    assert ("gateway_oots_outbox_messages", frozenset({("state", "failed")})) in found
    assert any(name.startswith("process_") for name, _ in found)


@pytest.mark.parametrize(
    ("metrics", "status"),
    [({"allow": ["10.20.30.40/32"]}, 403), ({"enabled": False}, 404)],
    ids=["address-not-allowed", "disabled"],
)
async def test_metrics_are_refused_outside_the_allowed_addresses(
    tmp_path: Path,
    seeded_template: Template,
    signing_key: SigningKey,
    schema_dir: Path,
    metrics: dict[str, object],
    status: int,
) -> None:
    async with (
        running_node(tmp_path, seeded_template, signing_key, schema_dir, {"metrics": metrics}) as n,
        aiohttp.ClientSession() as http,
        http.get(n.path("/metrics")) as response,
    ):
        assert response.status == status
        assert "gateway_http_requests" not in await response.text()
        assert (await http.get(n.path("/healthz"))).status == 200


async def test_an_emrex_exchange_is_counted_on_both_sides(
    tmp_path: Path,
    seeded_template: Template,
    seeded_no_template: Template,
    signing_key: SigningKey,
    dev_ca: SigningKey,
    schema_dir: Path,
) -> None:
    client_key = issue_certificate(dev_ca, new_rsa_key(), "Client", "tests", "NO")
    async with (
        federation(
            tmp_path, seeded_template, seeded_no_template, signing_key, client_key, schema_dir
        ) as fed,
        browsing() as person,
    ):
        started = await start_fetch(person, fed)
        selection = await arrive_at_cp(person, fed, started, KARIN_SE)
        answered = await choose_and_consent(person, selection, checkbox_ids(selection))
        assert (await person.submit(answered, "/client/return")).status == 200
        replay = await person.submit(answered, "/client/return")
        assert replay.status == 409
        cp, client = await scrape(fed.cp), await scrape(fed.client)
    assert value(cp, "gateway_emrex_returns_sent_total", code="NCP_OK") == 1
    assert value(cp, "gateway_elmo_signatures_total", operation="sign", outcome="ok") == 1
    received = "gateway_emrex_returns_received_total"
    assert value(client, received, code="NCP_OK", outcome="imported") == 1
    assert value(client, received, code="NCP_OK", outcome="unknown_session") == 1
    verified = "gateway_elmo_signatures_total"
    assert value(client, verified, operation="verify", outcome="valid") == 1
    assert value(client, "gateway_emrex_returns_sent_total", code="NCP_OK") == 0


async def test_wallet_issuance_outcomes_are_counted(node: Node) -> None:
    async with browser() as learner, aiohttp.ClientSession() as http:
        await log_in(learner, node)
        page = await add_to_wallet(learner, node)
        wallet = TestWallet(http)
        refused = await wallet.token(node.path("/token"), "not-a-code", "000000")
        assert refused.error == "invalid_grant"
        _, received = await wallet.receive_all(page.link, page.tx_code)  # notifies acceptance
    found = await scrape(node)
    assert value(found, "gateway_wallet_offers_total") == 1
    assert value(found, "gateway_wallet_tokens_total") == 1
    assert value(found, "gateway_wallet_credentials_total") == len(received) == 3
    assert value(found, "gateway_wallet_errors_total", code="invalid_grant") == 1
    notified = "gateway_wallet_notifications_total"
    assert value(found, notified, event="credential_accepted") == 3
    assert value(found, "gateway_elmo_signatures_total", operation="sign", outcome="ok") == 3


WORKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    {early_import}
    from gateway.settings import settings_from_mapping
    from gateway.flows.metrics import Metrics

    directory = sys.argv[1]
    settings = settings_from_mapping({{
        "server": {{"public_url": "http://127.0.0.1:1"}},
        "database": {{"url": "sqlite+aiosqlite:///unused.sqlite3"}},
        "signing": {{"cert": "c", "key": "k"}},
        "schemas": {{"dir": "s"}},
        "metrics": {{"multiprocess_dir": directory}},
    }})
    settings.metrics.export()
    metrics = Metrics(Path(directory))
    metrics.wallet_offers.inc()
    metrics.http_requests.labels("/healthz", "GET", "200").inc(int(sys.argv[2]))
    if len(sys.argv) > 3:
        sys.stdout.write(metrics.exposition().decode())
    """
)


@pytest.mark.parametrize("early", [False, True], ids=["env-first", "library-imported-first"])
def test_worker_processes_pool_their_counts(tmp_path: Path, early: bool) -> None:
    """Multi-process mode: each worker counts into the directory; any worker's scrape sums all
    (also when prometheus_client was imported before the directory was known)."""
    script = WORKER.format(early_import="import prometheus_client" if early else "")
    env = {k: v for k, v in os.environ.items() if k != "PROMETHEUS_MULTIPROC_DIR"}

    def worker(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path), *args],
            capture_output=True,
            text=True,
            check=False,
            env=env,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    worker("2")
    worker("5")
    found = samples(worker("1", "scrape"))
    assert value(found, "gateway_wallet_offers_total") == 3
    assert (
        value(found, "gateway_http_requests_total", route="/healthz", method="GET", status="200")
        == 8
    )
    assert len(list(tmp_path.glob("counter_*.db"))) == 3
