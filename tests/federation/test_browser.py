"""Scenario 1 in a real browser: Debian's Chromium, driven by Playwright, as Karin.

With the keyboard only (Tab to each control, Enter or Space to use it): she logs in at se's EMREX
client, picks the Norwegian contact point, logs in there, selects, consents and lands back at se
with her Norwegian merits shown; then "Add to wallet" shows a QR code. Every page's form controls
must have a label. A second browser context with JavaScript disabled does the other direction
(no's client, se's contact point) with the visible no-JavaScript buttons instead of the
auto-submitting forms. Chromium trusts se's development CA through an NSS database of its own
(no certificate errors are ignored). Screenshots of each page: var/federation/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Locator, Page, async_playwright

from tests.federation.support import ROOT, Federation

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = ROOT / "var" / "federation" / "screenshots"
UNLABELLED = """() => Array.from(document.querySelectorAll(
    'input:not([type=hidden]), select, textarea, button'))
  .filter(el => el.tagName === 'BUTTON'
    ? !(el.textContent.trim() || el.getAttribute('aria-label'))
    : !((el.labels && el.labels.length) || el.getAttribute('aria-label')
        || el.getAttribute('aria-labelledby')))
  .map(el => el.outerHTML.slice(0, 160))"""
PAGE_BASICS = """() => ({
  lang: document.documentElement.lang,
  title: document.title,
  h1: document.querySelectorAll('h1').length,
  imagesWithoutAlt: document.querySelectorAll('img:not([alt])').length,
})"""


def _trusting_home(folder: Path, ca_file: Path) -> Path:
    """A HOME whose NSS database (what Chromium on Linux reads) trusts se's development CA."""
    certutil = shutil.which("certutil")
    if certutil is None:
        pytest.fail("certutil is missing: run `make browser-deps` (Debian libnss3-tools)")
    nssdb = folder / ".pki" / "nssdb"
    nssdb.mkdir(parents=True)
    for args in (
        ["-N", "--empty-password"],
        ["-A", "-t", "C,,", "-n", "federation se development CA", "-i", str(ca_file)],
    ):
        done = subprocess.run(
            [certutil, "-d", f"sql:{nssdb}", *args], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
async def chromium(fed: Federation, tmp_path: Path) -> AsyncIterator[Browser]:
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (Debian chromium)")
    home = _trusting_home(tmp_path / "home", fed.ca_file)
    SHOTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            env={**os.environ, "HOME": str(home)},
        )
        try:
            yield browser
        finally:
            await browser.close()


async def _context(browser: Browser, *, javascript: bool = True) -> BrowserContext:
    context = await browser.new_context(
        java_script_enabled=javascript, locale="en-GB", viewport={"width": 1100, "height": 900}
    )
    context.set_default_timeout(20_000)
    return context


async def _shot(page: Page, name: str) -> None:
    await page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


async def _accessible(page: Page, name: str) -> None:
    """A screenshot, then the basics: every control labelled, language, title, one h1, alt."""
    await _shot(page, name)
    assert await page.evaluate(UNLABELLED) == [], name
    basics = await page.evaluate(PAGE_BASICS)
    assert basics["lang"] in ("en", "sv"), (name, basics)
    assert basics["title"], name
    assert basics["h1"] == 1, (name, basics)
    assert basics["imagesWithoutAlt"] == 0, name


async def _is_focused(page: Page, target: Locator) -> bool:
    handle = await target.element_handle()
    return bool(await page.evaluate("(el) => document.activeElement === el", handle))


async def _tab_to(page: Page, target: Locator, limit: int = 150) -> None:
    """Press Tab until ``target`` has the focus (fails if the keyboard cannot reach it)."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if await _is_focused(page, target):
            return
    raise AssertionError(f"{target} cannot be reached with the Tab key on {page.url}")


async def _press(page: Page, target: Locator, key: str = "Enter") -> None:
    await _tab_to(page, target)
    await page.keyboard.press(key)


async def _choose_radio(page: Page, radio: Locator) -> None:
    """Tab into the radio group, then arrow keys until ``radio`` is checked."""
    for _ in range(150):
        await page.keyboard.press("Tab")
        if await page.evaluate("() => document.activeElement?.type === 'radio'"):
            break
    for _ in range(20):
        if await radio.is_checked():
            return
        await page.keyboard.press("ArrowDown")
    raise AssertionError("the contact point cannot be chosen with the keyboard")


async def _log_in(page: Page, name: str, shot: str) -> None:
    await page.wait_for_url("**/login**")
    await _accessible(page, shot)
    async with page.expect_navigation():
        await _press(page, page.get_by_role("button", name=f"Log in as {name}"))


async def test_karin_fetches_norwegian_results_and_adds_them_to_a_wallet(
    fed: Federation, chromium: Browser
) -> None:
    context = await _context(chromium)
    page = await context.new_page()
    await page.goto(f"{fed.se}/client")  # https: trusted through the NSS database
    await _log_in(page, "Karin Andersson", "01-se-login")

    await page.wait_for_url(f"{fed.se}/client")
    await _accessible(page, "02-se-client")
    await _choose_radio(page, page.get_by_role("radio", name="NO-GW"))
    async with page.expect_navigation(url=f"{fed.no}/login**"):  # auto-posted to no's /emrex
        await _press(page, page.get_by_role("button", name="Fetch results"))
    await _log_in(page, "Karin Andersson", "03-no-login")

    await page.wait_for_url(f"{fed.no}/emrex/**")
    await _accessible(page, "04-no-select")
    assert await page.get_by_role("checkbox", name="Market Design").is_checked()
    async with page.expect_navigation(url="**/consent"):
        await _press(page, page.get_by_role("button", name="Continue", exact=True))
    await _accessible(page, "05-no-consent")
    assert "127.0.0.1:8461" in await page.content()  # the receiving host is shown
    await _press(page, page.get_by_role("checkbox"), "Space")
    async with page.expect_navigation(url=f"{fed.se}/client/return"):
        await _press(page, page.get_by_role("button", name="Send the results"))

    await _accessible(page, "06-se-returned")
    assert await page.get_by_role("heading", name="Results received").is_visible()
    async with page.expect_navigation(url=f"{fed.se}/client/imports/*"):
        await _press(page, page.get_by_role("link", name="View the results"))
    await _accessible(page, "07-se-imported")
    for merit in ("Market Design", "Macroeconomic Theory", "Algorithms and Data Structures"):
        assert await page.get_by_role("cell", name=merit).first.is_visible()
    import_id = page.url.rsplit("/", 1)[-1]

    await page.goto(f"{fed.se}/wallet")
    await _accessible(page, "08-se-wallet")
    fetched = page.locator(f"input[name=import_id][value='{import_id}']")
    await _press(page, fetched, "Space")  # tick the fetched results (own ones are ticked)
    assert await fetched.is_checked()
    async with page.expect_navigation(url=f"{fed.se}/wallet/offers"):
        await _press(page, page.get_by_role("button", name="Add to wallet"))
    await _accessible(page, "09-se-wallet-offer")
    qr = page.locator("#offer-qr")
    assert await qr.is_visible()
    width = await qr.evaluate("(img) => img.complete ? img.naturalWidth : 0")
    assert width > 100  # a real, decoded QR image
    box = await qr.bounding_box()
    assert box is not None
    assert box["width"] >= 150  # big enough to scan from a screen
    link = await page.locator("#offer-link").get_attribute("href")
    assert link is not None
    assert link.startswith("openid-credential-offer://?credential_offer_uri=https")
    assert (await page.locator("#tx-code").inner_text()).isdigit()
    await context.close()


async def test_without_javascript_the_buttons_carry_the_exchange(
    fed: Federation, chromium: Browser
) -> None:
    context = await _context(chromium, javascript=False)
    page = await context.new_page()
    await page.goto(f"{fed.no}/client")
    await _log_in(page, "Karin Andersson", "11-nojs-no-login")
    await page.wait_for_url(f"{fed.no}/client")
    await _choose_radio(page, page.get_by_role("radio", name="SE-GW"))
    async with page.expect_navigation(url=f"{fed.no}/client/start"):
        await _press(page, page.get_by_role("button", name="Fetch results"))
    await _accessible(page, "12-nojs-no-autopost")  # nothing submits it but the button
    async with page.expect_navigation(url=f"{fed.se}/login**"):
        await _press(page, page.get_by_role("button", name="Continue to SE-GW"))
    await _log_in(page, "Karin Andersson", "13-nojs-se-login")
    await page.wait_for_url(f"{fed.se}/emrex/**")
    async with page.expect_navigation(url="**/consent"):
        await _press(page, page.get_by_role("button", name="Continue", exact=True))
    await _press(page, page.get_by_role("checkbox"), "Space")
    async with page.expect_navigation(url="**/send"):
        await _press(page, page.get_by_role("button", name="Send the results"))
    await _accessible(page, "14-nojs-se-answer")  # the answer waits for the button
    assert await page.locator("input[name=returnCode]").get_attribute("value") == "NCP_OK"
    async with page.expect_navigation(url=f"{fed.no}/client/return"):
        await _press(page, page.get_by_role("button", name="Continue to"))
    await _accessible(page, "15-nojs-no-returned")
    assert await page.get_by_role("heading", name="Results received").is_visible()
    await context.close()


async def test_karin_shares_a_badge_and_the_image_renders(
    fed: Federation, chromium: Browser
) -> None:
    """Open Badges (issue 17): with the keyboard, a share link; the public page and its badge."""
    context = await _context(chromium)
    page = await context.new_page()
    await page.goto(f"{fed.se}/wallet")
    await _log_in(page, "Karin Andersson", "16-se-badge-login")
    await page.wait_for_url(f"{fed.se}/wallet")
    share = page.get_by_role("button", name="Create share link: Database Design I")
    await _tab_to(page, share, limit=400)  # past every result and course on the page
    async with page.expect_navigation(url=f"{fed.se}/wallet**"):
        await page.keyboard.press("Enter")
    await _accessible(page, "17-se-wallet-badges")
    link = page.locator("ul.badge-shares a").first
    href = await link.get_attribute("href")
    assert href is not None
    assert href.startswith("/badges/")
    await page.goto(f"{fed.se}{href}")  # the public page, as anyone with the link sees it
    await _accessible(page, "18-se-badge-share")
    assert await page.locator("#badge-validity").get_attribute("data-validity") == "valid"
    image = page.locator("figure.badge img")
    width = await image.evaluate("(img) => img.complete ? img.naturalWidth : 0")
    assert width >= 300  # the SVG badge decoded and drawn
    await image.screenshot(path=str(SHOTS / "19-se-badge.png"))
    await page.goto(f"{fed.se}{href}/badge.png")
    await _shot(page, "20-se-badge-png")
    await context.close()
