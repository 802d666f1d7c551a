"""Playwright driving Debian's Chromium against Django's live server.

Nothing is downloaded: the browser is /usr/bin/chromium (``apt-get install chromium``). Where it
is missing the browser tests are skipped locally and fail in CI (CI=true), so a machine without
it can never pass CI silently.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PRAXIS_CHROMIUM", "/usr/bin/chromium")
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
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot for people to look at (test-results/screenshots) when
    PRAXIS_SCREENSHOTS=1; `make screenshots` takes them all."""
    wanted = os.environ.get("PRAXIS_SCREENSHOTS") == "1"  # each full-page PNG costs about half a second

    def take(page, name: str) -> Path | None:
        if not wanted:
            return None
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
