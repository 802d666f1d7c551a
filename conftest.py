"""Shared test set-up. Browser tests run Playwright inside Django's live server thread."""

import gc
import os
from pathlib import Path

import pytest
from django.core.management.color import no_style
from django.db import connections
from django.test import TransactionTestCase
from hypothesis import settings as hypothesis_settings

from tests import migrated_sqlite

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
MINI_FRAMEWORK = Path(__file__).resolve().parent / "praxis/framework/tests/fixtures/mini-framework.yaml"

# Property tests judge results, not speed: a busy machine must not turn a slow example into a failure.
hypothesis_settings.register_profile("praxis", deadline=None)
hypothesis_settings.load_profile("praxis")


# The longest tests go first, so that on several workers (pytest-xdist) none of them starts last and
# leaves the other workers idle while it finishes. The order within each group is unchanged. The
# work-stealing scheduler (set below for `-n`) splits the list in halves, one per worker, and a
# worker that runs out takes the tail of the other's: the short tests, so both finish together.
# (xdist's default `load` scheduler sent the first quarter of the list to the first worker: every
# browser test ran on one worker while the other ran the rest.)
LONG_FIRST = (
    "tests/e2e/",
    "_migration.py",
    "test_no_figure_from_unshared.py",
    "test_feedback_aggregation.py",
)


def pytest_configure(config):
    migrated_sqlite.install()
    # A test process makes and drops millions of short-lived objects (querysets, template nodes,
    # requests) and Python's default collector ran about 3,500 times over the access matrix and
    # the hostile-input table, 11% of their CPU time. Collecting after 50,000 new objects instead
    # of 700 halves that; cycles are still collected, and the peak memory grew by about 3 MB.
    gc.set_threshold(50_000, 20, 100)
    if getattr(config.option, "dist", "no") == "load":  # what `-n` gives unless --dist says otherwise
        config.option.dist = "worksteal"


def _running_order(item):
    # The browser journeys (2 to 8 s each) before the parametrised browser checks (one page each,
    # under a second): the tests a worker takes from another's tail at the end are the short ones.
    journey = item.nodeid.startswith("tests/e2e/") and "[" not in item.nodeid
    return (not journey, not any(part in item.nodeid for part in LONG_FIRST))


def pytest_collection_modifyitems(items):
    items.sort(key=_running_order)


def pytest_collection_finish(session):  # noqa: ARG001 - pytest's hook signature
    # Django, the framework and every test module are loaded now and stay: the collector need not
    # walk them again on each full collection.
    gc.collect()
    gc.freeze()


# After each transactional test (the browser tests, the migration tests) Django empties every table
# and then re-creates the content types and the permissions of every app (post_migrate): about a
# third of a browser test's own Python time. Their rows never change in a test, so they are kept and
# the rest is emptied with the same SQL as Django's flush. Tests declaring `available_apps` or
# `serialized_rollback` keep Django's own teardown.
KEPT_TABLES = {"django_content_type", "auth_permission"}
_django_fixture_teardown = TransactionTestCase._fixture_teardown


def _fixture_teardown_keeping_content_types(self):
    if self.available_apps is not None or self.serialized_rollback:
        return _django_fixture_teardown(self)
    for db_name in self._databases_names(include_mirrors=False):
        connection = connections[db_name]
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        emptied = [table for table in tables if table not in KEPT_TABLES]
        connection.ops.execute_sql_flush(
            connection.ops.sql_flush(no_style(), emptied, reset_sequences=False, allow_cascade=False)
        )
    return None


TransactionTestCase._fixture_teardown = _fixture_teardown_keeping_content_types


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL, autovacuum is turned off for the test database's tables. Most tests roll
    their rows back, which leaves dead rows behind; autovacuum then records that a table holds no
    rows at all, and the planner, believing it, nests loops over what are in fact hundreds of rows
    (the team pages' query-count test took over 10 minutes in CI, 40 s a query). Without those
    records the planner sizes a table by its pages, as on a fresh database. Production databases
    keep autovacuum: there the rows it counts are the real ones."""
    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor != "postgresql":
                continue
            with connection.cursor() as cursor:
                for table in connection.introspection.table_names(cursor):
                    quoted = connection.ops.quote_name(table)
                    cursor.execute(f"ALTER TABLE {quoted} SET (autovacuum_enabled = false)")


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Passwords are hashed quickly in tests, from the first fixture on (worlds built once per
    module too). Argon2 stays the hasher in use everywhere else; test_accounts checks it."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def test_settings(settings):
    """Tests never depend on a `collectstatic` run."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.cache import cache

    cache.clear()  # rate-limit counters never carry over from one test to the next


@pytest.fixture(autouse=True)
def one_rate_limit_window(monkeypatch):
    """Each test runs inside one window of every rate limit. The windows are whole periods of the
    clock, so a test that crossed a minute's edge would see its counts start again and flake."""
    import time

    from praxis.core import ratelimit

    started = time.time()
    monkeypatch.setattr(ratelimit, "_now", lambda: started)


# -- people and organisations shared by the app tests ------------------------------------------
# alice and bob are practitioners in Northside; carol supervises alice there; lena leads it.
# dave belongs to another organisation, Southside.


def _person(name):
    from praxis.accounts.models import User

    return User.objects.create_user(
        email=f"{name}@example.org", password="a-long-test-password", full_name=name.title()
    )


@pytest.fixture
def northside(db):
    from praxis.accounts.models import Organisation

    return Organisation.objects.create(name="Northside", slug="northside")


@pytest.fixture
def southside(db):
    from praxis.accounts.models import Organisation

    return Organisation.objects.create(name="Southside", slug="southside")


def _member(user, organisation, role):
    from praxis.accounts.models import Membership

    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def alice(northside):
    return _member(_person("alice"), northside, "practitioner")


@pytest.fixture
def bob(northside):
    return _member(_person("bob"), northside, "practitioner")


@pytest.fixture
def carol(northside, alice):
    from django.utils import timezone

    from praxis.accounts.models import SupervisionLink

    carol = _member(_person("carol"), northside, "supervisor")
    SupervisionLink.objects.create(
        organisation=northside, supervisor=carol, supervisee=alice, confirmed_at=timezone.now()
    )  # confirmed by alice
    return carol


@pytest.fixture
def lena(northside):
    return _member(_person("lena"), northside, "lead")


@pytest.fixture
def dave(southside):
    return _member(_person("dave"), southside, "lead")


@pytest.fixture
def make_assessment():
    """Build an assessment through the services: answers {item: "3" | "na"}, then submit or not."""
    from praxis.assessments import scores, services

    def make(owner, kind="quick", answers=None, submit=True, start_from=None):
        assessment = services.start_assessment(owner=owner, kind=kind, start_from=start_from)
        if submit and not answers:  # a submission scores at least one competency
            answers = dict.fromkeys(next(iter(scores.questionnaire_of(assessment).structure.values())), "3")
        for item_id, raw in (answers or {}).items():
            services.save_answer(assessment=assessment, item_id=item_id, raw=raw)
        if submit:
            assessment = services.submit(assessment=assessment)
        return assessment

    return make


@pytest.fixture
def all_quick_answers():
    from praxis.framework import bundled_framework

    def answers(level="3", **overrides):
        values = {c.id: level for c in bundled_framework().competencies}
        values.update({k.replace("_", "-"): v for k, v in overrides.items()})
        return values

    return answers


@pytest.fixture
def mini_framework(settings):
    """The small test framework (two competencies, a three-level scale) as the framework in use."""
    from praxis.core import frameworks

    settings.PRAXIS_FRAMEWORK_FILE = str(MINI_FRAMEWORK)
    frameworks.current_framework.cache_clear()
    frameworks._by_version.clear()
    yield frameworks.current_framework()
    frameworks.current_framework.cache_clear()
    frameworks._by_version.clear()
