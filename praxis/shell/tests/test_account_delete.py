"""'Delete my account': password again, one transaction, and no row left that refers to the person."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import models
from django.urls import reverse

from praxis.accounts.models import Invitation, Membership, Organisation, User
from praxis.core.models import Deleted
from praxis.development.models import Comment, FocusPerson
from praxis.feedback import selectors as feedback
from praxis.feedback.models import Rater, Rating
from praxis.shell import services

from .conftest import ALICE_AS_RATER, PASSWORD

pytestmark = pytest.mark.django_db


def _delete(client, password=PASSWORD):
    return client.post(reverse("shell:account_delete"), {"password": password})


def _rows_referring_to(pk: int, email: str) -> list[str]:
    """Every row in every table of the project that refers to user `pk` by a relation, or holds
    `email` in a text field, except where the README says it stays: raters of other people's
    rounds (the address their owner typed, never linked to an account)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not getattr(field, "concrete", False):
                continue
            if field.is_relation and field.related_model is User and (field.many_to_one or field.one_to_one):
                if model._default_manager.filter(**{field.attname: pk}).exists():
                    found.append(f"{model._meta.label}.{field.name}")
            elif isinstance(field, models.CharField | models.TextField | models.JSONField):
                rows = model._default_manager.filter(**{f"{field.name}__icontains": email})
                if model is Rater:
                    rows = rows.filter(round__owner_id=pk)  # only her own rounds' raters count here
                if rows.exists():
                    found.append(f"{model._meta.label}.{field.name} holds the address")
        if model is LogEntry and model.objects.filter(
            content_type__app_label="accounts", content_type__model="user", object_id=str(pk)
        ):
            found.append("admin history of the account")
    user_id = str(pk)
    if any(s.get_decoded().get("_auth_user_id") == user_id for s in Session.objects.all()):
        found.append("a session")
    return found


def test_the_check_finds_every_reference_before_deletion(rich):
    found = _rows_referring_to(rich.person.pk, rich.person.email)
    for expected in [
        "accounts.Membership.user",
        "accounts.SupervisionLink.supervisee",
        "accounts.Invitation.invited_by",
        "accounts.Invitation.email holds the address",
        "accounts.User.email holds the address",
        "assessments.Assessment.owner",
        "development.Plan.owner",
        "development.Comment.author",
        "development.FocusPerson.user",
        "journal.Entry.owner",
        "feedback.Round.owner",
        "axes.AccessAttempt.username holds the address",
        "axes.AccessLog.username holds the address",
        "axes.AccessFailureLog.username holds the address",
        "admin.LogEntry.user",
        "admin history of the account",
        "a session",
    ]:
        assert expected in found


def test_deleting_the_account_leaves_no_row_that_refers_to_the_person(client, rich):
    pk, email = rich.person.pk, rich.person.email
    response = _delete(client)
    assert response.status_code == 302 and response["Location"] == reverse("shell:home")
    assert not User.objects.filter(pk=pk).exists()
    assert _rows_referring_to(pk, email) == []


def test_others_keep_their_plans_rounds_and_organisations(client, rich, bob, carol, northside):
    report_before = feedback.report_for(rich.bobs_round)
    _delete(client)

    assert Organisation.objects.filter(pk=northside.pk).exists()
    assert set(
        Membership.objects.filter(organisation=northside).values_list("user__full_name", flat=True)
    ) == {
        "Bob",
        "Carol",
        "Lena",
    }
    # her comment on Bob's plan stays, from "A former member"; the plan still opens for Bob
    kept = Comment.objects.get(text="Alice's advice on Bob's plan")
    assert kept.author is None and kept.plan == rich.bobs_plan
    client.force_login(bob)
    page = client.get(reverse("development:detail", args=[rich.bobs_plan.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "A former member" in html and "Alice&#x27;s advice on Bob&#x27;s plan" in html
    assert FocusPerson.objects.get(focus__plan=rich.bobs_plan).user is None  # the name Bob wrote stays
    assert client.get(reverse("shell:dashboard")).status_code == 200
    # her answers to Bob's round still count, as the same anonymous aggregate
    report_after = feedback.report_for(rich.bobs_round)
    assert Rater.objects.filter(round=rich.bobs_round, submitted_at__isnull=False).count() == 3
    assert report_after.aggregate == report_before.aggregate
    assert ALICE_AS_RATER in report_after.aggregate.comments
    assert Rating.objects.filter(rater__round=rich.bobs_round).count() == 3
    # Bob's invitation list keeps the address he typed: his record, never linked to her account
    assert Rater.objects.filter(round=rich.bobs_round, email="alice@example.org").exists()
    # the invitation she sent still works, without a sender
    assert Invitation.objects.get(email="newcomer@example.org").invited_by is None


def test_everything_she_owned_is_gone(client, rich):
    _delete(client)
    assert not Comment.objects.filter(plan=rich.plan).exists()
    assert not Rater.objects.filter(round=rich.own_round).exists()
    assert not Rating.objects.filter(rater__round__in=[rich.own_round, rich.open_round]).exists()
    assert not Invitation.objects.filter(email__iexact="alice@example.org").exists()
    assert not AccessAttempt.objects.exists() and not AccessFailureLog.objects.exists()
    assert not AccessLog.objects.exists()


def test_an_organisation_she_alone_belongs_to_goes_with_her(client, rich):
    from praxis.accounts import services as accounts

    solo = accounts.create_organisation(creator=rich.person, name="Alice Consulting")
    accounts.invite(organisation=solo, invited_by=rich.person, email="x@example.org", role="practitioner")
    _delete(client)
    assert not Organisation.objects.filter(pk=solo.pk).exists()
    assert not Invitation.objects.filter(email="x@example.org").exists()


def test_a_wrong_password_deletes_nothing_and_says_so_by_the_field(client, rich):
    response = _delete(client, "not-my-password")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "password": ["That is not your password. Check it and try again."]
    }
    assert User.objects.filter(pk=rich.person.pk).exists()
    assert client.get(reverse("shell:dashboard")).status_code == 200  # still signed in


def test_wrong_passwords_count_towards_the_sign_in_pause(client, rich, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _delete(client, "guess")
    assert User.objects.filter(pk=rich.person.pk).exists()
    response = _delete(client)  # even the right password now waits for the pause
    assert User.objects.filter(pk=rich.person.pk).exists()
    assert response.status_code == 429 and "Too many sign-in attempts" in response.content.decode()


def test_the_only_lead_of_an_organisation_with_members_is_asked_to_hand_over_first(
    client, lena, alice, northside
):
    client.force_login(lena)
    response = _delete(client)
    assert response.status_code == 200
    assert "only lead of Northside" in response.content.decode()
    assert User.objects.filter(pk=lena.pk).exists()
    assert Membership.objects.filter(user=lena, organisation=northside, role="lead").exists()


def test_deletion_is_one_transaction(client, rich, monkeypatch):
    """If anything fails on the way, nothing is removed: not even the sign-in logs or invitations."""
    counts = {m: m.objects.count() for m in (Invitation, AccessLog, AccessFailureLog, Session, LogEntry)}

    def fail(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(User, "delete", fail)
    with pytest.raises(RuntimeError):
        services.account_delete(user=rich.person)
    assert {m: m.objects.count() for m in counts} == counts


def test_the_page_explains_what_goes_and_what_stays(client, alice):
    client.force_login(alice)
    html = client.get(reverse("shell:account_delete")).content.decode()
    assert "What goes" in html and "What stays" in html and "A former member" in html
    assert reverse("shell:personal_data") in html
    assert 'autocomplete="current-password"' in html


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for name in ("shell:account_delete", "shell:personal_data"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_after_deletion_the_person_is_signed_out_and_told(client, rich):
    response = client.post(reverse("shell:account_delete"), {"password": PASSWORD}, follow=True)
    assert "Your account and everything in it have been deleted" in response.content.decode()
    assert client.get(reverse("shell:dashboard")).status_code == 302
    again = client.post(reverse("accounts:login"), {"username": "alice@example.org", "password": PASSWORD})
    assert again.status_code == 200  # the sign-in form again: no such account


def test_profile_page_links_to_download_and_delete(client, alice):
    client.force_login(alice)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("shell:personal_data") in html and reverse("shell:account_delete") in html


def test_what_she_deleted_goes_with_her_account(client, rich):
    assert Deleted.objects.filter(owner=rich.person).exists()
    _delete(client)
    assert not Deleted.objects.exists()
