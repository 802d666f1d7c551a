"""What the browser journeys share: signing in, accessibility checks, and small look-ups.

How to write a lean journey (the journeys take about 40 % of the CPU time of ``make test``):

- ``page`` (fixture) is a signed-out blank page, 1280 × 900. Browser contexts are reused from test
  to test and wiped in between (tests/e2e/conftest.py): never ``browser.new_context()`` yourself
  (about 0.6 s of Chromium CPU each). For another person, a phone or a page without JavaScript,
  take the ``tabs`` fixture: ``other = tabs.open(viewport=NARROW, javascript=False)``; it is
  given back at the end of the test, or earlier with ``tabs.done(other)``. Do not close its
  context; ``page.context.clear_cookies()`` signs its person out.
- ``sign_in(page, alice)`` (a User or an e-mail address) signs in without the form: a session
  made on the server, as ``Client.force_login`` does, handed to the browser as its cookie. It
  then opens the dashboard, where the form lands; ``sign_in(page, alice, go_to="/plans/")``
  opens the page you need instead and saves a dashboard. Use ``sign_in_with_form`` only in a
  journey about signing in.
- ``assert_no_serious_violations(page)`` runs axe-core (about 0.25 s of CPU): once per distinct
  page and state, not after every click. To check a list of pages, visit them all in one test
  and collect ``serious_violations(page)`` for each (one set of data, one clean-up, one sign-in
  per person), as the ``..._pages_have_no_serious_accessibility_violations`` tests do.
- Seed data through services or models (the root conftest's alice, bob, carol, lena, dave,
  ``make_assessment``) where the browser adds nothing; screenshots only through the
  ``screenshot`` fixture (taken only with PRAXIS_SCREENSHOTS=1); ``expect(...)``, never sleeps.
"""

import contextlib
import re
import threading

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from praxis.accounts.models import User
from praxis.framework import bundled_framework

NARROW = {"width": 390, "height": 844}  # a common phone width
PASSWORD = "a-long-test-password"  # the root conftest's test users
FRAMEWORK = bundled_framework()
BASE_URL = ""  # the live server's address, set by the _tab_pool fixture in conftest.py
AXE = Axe()  # reads axe-core's 570 KB script once
SERVER_TURN = threading.RLock()  # held by each live-server request on SQLite (conftest.py)


@contextlib.contextmanager
def server_paused():
    """Write to the database while a page is open that may ask the server for something (a job page
    polls every 2 s, an autosave may be on its way): on SQLite the test's connection and the
    server's would not wait for each other's locks (see conftest.py), so the server's requests
    wait until the block ends."""
    with SERVER_TURN:
        yield


def name_of(competency_id: str) -> str:
    return FRAMEWORK.competency(competency_id).name


# The ids of axe's rules that can only ever find minor or moderate violations: each of their checks,
# and the rule itself if it says, has one of those impacts, and a violation's impact is the highest
# of its failing checks'. Read from axe-core's own metadata on a page (so a new axe-core brings its
# own list) and left out of every run below, which looks for serious and critical ones only: the
# same verdict, about a quarter less of Chromium's time per run.
MILD_RULES_JS = """() => {
  const mild = new Set(["minor", "moderate"]);
  const checks = axe._audit.data.checks || {};
  return axe._audit.rules.filter(rule => {
    const impacts = [...rule.any, ...rule.all, ...rule.none].map(c => (checks[c.id || c] || {}).impact);
    return impacts.length > 0 && impacts.every(i => mild.has(i)) && (!rule.impact || mild.has(rule.impact));
  }).map(rule => rule.id);
}"""
_mild_rules: list[str] | None = None


def _axe_options(page) -> dict:
    """The first run of each worker also reads the stylesheet (axe's `preload`, for the rule that
    finds CSS locking the screen's orientation); later runs skip it, about 0.1 s each: every page
    has the same one stylesheet (templates/base.html) and no inline styles."""
    global _mild_rules  # noqa: PLW0603 - computed once per worker
    first = _mild_rules is None
    if first:
        page.evaluate(AXE.axe_script)
        _mild_rules = page.evaluate(MILD_RULES_JS)
        assert "color-contrast" not in _mild_rules and "label" not in _mild_rules, _mild_rules
    rules = {rule: {"enabled": False} for rule in _mild_rules}
    return {"resultTypes": ["violations"], "rules": rules, "preload": first}


def serious_violations(page) -> list:
    """The serious and critical accessibility violations axe-core finds on the page: (rule, what it
    asks, the first three elements)."""
    results = AXE.run(page, options=_axe_options(page))
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]


def assert_no_serious_violations(page):
    """axe-core finds no serious or critical accessibility violations on the page."""
    serious = serious_violations(page)
    assert not serious, serious


def scripts_ready(page):
    """Wait until the page's deferred scripts (htmx, autosave) have run. A click before they bind
    their handlers does what it does without JavaScript (nothing saved until the form is sent), so
    a journey that waits for an autosave waits for them first. At once when the page has loaded."""
    page.wait_for_load_state("load")


def sign_in(page, who, *, go_to: str = "/dashboard/"):
    """Sign `who` (a User or an e-mail address) in with a session cookie made on the server, then
    open `go_to` and return its response. The session is the one the sign-in form would make
    (django.contrib.auth's login, with the ModelBackend that checks passwords)."""
    user = who if isinstance(who, User) else User.objects.get(email=who)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": BASE_URL}])
    response = page.goto(go_to)
    assert response is not None and response.ok, f"{go_to} answered {response and response.status}"
    return response


def sign_in_with_form(page, email: str, password: str = PASSWORD):
    """Sign in through the sign-in page, as a person does; lands on the dashboard."""
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def expect_message(page, text: str):
    expect(page.locator(".messages[role='status']")).to_contain_text(text)


def field_label(text: str):
    """A form field's label exactly (with or without a trailing colon)."""
    return re.compile(rf"^{re.escape(text)}:?$")


def sideways_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
