"""Attacks on who sees what, each as its own story: a share revoked, a member who leaves and
rejoins, a supervisor the practitioner has not confirmed, a lead who links themself. The matrix of
every URL × every visitor is in test_access_matrix.py; these use its world."""

# ruff: noqa: F811  (the world_once fixture is imported from the matrix module by name)

import pytest
from django.db import models
from django.urls import reverse

from praxis.accounts import services as accounts
from praxis.accounts.models import Role, SupervisionLink
from praxis.accounts.tests.test_access_matrix import share, world_once  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    """The matrix's world, built once for the module: each test runs in its own savepoint, rolled
    back after it. Every person and object is fetched again for each test, so nothing a test changed
    on them in memory reaches the next."""
    people, objects = world_once
    return _fetched_again(people), _fetched_again(objects)


@pytest.fixture
def northside(world):
    return world[1]["org"]


def _fetched_again(named):
    return {
        name: type(obj)._default_manager.get(pk=obj.pk) if isinstance(obj, models.Model) else obj
        for name, obj in named.items()
    }


SHARED_WITH_SUPERVISORS = ["for_supervisors", "for_organisation", "shared_plan", "shared_entry"]


def _url(objects, name):
    obj = objects[name]
    if name.endswith("plan"):
        return reverse("development:detail", args=[obj.pk])
    if name.endswith("entry"):
        return reverse("journal:detail", args=[obj.pk])
    return reverse("assessments:results", args=[obj.pk])


def _statuses(client, person, objects, names=SHARED_WITH_SUPERVISORS):
    client.force_login(person)
    return {name: client.get(_url(objects, name)).status_code for name in names}


def test_revoking_a_share_hides_it_at_once(client, world, northside):
    people, objects = world
    url = reverse("assessments:results", args=[objects["for_supervisors"].pk])
    client.force_login(people["supervisor"])
    assert client.get(url).status_code == 200
    accounts.share_set(
        owner=people["owner"], obj=objects["for_supervisors"], organisation=northside, audience=None
    )
    assert client.get(url).status_code == 404


def test_leaving_the_organisation_ends_what_was_shared_there(client, world, northside):
    people, objects = world
    accounts.leave_organisation(user=people["owner"], organisation=northside)
    client.force_login(people["lead"])
    assert (
        client.get(reverse("assessments:results", args=[objects["for_organisation"].pk])).status_code == 404
    )


def test_supervisor_dashboard_lists_only_what_was_shared(client, world):
    people, objects = world
    client.force_login(people["supervisor"])
    html = client.get(reverse("shell:dashboard")).content.decode()
    assert "People you supervise" in html
    assert reverse("assessments:results", args=[objects["for_supervisors"].pk]) in html
    assert reverse("assessments:results", args=[objects["for_organisation"].pk]) in html
    assert reverse("assessments:results", args=[objects["private"].pk]) not in html


# -- attacks on supervision: each failed on the code before consent ---------------------------


def test_a_pending_supervisor_sees_nothing_shared_until_the_practitioner_confirms(client, world):
    people, objects = world
    assert set(_statuses(client, people["pending"], objects).values()) == {404}
    client.force_login(people["pending"])
    assert "Alice" not in client.get(reverse("shell:dashboard")).content.decode()

    client.force_login(people["owner"])
    response = client.post(reverse("accounts:supervision_confirm", args=[objects["pending_link"].pk]))
    assert response.status_code == 302
    assert _statuses(client, people["pending"], objects) == {
        "for_supervisors": 200,
        "for_organisation": 200,
        "shared_plan": 200,
        "shared_entry": 200,
    }


def test_a_declined_supervisor_never_sees_anything(client, world):
    people, objects = world
    client.force_login(people["owner"])
    client.post(reverse("accounts:supervision_decline", args=[objects["pending_link"].pk]))
    assert not SupervisionLink.objects.filter(pk=objects["pending_link"].pk).exists()
    assert set(_statuses(client, people["pending"], objects).values()) == {404}


def test_a_lead_cannot_link_themself_as_a_supervisor(client, world, northside):
    people, objects = world
    lena, alice = people["lead"], people["owner"]
    client.force_login(lena)
    response = client.post(
        reverse("accounts:organisation_supervision", args=[northside.slug]),
        {"supervisor": lena.pk, "supervisee": alice.pk},
    )
    assert response.status_code == 200  # the page again, saying why beside the field
    assert "other than yourself" in response.content.decode()
    assert not SupervisionLink.objects.filter(supervisor=lena).exists()
    with pytest.raises(accounts.AccountsError):
        accounts.link_supervisor(organisation=northside, by=lena, supervisor=lena, supervisee=alice)
    # as a lead she reads what alice shared with the organisation, nothing meant for supervisors
    assert _statuses(client, lena, objects) == {
        "for_supervisors": 404,
        "for_organisation": 200,
        "shared_plan": 404,
        "shared_entry": 404,
    }


def test_someone_a_lead_makes_supervisor_sees_nothing_until_the_practitioner_confirms(
    client, world, northside
):
    people, objects = world
    lena, bob, alice = people["lead"], people["colleague"], people["owner"]
    client.force_login(lena)
    membership = bob.memberships.get(organisation=northside)
    client.post(
        reverse("accounts:organisation_role", args=[northside.slug, membership.pk]), {"role": "supervisor"}
    )
    client.post(
        reverse("accounts:organisation_supervision", args=[northside.slug]),
        {"supervisor": bob.pk, "supervisee": alice.pk},
    )
    link = SupervisionLink.objects.get(supervisor=bob, supervisee=alice)
    assert link.confirmed_at is None
    assert set(_statuses(client, bob, objects).values()) == {404}

    client.force_login(alice)
    html = client.get(reverse("shell:dashboard")).content.decode()
    assert "Bob was added as your supervisor in Northside" in html
    assert "4 items" in html
    client.post(reverse("accounts:supervision_confirm", args=[link.pk]))
    assert set(_statuses(client, bob, objects).values()) == {200}


def test_nobody_can_supervise_themself(world, northside):
    people, _ = world
    with pytest.raises(accounts.AccountsError):
        accounts.link_supervisor(
            organisation=northside,
            by=people["lead"],
            supervisor=people["supervisor"],
            supervisee=people["supervisor"],
        )


def test_after_leaving_and_rejoining_nothing_shared_before_is_visible(client, world, northside):
    people, objects = world
    alice, lena, carol = people["owner"], people["lead"], people["supervisor"]
    accounts.leave_organisation(user=alice, organisation=northside)
    _, token = accounts.invite(
        organisation=northside, invited_by=lena, email=alice.email, role="practitioner"
    )
    accounts.accept_invitation(token=token, user=alice)
    link = accounts.link_supervisor(organisation=northside, by=lena, supervisor=carol, supervisee=alice)
    accounts.supervision_confirm(supervisee=alice, link_id=link.pk)
    assert set(_statuses(client, carol, objects).values()) == {404}
    assert _statuses(client, lena, objects, ["for_organisation"]) == {"for_organisation": 404}
    client.force_login(alice)
    html = client.get(reverse("assessments:sharing", args=[objects["for_organisation"].pk])).content.decode()
    assert 'value="organisation" selected' not in html


def test_a_removed_member_who_is_invited_back_shows_nothing_shared_before(client, world, northside):
    people, objects = world
    alice, lena, carol = people["owner"], people["lead"], people["supervisor"]
    client.force_login(lena)
    membership = alice.memberships.get(organisation=northside)
    client.post(reverse("accounts:organisation_remove", args=[northside.slug, membership.pk]))
    assert not alice.memberships.exists()
    _, token = accounts.invite(
        organisation=northside, invited_by=lena, email=alice.email, role="practitioner"
    )
    accounts.accept_invitation(token=token, user=alice)
    link = accounts.link_supervisor(organisation=northside, by=lena, supervisor=carol, supervisee=alice)
    accounts.supervision_confirm(supervisee=alice, link_id=link.pk)
    assert set(_statuses(client, carol, objects).values()) == {404}
    assert _statuses(client, lena, objects, ["for_organisation"]) == {"for_organisation": 404}


def test_a_supervisor_who_leaves_and_rejoins_needs_a_new_confirmation(client, world, northside):
    people, objects = world
    carol, lena = people["supervisor"], people["lead"]
    accounts.leave_organisation(user=carol, organisation=northside)
    _, token = accounts.invite(organisation=northside, invited_by=lena, email=carol.email, role="supervisor")
    accounts.accept_invitation(token=token, user=carol)
    assert set(_statuses(client, carol, objects).values()) == {404}


def test_a_practitioner_can_end_a_confirmed_supervision_at_any_time(client, world, northside):
    people, objects = world
    alice, carol = people["owner"], people["supervisor"]
    link = SupervisionLink.objects.get(supervisor=carol, supervisee=alice)
    client.force_login(alice)
    html = client.get(reverse("accounts:organisation", args=[northside.slug])).content.decode()
    assert "Your supervisors here" in html and "waiting for Alice to confirm" in html  # sam's link
    client.post(reverse("accounts:supervision_decline", args=[link.pk]))
    assert set(_statuses(client, carol, objects).values()) == {404}


def test_only_the_supervisee_answers_a_link(client, world):
    people, objects = world
    link = objects["pending_link"]
    for intruder in ("lead", "pending", "supervisor"):
        client.force_login(people[intruder])
        assert client.post(reverse("accounts:supervision_confirm", args=[link.pk])).status_code == 404
        with pytest.raises(accounts.AccountsError):
            accounts.supervision_confirm(supervisee=people[intruder], link_id=link.pk)
    link.refresh_from_db()
    assert link.confirmed_at is None


def test_a_supervisor_made_a_practitioner_supervises_nobody_any_more(client, world, northside):
    people, objects = world
    carol = people["supervisor"]
    membership = carol.memberships.get(organisation=northside)
    accounts.change_role(organisation=northside, membership=membership, role=Role.PRACTITIONER)
    assert set(_statuses(client, carol, objects).values()) == {404}
    accounts.change_role(organisation=northside, membership=membership, role=Role.SUPERVISOR)
    assert set(_statuses(client, carol, objects).values()) == {404}  # a new link, a new confirmation
