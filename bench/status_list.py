"""Status lists in `make bench-flows` (issue #15): a 131,072-entry list's token size and the time
to sign it again after one revocation, against signing alone (the floor, in the same run)."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

import aiohttp

from gateway.core.statuslist import StatusBits, sign_status_list_token
from gateway.flows.credential_status.publish import served_list
from gateway.storage.credential_status import StatusRepository
from gateway.storage.status_lists import StatusListRepository
from gateway.storage.status_tables import RevocationCause
from gateway.web import appkeys
from tests.web.nodes import Node

Lines = list[str]


def _token_size(size: int, revoked: int, node: Node) -> tuple[int, int]:
    """(lst bytes, token bytes) of a list with ``revoked`` random entries set."""
    picked = random.Random(15).sample(range(size), revoked)
    statuses = StatusBits.with_values(size, 1, {i: 1 for i in picked})
    token = sign_status_list_token(
        statuses,
        uri=f"{node.url}/status/bench",
        signing_key=node.app[appkeys.WALLET].signing_key,
        issued_at=dt.datetime.now(dt.UTC),
        lifetime=dt.timedelta(days=1),
        ttl=dt.timedelta(minutes=5),
    )
    return len(statuses.compressed()), len(token)


async def status_list_figures(node: Node, runs: int) -> Lines:
    """Revoke one issued credential per run and time the next ``GET /status/{list}``'s work."""
    services, wallet = node.app[appkeys.SERVICES], node.app[appkeys.WALLET]
    async with services.db.session() as session:
        issued = await StatusRepository(session).credentials()
        (name, *_) = await StatusListRepository(session).list_names()
    valid = [c.credential_id for c in issued if c.state == "valid"]
    resign, floor = [], []
    for credential_id in valid[:runs]:
        async with services.db.session(write=True) as session, session.begin():
            await StatusRepository(session).revoke(
                [credential_id],
                cause=RevocationCause.OPERATOR,
                actor="bench",
                reason="bench",
                now=services.clock(),
            )
        started = time.perf_counter()
        await served_list(services, wallet.identifier, wallet.signing_key, name)
        resign.append(time.perf_counter() - started)
        started = time.perf_counter()
        _token_size(services.settings.status.list_size, 0, node)
        floor.append(time.perf_counter() - started)
    async with aiohttp.ClientSession() as http:
        response = await http.get(node.path(f"/status/{name}"))
        body = await response.read()
    size = services.settings.status.list_size
    lines = [
        f"status list ({size} entries, 1 bit, {len(resign)} revoked, one more per run)",
        f"  GET /status/{{list}} body (bytes)            {len(body):>8}",
        f"  token signed again after one revocation (ms) {_ms(resign)}",
        f"  floor: pack + zlib + ES256 alone (ms)        {_ms(floor)}",
        f"  ratio (medians)                              "
        f"{statistics.median(resign) / statistics.median(floor):8.2f}×",
    ]
    for share in (0.001, 0.01, 0.1):
        lst, token = _token_size(size, int(size * share), node)
        lines.append(f"  {share:>5.1%} revoked: lst {lst:>6} bytes, token {token:>6} bytes")
    return lines


def _ms(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"{statistics.median(ms):8.1f} / {min(ms):8.1f}"
