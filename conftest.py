"""Shared test set-up. Browser tests run Playwright inside Django's live server thread."""

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
MINI_FRAMEWORK = Path(__file__).resolve().parent / "praxis/framework/tests/fixtures/mini-framework.yaml"

# Property tests judge results, not speed: a busy machine must not turn a slow example into a failure.
hypothesis_settings.register_profile("praxis", deadline=None)
hypothesis_settings.load_profile("praxis")


# The longest tests go first, so that on several workers (pytest-xdist) none of them starts last and
# leaves the other workers idle while it finishes. The order within each group is unchanged.
LONG_FIRST = (
    "tests/e2e/",
    "_migration.py",
    "test_no_figure_from_unshared.py",
    "test_feedback_aggregation.py",
)


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: not any(part in item.nodeid for part in LONG_FIRST))


@pytest.fixture(autouse=True)
def test_settings(settings):
    """Tests never depend on a `collectstatic` run, and hash passwords quickly.

    Argon2 stays the hasher in use everywhere else; test_accounts checks it.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import cache

    cache.clear()  # rate-limit counters never carry over from one test to the next


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
