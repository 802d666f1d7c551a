"""Pages run a bounded number of queries, the same for a little data as for a lot."""

import pytest
from django.urls import reverse

from praxis.accounts.models import ShareAudience
from praxis.accounts.services import share_set
from praxis.framework import bundled_framework

pytestmark = pytest.mark.django_db

FULL_ITEMS = [a.id for c in bundled_framework().competencies for a in c.key_activities]


def fill(make_assessment, owner, count, kind, answers):
    return [make_assessment(owner, kind=kind, answers=answers) for _ in range(count)]


@pytest.fixture(params=[1, 4], ids=["small", "large"])
def size(request):
    return request.param


def test_dashboard(
    client, alice, carol, northside, make_assessment, all_quick_answers, size, django_assert_max_num_queries
):
    done = fill(make_assessment, alice, size, "quick", all_quick_answers("3"))
    make_assessment(alice, answers=all_quick_answers("2"), submit=False)
    for assessment in done:
        share_set(
            owner=assessment.owner, obj=assessment, organisation=northside, audience=ShareAudience.SUPERVISORS
        )
    for user in (alice, carol):
        client.force_login(user)
        with django_assert_max_num_queries(
            15
        ):  # 10, open feedback rounds, supervisors' news (2), cohort windows; +1: reach to the supervisees
            assert client.get(reverse("shell:dashboard")).status_code == 200


def test_assessment_page(client, alice, make_assessment, size, django_assert_max_num_queries):
    kind, items = ("quick", None) if size == 1 else ("full", FULL_ITEMS)
    answers = dict.fromkeys(items or [c.id for c in bundled_framework().competencies], "3")
    draft = make_assessment(alice, kind=kind, answers=answers, submit=False)
    client.force_login(alice)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("assessments:page", args=[draft.pk, 1])).status_code == 200


def test_results(client, alice, make_assessment, all_quick_answers, size, django_assert_max_num_queries):
    *_, latest = fill(make_assessment, alice, size + 1, "quick", all_quick_answers("3"))
    full = make_assessment(alice, kind="full", answers=dict.fromkeys(FULL_ITEMS, "4"))
    client.force_login(alice)
    for assessment in (latest, full):
        # 9 for the scores, the rest for what stands beside them (praxis/shell/results.py, whose
        # tests add evidence, plans and feedback rounds at two sizes)
        with django_assert_max_num_queries(16):
            assert client.get(reverse("assessments:results", args=[assessment.pk])).status_code == 200


def test_history(client, alice, make_assessment, all_quick_answers, size, django_assert_max_num_queries):
    fill(make_assessment, alice, size * 3, "quick", all_quick_answers("3"))
    client.force_login(alice)
    with django_assert_max_num_queries(5):
        assert client.get(reverse("assessments:history", args=["quick"])).status_code == 200
