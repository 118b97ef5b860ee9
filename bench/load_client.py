"""Simulated learners for bench/load.py: each a browser (own cookie jar) running EMREX flows."""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import aiohttp

STEPS = ("entry", "login", "select", "send")
"""entry: POST /emrex → (not logged in) the login page; login: POST /login → the selection
page; select: POST …/select → the consent page; send: POST …/send (consent) → the page that
posts the signed ELMO back. Each step follows its redirects, as a browser does."""
RETURN_URL = "http://127.0.0.1:9/emrex-return"  # only written into the answer form, never called
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_RESULT = re.compile(r'name="result" value="(\d+)"')


class FlowError(Exception):
    """A step did not give the page a browser expects (status or content)."""

    def __init__(self, step: str, what: str) -> None:
        super().__init__(f"{step}: {what}")
        self.step, self.what = step, what


@dataclass
class Results:
    """What the learners measured inside the window ``[start, end)`` (monotonic seconds)."""

    start: float
    end: float
    steps: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in STEPS})
    flows: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    started: int = 0

    def inside(self, moment: float) -> bool:
        return self.start <= moment < self.end


def _csrf(step: str, text: str) -> str:
    found = _CSRF.search(text)
    if found is None:
        raise FlowError(step, "no CSRF token on the page")
    return found.group(1)


async def _step(
    session: aiohttp.ClientSession, step: str, url: str, data: object, marker: str
) -> tuple[str, str]:
    async with session.post(url, data=data) as response:
        text = await response.text()
        if response.status != 200:
            raise FlowError(step, f"HTTP {response.status}")
        if marker not in text:
            raise FlowError(step, f"the page lacks {marker!r}")
        return str(response.url), text


async def one_flow(
    session: aiohttp.ClientSession, base: str, national_id: str, number: int
) -> list[tuple[str, float, float]]:
    """One whole EMREX transfer by a browser that is not logged in: (step, start, end)."""
    timings: list[tuple[str, float, float]] = []

    async def timed(step: str, url: str, data: object, marker: str) -> tuple[str, str]:
        began = time.monotonic()
        page = await _step(session, step, url, data, marker)
        timings.append((step, began, time.monotonic()))
        return page

    entry = {"sessionId": f"load-{number}", "returnUrl": RETURN_URL}
    url, text = await timed("entry", base + "/emrex", entry, 'name="national_id"')
    (next_url,) = parse_qs(urlsplit(url).query).get("next", [""])
    if not next_url.startswith("/emrex/"):
        raise FlowError("entry", "the login page does not lead back to the request")
    login = {"csrf": _csrf("entry", text), "national_id": national_id, "next": next_url}
    _, text = await timed("login", base + "/login", login, 'name="result"')
    chosen = [("csrf", _csrf("login", text)), *(("result", r) for r in _RESULT.findall(text))]
    _, text = await timed("select", base + next_url + "/select", chosen, 'name="consent"')
    consent = {"csrf": _csrf("select", text), "consent": "yes"}
    await timed("send", base + next_url + "/send", consent, 'value="NCP_OK"')
    return timings


async def learner(
    base: str, national_id: str, index: int, results: Results, stop_at: float, timeout_s: float
) -> None:
    """Run flows one after another until ``stop_at`` (no new flow starts after it)."""
    jar = aiohttp.CookieJar(unsafe=True)  # 127.0.0.1: keep cookies as a browser does
    timeout = aiohttp.ClientTimeout(total=timeout_s)
    connector = aiohttp.TCPConnector(limit=1)
    async with aiohttp.ClientSession(cookie_jar=jar, timeout=timeout, connector=connector) as s:
        number = 0
        while time.monotonic() < stop_at:
            jar.clear()  # a new browser each time: the whole flow, login included
            number += 1
            began = time.monotonic()
            try:
                timings = await one_flow(s, base, national_id, index * 1_000_000 + number)
            except FlowError as exc:
                if results.inside(time.monotonic()):
                    results.errors[f"{exc.step}: {exc.what}"] += 1
                continue
            except (aiohttp.ClientError, TimeoutError) as exc:
                if results.inside(time.monotonic()):
                    results.errors[f"{type(exc).__name__}: {exc}"[:120]] += 1
                continue
            if results.inside(began):
                results.started += 1
            for step, start, end in timings:
                if results.inside(end):
                    results.steps[step].append(end - start)
            if results.inside(timings[-1][2]):
                results.flows += 1


async def run_learners(
    base: str, learners: list[str], warmup_s: float, duration_s: float, timeout_s: float
) -> Results:
    """Every learner at once; measure ``duration_s`` after ``warmup_s``; bounded in time."""
    now = time.monotonic()
    results = Results(now + warmup_s, now + warmup_s + duration_s)
    tasks = [
        asyncio.create_task(learner(base, nid, i, results, results.end, timeout_s))
        for i, nid in enumerate(learners)
    ]
    await asyncio.wait_for(asyncio.gather(*tasks), warmup_s + duration_s + timeout_s + 5)
    return results


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0..1) of ``values``; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]
