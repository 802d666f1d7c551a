"""Against padding and small groups: distinct raters, the owner's own address, supervisor approval,
the floor of 3 everywhere, the framework's own rating scale, and pages that show only what
praxis.scoring.disclosure allows."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from conftest import MINI_FRAMEWORK
from praxis.accounts import services as accounts
from praxis.accounts.models import Organisation, SupervisionLink
from praxis.core import frameworks
from praxis.feedback import selectors, services
from praxis.feedback.models import Rater, Rating, Round

pytestmark = pytest.mark.django_db


def new_round(owner, competencies=("co-learning", "brokering"), relationship=True):
    return services.create_round(
        owner=owner,
        title="Spring feedback",
        message="",
        closes_on=timezone.localdate() + timedelta(days=14),
        competency_ids=list(competencies),
        include_relationship=relationship,
    )


@pytest.fixture
def round_(alice):
    return new_round(alice)


def invite(round_, email, relationship="peer", execute=None):
    if execute is None:
        return services.add_rater(round_=round_, email=email, name="", relationship=relationship)
    with execute(execute=True):
        return services.add_rater(round_=round_, email=email, name="", relationship=relationship)


def answer(token, posted, comment=""):
    return services.save_response(
        token=token, posted=posted, comment=comment, identifiable=False, submit=True
    )


# -- padding: distinct people, never the owner ---------------------------------------------------


@pytest.mark.parametrize("email", ["alice@example.org", "ALICE@Example.org", "alice+peer@example.org"])
def test_the_owners_own_mailbox_is_refused_in_any_spelling(round_, email):
    with pytest.raises(services.FeedbackError, match="self-assessment"):
        invite(round_, email)
    assert not Rater.objects.exists()


@pytest.mark.parametrize("second", ["PAT@example.org", "pat+2@example.org", " pat@EXAMPLE.org "])
def test_rater_addresses_are_distinct_mailboxes(round_, second, django_capture_on_commit_callbacks):
    invite(round_, "pat@example.org", execute=django_capture_on_commit_callbacks)  # the e-mail goes
    with pytest.raises(services.FeedbackError, match="already invited"):
        invite(round_, second)
    assert Rater.objects.count() == 1


def test_the_database_refuses_the_same_address_twice_whatever_its_case(round_):
    invite(round_, "pat@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Rater.objects.create(round=round_, email="Pat@Example.org", relationship="peer", token_hash="x" * 64)


def test_the_round_page_refuses_the_owners_address_with_a_message(client, alice, round_):
    client.force_login(alice)
    response = client.post(
        reverse("feedback:round", args=[round_.pk]),
        {"action": "add_rater", "email": "alice+x@example.org", "name": "", "relationship": "peer"},
        follow=True,
    )
    assert "Your own view is your self-assessment" in response.content.decode()
    assert not Rater.objects.exists()


# -- the floor of 3 ------------------------------------------------------------------------------


def test_the_database_refuses_a_minimum_below_three(northside, alice):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=northside.pk).update(min_group_size=2)
    round_ = new_round(alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.filter(pk=round_.pk).update(min_group_size=2)


@pytest.mark.parametrize("size", [0, 1, 2, 11])
def test_the_settings_refuse_a_minimum_outside_three_to_ten(client, lena, northside, size):
    client.force_login(lena)
    response = client.post(
        reverse("accounts:organisation_privacy", args=[northside.slug]),
        {"min_group_size": str(size), "version": "0"},
    )
    assert response.status_code == 200 and 'class="field field-error"' in response.content.decode()
    assert f'value="{size}"' in response.content.decode()  # what was typed is kept
    northside.refresh_from_db()
    assert northside.min_group_size == 3 and northside.settings_version == 0


def test_settings_form_offers_three_to_ten(client, lena, northside):
    client.force_login(lena)
    html = client.get(reverse("accounts:organisation", args=[northside.slug])).content.decode()
    assert 'min="3"' in html and 'max="10"' in html and 'name="rater_list_approval"' in html


# -- version-guarded settings --------------------------------------------------------------------


def test_a_stale_settings_save_changes_nothing_and_shows_both_values(
    client, lena, northside, django_user_model
):
    from praxis.accounts.models import Membership

    other_lead = django_user_model.objects.create_user(
        email="olu@example.org", password="a-long-test-password", full_name="Olu"
    )
    Membership.objects.create(user=other_lead, organisation=northside, role="lead")
    from django.test import Client

    first, second = client, Client()
    first.force_login(lena)
    second.force_login(other_lead)
    url = reverse("accounts:organisation", args=[northside.slug])
    assert 'name="version" value="0"' in first.get(url).content.decode()
    assert 'name="version" value="0"' in second.get(url).content.decode()
    save = reverse("accounts:organisation_privacy", args=[northside.slug])
    response = second.post(save, {"min_group_size": "5", "rater_list_approval": "on", "version": "0"})
    assert response.status_code == 302
    response = first.post(save, {"min_group_size": "4", "version": "0"})
    html = response.content.decode()
    assert response.status_code == 200 and "Someone else saved these settings" in html
    assert 'value="4"' in html and "Saved meanwhile by someone else: 5" in html
    assert "a supervisor approves each rater list" in html
    northside.refresh_from_db()
    assert (northside.min_group_size, northside.rater_list_approval, northside.settings_version) == (
        5,
        True,
        1,
    )
    assert 'name="version" value="1"' in html  # saving again replaces what is saved now
    assert first.post(save, {"min_group_size": "4", "version": "1"}).status_code == 302
    northside.refresh_from_db()
    assert (northside.min_group_size, northside.rater_list_approval) == (4, False)


def test_only_leads_change_the_settings(client, alice, northside):
    client.force_login(alice)
    response = client.post(
        reverse("accounts:organisation_privacy", args=[northside.slug]),
        {"min_group_size": "3", "version": "0"},
    )
    assert response.status_code == 403


# -- supervisor approval of the rater list -------------------------------------------------------


@pytest.fixture
def approving(northside):
    accounts.organisation_settings_update(
        organisation=northside, version=0, min_group_size=3, rater_list_approval=True
    )
    return northside


def test_with_approval_required_invitations_wait_for_a_supervisor(
    client, alice, bob, carol, approving, django_capture_on_commit_callbacks
):
    round_ = new_round(alice)
    assert round_.approval_required and round_.organisation == approving
    _, token = invite(round_, "pat@example.org", execute=django_capture_on_commit_callbacks)
    invite(round_, "sam@example.org", "stakeholder", execute=django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert services.find_rater(token) is None  # no link exists before approval
    client.force_login(alice)
    html = client.get(reverse("feedback:round", args=[round_.pk])).content.decode()
    assert "Waiting for approval" in html and "waiting for approval" in html
    assert "Nobody invited yet" not in html and '<th scope="row">Peer' not in html  # not invited yet

    # a colleague who does not supervise Alice, and Alice herself, cannot approve
    for person in (bob, alice):
        client.force_login(person)
        assert client.get(reverse("feedback:approve", args=[round_.pk])).status_code == 404
        assert client.post(reverse("feedback:approve", args=[round_.pk])).status_code == 404
    with pytest.raises(services.FeedbackError):
        services.rater_list_approve(round_=round_, approver=bob)

    client.force_login(carol)
    index = client.get(reverse("feedback:index")).content.decode()
    assert reverse("feedback:approve", args=[round_.pk]) in index
    page = client.get(reverse("feedback:approve", args=[round_.pk])).content.decode()
    assert "pat@example.org" in page and "sam@example.org" in page and "Stakeholder" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("feedback:approve", args=[round_.pk]), {"action": "approve"})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["pat@example.org", "sam@example.org"]
    assert "What does not" in mail.outbox[0].body and "approved the list" in mail.outbox[0].body
    assert services.find_rater(token) is None  # the approved invitation carries a fresh link
    link = next(m for m in mail.outbox if m.to == ["pat@example.org"]).body.split("/feedback/r/")[1]
    assert services.find_rater(link.split("/")[0]) is not None
    assert Rater.objects.filter(approved_by=carol).count() == 2
    assert (
        reverse("feedback:approve", args=[round_.pk])
        not in client.get(reverse("feedback:index")).content.decode()
    )


def test_a_supervisor_can_take_an_address_off_the_list(client, alice, carol, approving):
    round_ = new_round(alice)
    rater, _ = invite(round_, "alice.other@example.org")
    client.force_login(carol)
    client.post(reverse("feedback:approve", args=[round_.pk]), {"action": "withdraw", "rater": rater.pk})
    rater.refresh_from_db()
    assert rater.revoked_at and rater.approved_at is None
    assert services.rater_list_approve(round_=round_, approver=carol, notify=False) == 0


def test_without_a_supervisor_the_owner_is_told_whom_to_ask(client, bob, approving):
    round_ = new_round(bob)
    invite(round_, "pat@example.org")
    client.force_login(bob)
    html = client.get(reverse("feedback:round", args=[round_.pk])).content.decode()
    assert "Nobody is linked as your supervisor" in html


def test_approval_is_decided_by_the_feedback_policy(alice, carol, bob, approving):
    from praxis.feedback import policy

    round_ = new_round(alice)
    assert policy.may_approve(carol, round_) and not policy.may_approve(bob, round_)
    SupervisionLink.objects.filter(supervisor=carol).delete()
    assert not policy.may_approve(carol, round_)


def test_reminders_skip_raters_waiting_for_approval(alice, carol, approving):
    round_ = new_round(alice)
    invite(round_, "pat@example.org")
    Round.objects.filter(pk=round_.pk).update(closes_on=timezone.localdate() + timedelta(days=1))
    assert services.send_reminders() == 0


# -- what the rater is told ----------------------------------------------------------------------


def test_the_rater_is_told_what_protects_them_and_what_does_not(
    client, round_, django_capture_on_commit_callbacks
):
    _, token = invite(round_, "pat@example.org", execute=django_capture_on_commit_callbacks)
    body = mail.outbox[0].body
    assert "What protects your anonymity" in body and "What does not" in body
    assert "at least 3 people" in body and "knows whom they asked" in body and "comment can show" in body
    html = client.get(reverse("feedback:rater", args=[token])).content.decode()
    assert "What protects you" in html and "What does not" in html
    assert (
        "at least 3 people in it answered" in html
        and "If you are their supervisor and choose to be named" in html
    )


# -- the report and the round page show only what the module allows ------------------------------


def test_report_never_shows_the_lone_stakeholder_by_count_column_or_comment(
    client, alice, round_, django_capture_on_commit_callbacks
):
    peers = [
        invite(round_, f"p{n}@example.org", execute=django_capture_on_commit_callbacks)[1] for n in range(3)
    ]
    stakeholder = invite(round_, "s@example.org", "stakeholder", execute=django_capture_on_commit_callbacks)[
        1
    ]
    for token in peers:
        answer(token, {"co-learning": "4", "brokering": "4"}, "Peer words")
    answer(stakeholder, {"co-learning": "1"}, "Only mine")
    services.close_round(round_=round_)
    client.force_login(alice)
    html = client.get(reverse("feedback:report", args=[round_.pk])).content.decode()
    table_head = html.split("You and others")[1].split("<thead>")[1].split("</thead>")[0]
    assert "All others" not in table_head  # not on some items only, not at all
    assert "4 responses" not in html and "Only mine" not in html
    assert "from smaller groups, fewer than 3 or none" in html and "Spread" not in html
    silent_round = new_round(alice)
    peers = [
        invite(silent_round, f"p{n}@example.org", execute=django_capture_on_commit_callbacks)[1]
        for n in range(3)
    ]
    invite(silent_round, "s@example.org", "stakeholder", execute=django_capture_on_commit_callbacks)
    for token in peers:
        answer(token, {"co-learning": "4", "brokering": "4"}, "Peer words")
    services.close_round(round_=silent_round)
    silent = client.get(reverse("feedback:report", args=[silent_round.pk])).content.decode()

    # whether the stakeholder answered changes nothing on the page but its title and links
    def strip(page):
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
        return re.sub(r"/feedback/\d+/", "/feedback/#/", page.split("<h1>")[1].split("Where next?")[0])

    assert strip(html) == strip(silent)


def test_report_figures_come_only_from_the_disclosure_rules(
    alice, round_, django_capture_on_commit_callbacks
):
    people = [("peer", 3), ("stakeholder", 2), ("other", 1)]
    tokens = []
    for relationship, n in people:
        for i in range(n):
            tokens.append(
                invite(
                    round_, f"{relationship}{i}@example.org", relationship, django_capture_on_commit_callbacks
                )[1]
            )
    for token in tokens:
        answer(token, {"co-learning": "3"})
    services.close_round(round_=round_)
    report = selectors.report_for(round_)
    assert report.aggregate.other_responses == 3 and report.aggregate.total_responses == 6
    assert report.aggregate.all_others_shown
    assert report.competencies[0].result.all_others.n == 6


# -- the framework's own scale -------------------------------------------------------------------


def test_a_round_on_a_framework_with_a_three_level_scale_works_end_to_end(
    client, alice, mini_framework, django_capture_on_commit_callbacks
):
    assert [level.value for level in mini_framework.scale.levels] == [1, 2, 3]
    round_ = new_round(alice, competencies=["planning", "reviewing"])
    assert round_.framework_version.framework_key == "mini"
    tokens = [
        invite(round_, f"p{n}@example.org", execute=django_capture_on_commit_callbacks)[1] for n in range(3)
    ]
    page = client.get(reverse("feedback:rater", args=[tokens[0]])).content.decode()
    assert (
        "Teaching" in page and "Starting" in page and "Exceptionally" not in page and "Proficient" not in page
    )
    assert 'value="4"' not in page.split("Planning")[1].split("</fieldset>")[0]
    client.post(reverse("feedback:rater", args=[tokens[0]]), {"planning": "4", "submit": "1"})
    assert not Rating.objects.exists()  # 4 is not on this scale
    for n, token in enumerate(tokens):
        response = client.post(
            reverse("feedback:rater", args=[token]),
            {"planning": str(n + 1), "reviewing": "none", "trust.reliable": "5", "submit": "1"},
        )
        assert response.status_code == 200 and "Thank you" in response.content.decode()
    services.close_round(round_=round_)
    client.force_login(alice)
    html = client.get(reverse("feedback:report", args=[round_.pk])).content.decode()
    assert '2.0 <span class="muted">(n=3)</span>' in html
    assert "1 starting, 2 doing, 3 teaching" in html


def test_a_round_keeps_its_scale_when_the_framework_in_use_changes(
    alice, settings, django_capture_on_commit_callbacks
):
    round_ = new_round(alice, competencies=["co-learning"], relationship=False)  # ISP scale: 1–5
    _, token = invite(round_, "p@example.org", execute=django_capture_on_commit_callbacks)
    settings.PRAXIS_FRAMEWORK_FILE = str(MINI_FRAMEWORK)
    frameworks.current_framework.cache_clear()
    try:
        answer(token, {"co-learning": "5"})  # 5 exists on the round's scale, not on the new one
    finally:
        frameworks.current_framework.cache_clear()
    assert Rating.objects.get().value == 5
