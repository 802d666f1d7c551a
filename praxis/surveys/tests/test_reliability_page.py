"""The reliability page: leads only, consenting members' latest full assessments, the minimum group size."""

import numpy as np
import pytest
from django.urls import reverse

from conftest import _member, _person
from praxis import scoring  # scipy loads on first use, not when a worker collects
from praxis.accounts.models import Membership
from praxis.core.frameworks import current_framework
from praxis.surveys import policy, selectors

pytestmark = pytest.mark.django_db

CO_LEARNING = [a.id for a in current_framework().competency("co-learning").key_activities]
PATTERNS = [
    [3, 3, 4, 3, 3, 4, 3],
    [2, 2, 2, 3, 2, 2, 1],
    [4, 5, 4, 4, 5, 4, 4],
    [1, 2, 1, 2, 2, 1, 1],
    [3, 4, 3, 3, 4, "na", 3],
]


def member(northside, name, *, counted=True):
    person = _member(_person(name), northside, "practitioner")
    Membership.objects.filter(user=person, organisation=northside).update(counted_in_statistics=counted)
    return person


def full(make_assessment, owner, levels):
    answers = {item: str(level) for item, level in zip(CO_LEARNING, levels, strict=True)}
    return make_assessment(owner, kind="full", answers=answers)


@pytest.fixture
def counted(northside, make_assessment):
    people = [member(northside, f"p{i}") for i in range(len(PATTERNS))]
    for person, levels in zip(people, PATTERNS, strict=True):
        full(make_assessment, person, levels)
    return people


def co_learning_row(report):
    return next(r for r in report.rows if r.competency_id == "co-learning")


def test_figures_are_praxis_scoring_over_the_consenting_members_latest_full_assessments(
    client, lena, northside, counted, make_assessment
):
    full(make_assessment, counted[0], [1, 1, 1, 1, 1, 1, 2])  # a later one replaces the first
    outsider = member(northside, "quiet", counted=False)
    full(make_assessment, outsider, [5, 1, 5, 1, 5, 1, 5])
    make_assessment(counted[1], kind="quick")  # quick assessments have no key activities
    client.force_login(lena)
    response = client.get(reverse("surveys:reliability", args=[northside.slug]))
    assert response.status_code == 200
    patterns = [[1, 1, 1, 1, 1, 1, 2], *PATTERNS[1:]]
    matrix = np.array([[np.nan if v == "na" else v for v in p] for p in patterns], dtype=float)
    row = co_learning_row(response.context["report"])
    alpha = scoring.cronbach_alpha(matrix)
    assert row.shown and row.n == alpha.n == 4  # the "not applicable" leaves one out, listwise
    assert row.alpha == pytest.approx(alpha.value) and row.ci_low == pytest.approx(alpha.ci_low)
    assert row.omega == pytest.approx(scoring.mcdonald_omega(matrix).value)
    assert [f.item_rest for f in row.item_figures] == pytest.approx(
        scoring.item_rest_correlations(matrix).correlations
    )
    assert response.context["report"].people == 5
    assert f"{alpha.value:.2f}".encode() in response.content


def test_below_the_minimum_group_size_no_figure_and_no_count_is_shown(client, lena, northside, counted):
    northside.min_group_size = 5
    northside.save()
    client.force_login(lena)
    report = client.get(reverse("surveys:reliability", args=[northside.slug])).context["report"]
    row = co_learning_row(report)
    assert report.people == 5 and not row.shown and row.n is None and row.alpha is None  # 4 rated all
    Membership.objects.filter(user__in=counted[:1]).update(counted_in_statistics=False)
    response = client.get(reverse("surveys:reliability", args=[northside.slug]))
    assert response.context["report"].people is None
    assert b"Fewer than 5 members" in response.content


def test_only_leads_of_the_organisation_see_it(client, alice, lena, dave, northside, counted):
    url = reverse("surveys:reliability", args=[northside.slug])
    client.force_login(alice)
    assert client.get(url).status_code == 403
    client.force_login(dave)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_counted_assessments_take_one_latest_full_assessment_per_consenting_member(
    northside, counted, make_assessment
):
    later = full(make_assessment, counted[2], PATTERNS[0])
    ids = set(policy.counted_assessments(northside).values_list("pk", flat=True))
    assert len(ids) == len(counted) and later.pk in ids


def test_the_report_reads_answers_in_a_fixed_number_of_queries(
    django_assert_max_num_queries, northside, counted
):
    with django_assert_max_num_queries(2):
        selectors.reliability_report(policy.counted_assessments(northside), current_framework(), 3)
