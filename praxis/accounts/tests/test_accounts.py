"""Sign-up, sign-in with throttling, password reset, profile, organisations and invitations."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from praxis.accounts import services
from praxis.accounts.models import Invitation, Membership, Role, SupervisionLink, User

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def test_passwords_are_hashed_with_argon2_in_real_settings():
    import praxis.settings as real

    assert real.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_sign_up_signs_in_and_lands_on_the_dashboard(client):
    response = client.post(
        reverse("accounts:signup"),
        {"full_name": "Nia Jones", "email": "Nia@Example.org", "password": PASSWORD},
    )
    assert response.status_code == 302 and response.url == reverse("shell:dashboard")
    user = User.objects.get()
    assert user.email == "nia@example.org" and user.check_password(PASSWORD)
    assert client.get(reverse("shell:dashboard")).status_code == 200


def test_sign_up_explains_problems_next_to_the_field(client, alice):
    html = client.post(
        reverse("accounts:signup"), {"full_name": "A", "email": "alice@example.org", "password": "123"}
    ).content.decode()
    assert "already exists" in html
    assert User.objects.count() == 1
    html = client.post(
        reverse("accounts:signup"), {"full_name": "New", "email": "new@example.org", "password": "12345678"}
    ).content.decode()
    assert "entirely numeric" in html
    assert not User.objects.filter(email="new@example.org").exists()


def test_sign_in_with_email_and_password(client, alice):
    response = client.post(reverse("accounts:login"), {"username": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("shell:dashboard")).status_code == 200


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client, alice, bob):
    for _ in range(5):
        response = client.post(
            reverse("accounts:login"), {"username": "alice@example.org", "password": "wrong"}
        )
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    # even the right password is refused until the cool-off ends
    response = client.post(reverse("accounts:login"), {"username": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # a colleague signing in from the same network is not locked out
    response = client.post(reverse("accounts:login"), {"username": "bob@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_password_reset_by_email(client, alice):
    client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    [message] = mail.outbox
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session-held one
    response = client.post(
        form_url, {"new_password1": "another-long-password", "new_password2": "another-long-password"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("another-long-password")


def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_profile_update(client, alice):
    client.force_login(alice)
    client.post(
        reverse("accounts:profile"), {"full_name": "Alice Ng", "job_title": "Coach", "role_title": "coach"}
    )
    alice.refresh_from_db()
    assert (alice.full_name, alice.job_title, alice.role_title) == ("Alice Ng", "Coach", "coach")


def test_creating_an_organisation_makes_you_its_lead(client, dave):
    client.force_login(dave)
    response = client.post(reverse("accounts:organisation_new"), {"name": "Eastside Team"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=dave, organisation__name="Eastside Team")
    assert membership.role == Role.LEAD


def test_invitation_link_works_once_for_the_invited_address(client, lena, northside):
    invitation, token = services.invite(
        organisation=northside, invited_by=lena, email="new@example.org", role="supervisor"
    )
    assert Invitation.objects.get().token_hash != token  # only a hash is stored
    assert len(token) >= 43  # at least 256 bits of randomness, URL-safe
    newcomer = User.objects.create_user(email="new@example.org", password=PASSWORD, full_name="New Person")
    client.force_login(newcomer)
    url = reverse("accounts:invitation", args=[token])
    assert client.get(url).status_code == 200
    client.post(url)
    assert Membership.objects.get(user=newcomer).role == Role.SUPERVISOR
    assert client.get(url).status_code == 404  # used


def test_invitation_email_carries_the_link(lena, northside, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _, token = services.invite(
            organisation=northside, invited_by=lena, email="new@example.org", role="practitioner"
        )
    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    assert f"/invitations/{token}/" in message.body


def test_expired_invitation_is_refused(client, lena, northside):
    invitation, token = services.invite(
        organisation=northside, invited_by=lena, email="new@example.org", role="practitioner"
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("accounts:invitation", args=[token]))
    assert response.status_code == 404
    assert "Northside" not in response.content.decode()  # nothing about the organisation leaks


def test_invitation_for_another_address_is_refused(client, lena, northside, bob):
    _, token = services.invite(
        organisation=northside, invited_by=lena, email="someone@example.org", role="lead"
    )
    outsider = User.objects.create_user(
        email="outsider@example.org", password=PASSWORD, full_name="Out Sider"
    )
    with pytest.raises(services.AccountsError, match="was sent to someone@example.org"):
        services.accept_invitation(token=token, user=outsider)
    assert not Membership.objects.filter(user=outsider).exists()


def test_a_person_can_belong_to_several_organisations_and_leave_one(alice, northside, southside):
    Membership.objects.create(user=alice, organisation=southside, role=Role.PRACTITIONER)
    services.leave_organisation(user=alice, organisation=southside)
    assert list(Membership.objects.filter(user=alice).values_list("organisation__slug", flat=True)) == [
        "northside"
    ]


def test_leaving_removes_supervision_links(carol, alice, northside):
    services.leave_organisation(user=alice, organisation=northside)
    assert not SupervisionLink.objects.exists()


def test_the_only_lead_cannot_leave_while_others_remain(lena, alice, northside):
    with pytest.raises(services.AccountsError, match="only lead"):
        services.leave_organisation(user=lena, organisation=northside)


def test_practitioners_cannot_be_made_supervisors_of_others(alice, bob, lena, northside):
    with pytest.raises(services.AccountsError, match="practitioner here"):
        services.link_supervisor(organisation=northside, by=lena, supervisor=bob, supervisee=alice)


def test_supervisors_must_be_members(carol, dave, lena, northside):
    with pytest.raises(services.AccountsError, match="members of this organisation"):
        services.link_supervisor(organisation=northside, by=lena, supervisor=carol, supervisee=dave)


def test_only_leads_propose_supervisors(carol, bob, northside):
    with pytest.raises(services.AccountsError, match="leads"):
        services.link_supervisor(organisation=northside, by=carol, supervisor=carol, supervisee=bob)


def test_a_new_supervision_link_waits_for_the_supervisee(carol, bob, lena, northside):
    link = services.link_supervisor(organisation=northside, by=lena, supervisor=carol, supervisee=bob)
    assert link.confirmed_at is None
    with pytest.raises(services.AccountsError):
        services.supervision_confirm(supervisee=carol, link_id=link.pk)  # only bob answers
    services.supervision_confirm(supervisee=bob, link_id=link.pk)
    link.refresh_from_db()
    assert link.confirmed_at is not None


def test_organisation_keeps_at_least_one_lead(lena, northside):
    membership = Membership.objects.get(user=lena)
    with pytest.raises(services.AccountsError, match="at least one lead"):
        services.change_role(organisation=northside, membership=membership, role=Role.PRACTITIONER)


def test_peer_mentor_opt_in_is_per_organisation(client, alice, northside, southside):
    client.force_login(alice)
    client.post(reverse("accounts:organisation_peer_mentor", args=["northside"]), {"willing": "yes"})
    assert Membership.objects.get(user=alice, organisation=northside).peer_mentor
    with pytest.raises(services.AccountsError):
        services.set_peer_mentor(user=alice, organisation=southside, willing=True)


@pytest.mark.parametrize("size", [2, 1, 0, 11])
def test_min_group_size_never_below_three(northside, size):
    with pytest.raises(services.AccountsError):
        services.organisation_settings_update(
            organisation=northside, version=0, min_group_size=size, rater_list_approval=False
        )
    northside.refresh_from_db()
    assert northside.min_group_size == 3


def test_a_lead_here_can_supervise_even_if_a_practitioner_elsewhere(lena, alice, northside, southside):
    from praxis.accounts.forms import SupervisionForm

    other_lead = User.objects.create_user(email="olu@example.org", password="x", full_name="Olu")
    Membership.objects.create(user=other_lead, organisation=northside, role=Role.LEAD)
    Membership.objects.create(user=lena, organisation=southside, role=Role.PRACTITIONER)
    assert lena in SupervisionForm(organisation=northside, by=other_lead).fields["supervisor"].queryset
    assert lena not in SupervisionForm(organisation=northside, by=lena).fields["supervisor"].queryset
    services.link_supervisor(organisation=northside, by=other_lead, supervisor=lena, supervisee=alice)


def test_drafts_are_never_shared(alice, carol, northside, make_assessment, client):
    from django.contrib.contenttypes.models import ContentType

    from praxis.accounts.models import Share

    draft = make_assessment(alice, answers={"co-learning": "3"}, submit=False)
    with pytest.raises(services.AccountsError, match="Submit"):
        services.share_set(owner=alice, obj=draft, organisation=northside, audience="supervisors")
    Share.objects.create(
        owner=alice,
        content_type=ContentType.objects.get_for_model(draft),
        object_id=draft.pk,
        organisation=northside,
        audience="supervisors",
    )
    client.force_login(carol)
    assert client.get(reverse("assessments:results", args=[draft.pk])).status_code == 404


def test_sharing_checks_owner_membership_and_the_audiences_each_kind_allows(
    alice, bob, northside, southside, make_assessment
):
    from datetime import date

    from praxis.development import services as plans
    from praxis.journal import services as journal

    assessment = make_assessment(alice, answers={"co-learning": "3"})
    plan = plans.create_plan(owner=alice)
    entry = journal.create_entry(
        owner=alice, kind="reflection", fields={"occurred_on": date.today(), "title": "x"}
    )
    with pytest.raises(services.AccountsError, match="yours"):
        services.share_set(owner=bob, obj=assessment, organisation=northside, audience="supervisors")
    with pytest.raises(services.AccountsError, match="belong to"):
        services.share_set(owner=alice, obj=assessment, organisation=southside, audience="supervisors")
    for leads_never_see in (plan, entry):
        with pytest.raises(services.AccountsError, match="Choose who"):
            services.share_set(
                owner=alice, obj=leads_never_see, organisation=northside, audience="organisation"
            )
    for obj in (assessment, plan, entry):
        services.share_set(owner=alice, obj=obj, organisation=northside, audience="supervisors")
    services.share_set(owner=alice, obj=assessment, organisation=northside, audience="organisation")
    assert sorted(s.content_type.model for s in alice.shares.all()) == ["assessment", "entry", "plan"]
    assert alice.shares.get(content_type__model="assessment").audience == "organisation"  # changed, not added
    entry.delete()  # deleting an object deletes its shares
    assert sorted(s.content_type.model for s in alice.shares.all()) == ["assessment", "plan"]
