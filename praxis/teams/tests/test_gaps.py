"""Where the team is thin: named data only, single points of failure, plan focuses under the
disclosure rules, and a query count that does not grow with members."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from praxis.accounts.models import Membership, Role, ShareAudience, SupervisionLink
from praxis.teams.gaps import Cover, gaps_page

from .people import assess, consent, person, plan_focus, team_of

pytestmark = pytest.mark.django_db


def _row(page, competency_id):
    return next(r for r in page.rows if r.competency.id == competency_id)


def test_a_competency_one_named_person_holds_is_a_single_point_of_failure(northside, lena):
    ann, ben, cat = (person(n, northside) for n in ("Ann", "Ben", "Cat"))
    assess(ann, proficient_in={"co-design", "brokering"})
    assess(ben, proficient_in={"co-design"})
    assess(cat, proficient_in={"co-design", "brokering", "facilitation"})  # never named: never counts
    consent(ann, northside, named=True)
    consent(ben, northside, named=True)
    consent(cat, northside, counted=True)
    page = gaps_page(lena, northside)
    assert page.people == 2
    assert _row(page, "co-design").cover is Cover.TWO
    assert _row(page, "brokering").cover is Cover.ONE
    assert _row(page, "facilitation").cover is Cover.NO_ONE
    thin = page.thin
    assert [r.cover for r in thin][:1] == [Cover.NO_ONE]
    assert thin[-1].competency.id == "co-design"  # two people: least urgent of the thin
    assert thin.index(_row(page, "brokering")) > thin.index(_row(page, "facilitation"))
    assert "single point of failure" in Cover.ONE.meaning.lower()


def test_the_gaps_page_says_what_happens_when_the_one_person_leaves_and_links_to_the_guide(
    client, northside, lena
):
    ann = person("Ann", northside)
    assess(ann, proficient_in={"brokering"})
    consent(ann, northside, named=True)
    client.force_login(lena)
    response = client.get(reverse("teams_people:gaps", args=[northside.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "A single point of failure: if this person leaves" in html
    assert "One person proficient" in html
    assert reverse("guide:competency", args=["brokering"]) in html
    assert "Ann" not in html  # a count, never a name, on this page


def test_a_supervisor_counts_only_the_supervisees_who_shared_with_them(northside, alice, bob, carol):
    assess(alice, proficient_in={"co-design"}, share_with=northside, audience=ShareAudience.SUPERVISORS)
    assess(bob, proficient_in={"co-design"}, share_with=northside)  # bob is not carol's supervisee
    page = gaps_page(carol, northside)
    assert page.people == 1
    assert _row(page, "co-design").proficient == 1
    assert not page.as_lead


def test_plan_focuses_count_for_a_lead_only_from_enough_consenting_members(northside, lena):
    people = [person(f"P{i}", northside) for i in range(4)]
    for p in people[:3]:
        plan_focus(p, "co-design", share_with=northside)
        consent(p, northside, counted=True)
    plan_focus(people[3], "co-design", share_with=northside)  # not counted in statistics
    plan_focus(people[3], "brokering", share_with=northside)
    page = gaps_page(lena, northside)
    assert _row(page, "co-design").planners.count == 3
    assert not _row(page, "brokering").planners.shown
    assert not _row(page, "facilitation").planners.shown  # "none" is a statement about people too


def test_a_team_filter_never_gives_away_a_smaller_group_by_difference(northside, lena):
    people = [person(f"P{i}", northside) for i in range(4)]
    for p in people:
        plan_focus(p, "co-design", share_with=northside)
        consent(p, northside, counted=True)
    team = team_of(northside, lena, "Coaching", people[:3])
    whole, coaching = gaps_page(lena, northside), gaps_page(lena, northside, team)
    shown = [page for page in (whole, coaching) if _row(page, "co-design").planners.shown]
    assert len(shown) == 1  # 4 and 3 would give away the one person outside the team


def test_a_team_filter_counts_the_team_only(northside, lena):
    ann, ben = person("Ann", northside), person("Ben", northside)
    for p in (ann, ben):
        assess(p, proficient_in={"co-design"})
        consent(p, northside, named=True)
    team = team_of(northside, lena, "Coaching", [ann])
    assert _row(gaps_page(lena, northside, team), "co-design").proficient == 1
    assert _row(gaps_page(lena, northside), "co-design").proficient == 2


def _seed(organisation, lead, n, start=0):
    made = []
    for i in range(start, start + n):
        p = person(f"Member {i:03d}", organisation, role_title="coach")
        assess(p, proficient_in={"co-design"} if i % 2 else {"brokering"})
        plan_focus(p, "facilitation", share_with=organisation)
        consent(p, organisation, named=True, counted=True)
        made.append(p)
    return made


def test_the_gaps_page_runs_the_same_number_of_queries_for_five_and_fifty_people(client, northside, lena):
    url = reverse("teams_people:gaps", args=[northside.slug])
    client.force_login(lena)
    small = _seed(northside, lena, 5)
    team_of(northside, lena, "Coaching", small[:3])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _seed(northside, lena, 45, start=5)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few)
    assert "Three or more" in response.content.decode()
    page = gaps_page(lena, northside)
    assert page.people == 50 and _row(page, "facilitation").planners.count == 50


def test_members_do_not_open_the_gaps_page(client, northside, alice):
    client.force_login(alice)
    assert client.get(reverse("teams_people:gaps", args=[northside.slug])).status_code == 403


def test_a_team_of_another_organisation_is_not_found(client, northside, southside, lena, dave):
    other = team_of(southside, dave, "Theirs", [])
    client.force_login(lena)
    url = reverse("teams_people:gaps", args=[northside.slug])
    assert client.get(url, {"team": other.pk}).status_code == 404
    assert client.get(url, {"team": "٣"}).status_code == 404


def test_someone_who_supervises_and_leads_sees_both_routes(northside, alice, lena):
    Membership.objects.filter(user=lena).update(role=Role.LEAD)
    SupervisionLink.objects.create(
        organisation=northside, supervisor=lena, supervisee=alice, confirmed_at=timezone.now()
    )
    assess(alice, proficient_in={"co-design"}, share_with=northside, audience=ShareAudience.SUPERVISORS)
    assert _row(gaps_page(lena, northside), "co-design").proficient == 1
