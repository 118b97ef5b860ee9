"""The running local federation as the scenarios see it: its URLs, a learner's browser, the CLI.

`make federation-up` (scripts/federation.py) writes var/federation/federation.json; everything
here is read from it or from the committed configs in config/federation/. Nothing is mocked: the
tests talk HTTP to the `gateway serve` processes, and run `gateway` commands as an operator would.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import aiohttp

from tests.web.emrex.support import Browser, Page, checkbox_ids, choose_and_consent

ROOT = Path(__file__).resolve().parents[2]
STATE = ROOT / "var" / "federation" / "federation.json"
HOW = (
    "run `make federation-test` (or `make federation-up`, then `.venv/bin/pytest tests/federation`)"
)
KARIN_SE = "19900315-2389"
KARIN_NO = "15039003209"
LUKAS_SE = "19960581-4418"  # an exchange student in Sweden …
LUKAS_NO = "21059612345"  # … newly enrolled in Oslo: nothing to offer (no-newcomer.json)
REQUESTER_ID = "urn:cef.eu:names:identifier:EAS:0190:NL222332239"
# The EU-wide test evidence type, spelled as EDM 1.0 spells it (sr.oots.tech.europa.eu, without
# ".ec"): the requests are oots-edm:v1.0, whose Schematron rules pin that spelling.
EU_DIPLOMA_1_0 = (
    "https://sr.oots.tech.europa.eu/evidencetypeclassifications/EU/"
    "b6a49e54-8b3c-4688-acad-380440dc5962"
)


@dataclass(frozen=True)
class Federation:
    """Where everything runs (from var/federation/federation.json)."""

    urls: dict[str, str]
    pids: dict[str, int]
    ca_file: Path
    inbox: Path
    registry_file: Path
    configs: dict[str, Path]

    @property
    def se(self) -> str:
        return self.urls["se"].rstrip("/")

    @property
    def no(self) -> str:
        return self.urls["no"].rstrip("/")

    def ssl_context(self) -> ssl.SSLContext:
        """Trusts se's development CA (the only TLS node), as the test browsers do."""
        return ssl.create_default_context(cafile=str(self.ca_file))

    def database(self, node: str) -> Path:
        return ROOT / "var" / "federation" / node / "gateway.sqlite3"

    def count(self, node: str, sql: str, *params: object) -> int:
        """One number from a node's database, read-only (what the node stored)."""
        uri = f"file:{self.database(node)}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=10)) as connection:
            (value,) = connection.execute(sql, params).fetchone()
        return int(value)

    def registry_entry(self, acronym: str) -> dict[str, Any]:
        document = json.loads(self.registry_file.read_text(encoding="utf-8"))
        (entry,) = [e for e in document["emps"] if e["acronym"] == acronym]
        assert isinstance(entry, dict)
        return entry


def _ready(url: str, context: ssl.SSLContext) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3, context=context) as reply:  # noqa: S310
            return bool(reply.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def running_federation() -> Federation | str:
    """The running federation, or why it cannot be used."""
    try:
        state = json.loads(STATE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"the local federation is not up ({STATE} is missing): {HOW}"
    services = state["services"]
    context = ssl.create_default_context(cafile=state["ca_file"])
    down = [name for name, row in services.items() if not _ready(row["ready_url"], context)]
    if down:
        return f"the local federation is not (fully) up: {', '.join(down)} not answering; {HOW}"
    return Federation(
        urls={name: row["url"] for name, row in services.items()},
        pids={name: row["pid"] for name, row in services.items()},
        ca_file=Path(state["ca_file"]),
        inbox=Path(state["inbox"]),
        registry_file=Path(state["registry_file"]),
        configs={name: Path(path) for name, path in state["configs"].items()},
    )


class FederationBrowser(Browser):
    """One person's browser: one cookie jar for every host (se is 127.0.0.1, no is localhost, so
    the jar keeps their cookies apart as a real browser does), trusting se's development CA."""

    def __init__(self, context: ssl.SSLContext) -> None:
        super().__init__("en")
        self._shared = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            connector=aiohttp.TCPConnector(ssl=context),
            headers={"Accept-Language": "en"},
        )

    def _session(self, url: str) -> aiohttp.ClientSession:
        return self._shared

    async def close(self) -> None:
        await self._shared.close()


@asynccontextmanager
async def browsing(fed: Federation) -> AsyncIterator[FederationBrowser]:
    person = FederationBrowser(fed.ssl_context())
    try:
        yield person
    finally:
        await person.close()


async def log_in(person: Browser, base: str, national_id: str, next_url: str) -> Page:
    """The development login of the node at ``base``, then where ``next_url`` leads."""
    page = await person.get(f"{base}/login?next={next_url}")
    assert page.status == 200, page.text
    return await person.post(
        f"{base}/login", {"csrf": page.csrf, "national_id": national_id, "next": next_url}
    )


async def start_fetch(person: Browser, client: str, learner: str, acronym: str) -> Page:
    """Log in at the client at ``client`` and pick ``acronym``: the auto-post page."""
    page = await log_in(person, client, learner, "/client")
    assert page.status == 200, page.text
    assert acronym in page.text, page.text
    started = await person.submit(page, "/client/start", contact_point=acronym)
    assert started.status == 200, started.text
    return started


async def arrive(person: Browser, started: Page, contact_point: str, learner: str) -> Page:
    """Follow the auto-post to the contact point and log in there: the selection page."""
    arrived = await person.submit(started, "/emrex")
    assert arrived.status == 200, arrived.text
    where = urlsplit(arrived.url)
    (next_url,) = parse_qs(where.query).get("next", [where.path])
    page = await log_in(person, contact_point, learner, next_url)
    assert page.status == 200, page.text
    return page


async def fetch_everything(
    person: Browser, client: str, contact_point: str, acronym: str, learners: tuple[str, str]
) -> Page:
    """A whole fetch: every offered result selected, consent given, back at the client."""
    started = await start_fetch(person, client, learners[0], acronym)
    selection = await arrive(person, started, contact_point, learners[1])
    answered = await choose_and_consent(person, selection, checkbox_ids(selection))
    assert answered.status == 200, answered.text
    return await person.submit(answered, "/client/return")


async def view_import(person: Browser, returned: Page) -> tuple[str, Page]:
    """Follow "View the results" on the return page: the import's path and page."""
    form_free = [part for part in returned.text.split('href="') if part.startswith("/client/imp")]
    assert form_free, returned.text
    path = form_free[0].split('"', 1)[0]
    page = await person.get(urljoin(returned.url, path))
    assert page.status == 200, page.text
    return path, page


def gateway(config: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """A `gateway` command against a federation node's configuration (as an operator runs it)."""
    return subprocess.run(
        [sys.executable, "-m", "gateway", "--config", str(config), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def federation_script(*args: str) -> subprocess.CompletedProcess[str]:
    """scripts/federation.py, e.g. ``up se`` to restart a node that was killed."""
    return subprocess.run(
        [sys.executable, "scripts/federation.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


async def requester(fed: Federation, person: str, *extra: str) -> asyncio.subprocess.Process:
    """`gateway oots request` against se, its answers read from the running listener's inbox."""
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway", "--config", str(fed.configs["requester"]),
        "oots", "request",
        "--to", f"{fed.se}/oots/query",
        "--requester", REQUESTER_ID,
        "--requester-name", "University of Amsterdam",
        "--person", person,
        "--evidence-type", EU_DIPLOMA_1_0,
        "--version", "oots-edm:v1.0",
        "--inbox", str(fed.inbox),
        "--cafile", str(fed.ca_file),
        *extra,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def read_until(tool: asyncio.subprocess.Process, prefix: str, seconds: float = 60) -> str:
    """Lines of the tool's output up to the first that starts with ``prefix``; returns it."""
    assert tool.stdout is not None
    seen: list[str] = []
    async with asyncio.timeout(seconds):
        while True:
            raw = await tool.stdout.readline()
            if not raw:
                errors = await tool.stderr.read() if tool.stderr else b""
                raise AssertionError(f"the tool ended before {prefix!r}: {seen} {errors!r}")
            line = raw.decode().strip()
            seen.append(line)
            if line.startswith(prefix):
                return line


async def finish(tool: asyncio.subprocess.Process, seconds: float = 90) -> tuple[int, list[str]]:
    """Wait for the tool to end: its exit code and the rest of its output."""
    out, errors = await asyncio.wait_for(tool.communicate(), seconds)
    assert tool.returncode is not None
    lines = out.decode().splitlines()
    assert tool.returncode in (0, 3, 4, 5, 6), (lines, errors.decode())
    return tool.returncode, lines
