"""Playwright driving Debian's Chromium against Django's live server.

Nothing is downloaded: the browser is Debian's Chromium headless shell,
/usr/bin/chromium-headless-shell (``apt-get install chromium-headless-shell``): the same Blink and
V8 as Chromium without the windowed browser around them, which Playwright itself uses for headless
runs, at about two thirds of the full browser's CPU. Where only /usr/bin/chromium is installed that
is used instead; ``PRAXIS_CHROMIUM`` names another. Where neither is found the browser tests are
skipped locally and fail in CI (CI=true), so a machine without one can never pass CI silently.

One browser per worker (pytest-xdist process), and its browser contexts are REUSED from test to
test: a new context costs Chromium about 0.6 s of CPU (a new renderer process and profile), a
navigation in a warm one about 0.1 s. Between tests every context handed out is wiped (see
`Tabs.reset`): cookies, routes, offline mode, permissions, other tabs, storage, the page itself (a
new, nearly empty document, which stops its scripts), and its viewport. So each test still starts
signed out on a page with nothing of the last test's, as with a new context. What a context keeps
is its HTTP cache of static files.
How to use it: see the top of tests/e2e/helpers.py.
"""

import contextlib
import os
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import Error as PlaywrightError

from . import helpers

BROWSERS = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
CHROMIUM = os.environ.get("PRAXIS_CHROMIUM") or next((b for b in BROWSERS if Path(b).exists()), BROWSERS[0])
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
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium-headless-shell")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium-headless-shell)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Tabs:
    """Browser contexts of one worker, each one person's cookie jar, reused from test to test."""

    def __init__(self, browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.idle: dict[bool, list] = {True: [], False: []}  # by "JavaScript enabled"
        self.taken: list = []
        # Where a page rests between tests: a new document (the last test's scripts and timers
        # stop) on the live server's own site, so Chromium keeps the page's renderer process.
        # about:blank would cost a new renderer process per test and another on the next visit.
        self.resting_url = base_url + "/static/img/favicon.svg"

    def open(self, viewport=DESKTOP, javascript: bool = True):
        """A page for one more person: signed out, blank, `viewport` wide, in its own context."""
        if self.idle[javascript]:
            context = self.idle[javascript].pop()
        else:
            context = self.browser.new_context(
                viewport=viewport, base_url=self.base_url, java_script_enabled=javascript
            )
        self.taken.append((context, javascript))
        page = context.pages[0] if context.pages else context.new_page()
        if page.viewport_size != viewport:
            page.set_viewport_size(viewport)
        return page

    def done(self, page):
        """Give a person's page back before the test ends (the next `open` may hand it out again)."""
        for index, (context, javascript) in enumerate(self.taken):
            if context is page.context:
                del self.taken[index]
                self._give_back(context, javascript)
                return

    def release_all(self):
        while self.taken:
            self._give_back(*self.taken.pop())

    def _give_back(self, context, javascript: bool):
        if self.reset(context, javascript):
            self.idle[javascript].append(context)
        else:
            with contextlib.suppress(PlaywrightError):
                context.close()

    def reset(self, context, javascript: bool = True) -> bool:
        """Wipe what one test left in a context; False if it cannot be reused (closed, stuck)."""
        try:
            context.unroute_all(behavior="ignoreErrors")
            context.set_offline(False)
            context.clear_permissions()
            pages = context.pages
            for extra in pages[1:]:
                extra.close()
            for page in pages[:1]:
                page.unroute_all(behavior="ignoreErrors")
                if javascript and page.url.startswith(self.base_url):  # without it, nothing was stored
                    page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
                page.goto(self.resting_url)
                if page.url != self.resting_url:
                    return False
            context.clear_cookies()
            return True
        except PlaywrightError:
            return False

    def close(self):
        self.release_all()
        for contexts in self.idle.values():
            for context in contexts:
                context.close()
            contexts.clear()


def _one_request_at_a_time(live_server):
    """On SQLite the test database lives in memory, shared between connections (SQLite's shared
    cache), and each of the live server's request threads opens its own connection to it. Shared-
    cache connections do not wait for each other's locks as connections to a file do: two requests
    writing at once (an autosave beside another click, a job page polling) fail at once with
    "database table is locked". So on SQLite requests take turns, as on one gunicorn worker, and
    the test's own writes take the same turn (helpers.server_paused). Concurrent writes to a database
    file are tested in praxis/core/tests/test_sqlite_settings.py; on PostgreSQL requests run at once."""
    if connection.vendor != "sqlite":
        return
    httpd = live_server.thread.httpd
    app = httpd.get_app()

    def in_turn(environ, start_response):
        with helpers.SERVER_TURN:
            return app(environ, start_response)

    httpd.set_app(in_turn)


@pytest.fixture(scope="session")
def _tab_pool(browser, live_server, django_db_setup):
    # Torn down before the test databases are dropped (it needs them made first), so that its
    # teardown below closes the live server's connections in time. The live server itself is made
    # before them, so pytest-django hands it no connection: each request thread opens its own.
    _one_request_at_a_time(live_server)
    helpers.BASE_URL = live_server.url
    pool = Tabs(browser, live_server.url)
    yield pool
    pool.close()
    # The live server's threads each hold a database connection while their browser keeps its
    # connection open: close the browser and let them finish before the test database is dropped
    # (PostgreSQL refuses to drop a database in use). The browser fixture's own close does nothing.
    browser.close()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(
        "process_request_thread" in thread.name for thread in threading.enumerate()
    ):
        time.sleep(0.05)


@pytest.fixture
def tabs(_tab_pool):
    """Pages for more people in one test: ``tabs.open(viewport=NARROW, javascript=False)``."""
    yield _tab_pool
    _tab_pool.release_all()


@pytest.fixture
def page(tabs):
    """A signed-out blank page, 1280 × 900, JavaScript on."""
    return tabs.open()


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

    take.wanted = wanted  # a test that opens a page only to photograph it can skip the visit
    return take


@pytest.fixture
def immediate_jobs(settings, tmp_path):
    """Background jobs (praxis.core.jobs) run at once, inside the request that starts them, so a
    journey lands on a finished job's page; their results go to a temporary folder."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PRAXIS_JOB_DIR = tmp_path / "jobs"
