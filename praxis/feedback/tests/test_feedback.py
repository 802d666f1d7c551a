"""Feedback rounds, private rater links, reminders and the threshold in the report."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from praxis.feedback import policy, selectors, services
from praxis.feedback.models import Rater, Rating

pytestmark = pytest.mark.django_db
ALL = ["co-learning", "brokering"]


@pytest.fixture
def round_(alice):
    return services.create_round(
        owner=alice,
        title="Spring feedback",
        message="Thank you!",
        closes_on=timezone.localdate() + timedelta(days=14),
        competency_ids=ALL,
        include_relationship=True,
    )


def invite(round_, email, relationship, execute):
    with execute(execute=True):
        return services.add_rater(round_=round_, email=email, name="", relationship=relationship)


def test_round_validation(alice):
    today = timezone.localdate()
    with pytest.raises(services.FeedbackError, match="after today"):
        services.create_round(
            owner=alice,
            title="x",
            message="",
            closes_on=today,
            competency_ids=ALL,
            include_relationship=False,
        )
    with pytest.raises(services.FeedbackError, match="at least one competency"):
        services.create_round(
            owner=alice,
            title="x",
            message="",
            closes_on=today + timedelta(days=3),
            competency_ids=[],
            include_relationship=False,
        )
    with pytest.raises(services.FeedbackError, match="from the framework"):
        services.create_round(
            owner=alice,
            title="x",
            message="",
            closes_on=today + timedelta(days=3),
            competency_ids=["co-learning", "be-curious"],
            include_relationship=False,
        )


def test_threshold_is_taken_from_the_organisation_and_fixed(alice, northside, southside):
    from praxis.accounts.models import Membership

    northside.min_group_size = 4
    northside.save()
    Membership.objects.create(user=alice, organisation=southside, role="practitioner")  # southside: 3
    round_ = services.create_round(
        owner=alice,
        title="t",
        message="",
        closes_on=timezone.localdate() + timedelta(days=5),
        competency_ids=ALL,
        include_relationship=False,
    )
    assert round_.min_group_size == 4  # the strictest of the person's organisations


def test_invitation_email_carries_a_strong_private_link(round_, django_capture_on_commit_callbacks):
    rater, token = invite(round_, "peer@example.org", "peer", django_capture_on_commit_callbacks)
    assert len(token) >= 22 and len(token.encode()) * 6 // 8 >= 16  # at least 128 random bits
    assert rater.token_hash == services.hash_token(token) and token not in rater.token_hash
    [message] = mail.outbox
    assert message.to == ["peer@example.org"] and f"/feedback/r/{token}/" in message.body


def test_owner_cannot_rate_themselves_or_invite_twice(round_, alice, django_capture_on_commit_callbacks):
    with pytest.raises(services.FeedbackError, match="self-assessment"):
        services.add_rater(round_=round_, email=alice.email, name="", relationship="peer")
    invite(round_, "p@example.org", "peer", django_capture_on_commit_callbacks)
    with pytest.raises(services.FeedbackError, match="already invited"):
        services.add_rater(round_=round_, email="P@example.org", name="", relationship="peer")


def test_rater_can_save_return_and_submit_once(client, round_, django_capture_on_commit_callbacks):
    _, token = invite(round_, "p@example.org", "peer", django_capture_on_commit_callbacks)
    url = reverse("feedback:rater", args=[token])
    assert client.get(url).status_code == 200
    client.post(url, {"co-learning": "4", "save": "1"})
    assert 'value="4" checked' in client.get(url).content.decode()
    client.post(url, {"co-learning": "4", "brokering": "none", "comment": "Great listener", "submit": "1"})
    rater = Rater.objects.get()
    assert rater.submitted_at and rater.comment == "Great listener"
    assert dict(Rating.objects.values_list("item_id", "value")) == {"co-learning": 4, "brokering": None}
    response = client.get(url)
    assert response.status_code == 404 and "can’t be used" in response.content.decode()


@pytest.mark.parametrize("value", ["0", "6", "x", "3.5"])
def test_out_of_range_ratings_are_refused_and_change_nothing(
    client, round_, value, django_capture_on_commit_callbacks
):
    _, token = invite(round_, "p@example.org", "peer", django_capture_on_commit_callbacks)
    client.post(reverse("feedback:rater", args=[token]), {"co-learning": value, "submit": "1"})
    assert not Rating.objects.exists() and not Rater.objects.get().submitted_at


def test_revoked_expired_and_forged_links_get_the_same_page(
    client, round_, django_capture_on_commit_callbacks
):
    rater, token = invite(round_, "p@example.org", "peer", django_capture_on_commit_callbacks)
    _, other = invite(round_, "q@example.org", "peer", django_capture_on_commit_callbacks)
    services.revoke_rater(round_=round_, rater_id=rater.pk)
    pages = [client.get(reverse("feedback:rater", args=[token])), client.get("/feedback/r/forged-token/")]
    round_.closes_on = timezone.localdate() - timedelta(days=1)
    round_.save()
    pages.append(client.get(reverse("feedback:rater", args=[other])))
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 404 and "Spring feedback" not in html and "Alice" not in html


def test_link_lookups_are_rate_limited(client, settings):
    settings.PRAXIS_RATER_LINK_LIMIT = 3
    statuses = [client.get(f"/feedback/r/guess-{n}/").status_code for n in range(5)]
    assert statuses == [404, 404, 404, 429, 429]


def test_reminders_are_sent_once_and_only_near_the_closing_date(
    round_, django_capture_on_commit_callbacks, settings
):
    settings.PRAXIS_FEEDBACK_REMINDER_DAYS = 3
    invite(round_, "p@example.org", "peer", django_capture_on_commit_callbacks)
    mail.outbox.clear()
    assert services.send_reminders(today=timezone.localdate()) == 0  # closes in 14 days: too early
    near = round_.closes_on - timedelta(days=2)
    assert services.send_reminders(today=near) == 1
    assert services.send_reminders(today=near) == 0  # idempotent
    [reminder] = mail.outbox
    assert reminder.subject.startswith("Reminder") and "replaces the one we sent before" in reminder.body
    token = reminder.body.split("/feedback/r/")[1].split("/")[0]
    assert services.find_rater(token) is not None  # the fresh link works


def test_reminder_command_runs_from_cron():
    from io import StringIO

    out = StringIO()
    call_command("send_feedback_reminders", stdout=out)
    assert out.getvalue().startswith("Sent 0 reminders")


def test_report_waits_for_the_round_to_close(client, alice, round_):
    client.force_login(alice)
    response = client.get(reverse("feedback:report", args=[round_.pk]))
    assert response.status_code == 302 and response.url == reverse("feedback:round", args=[round_.pk])


def test_report_shows_peers_hides_the_lone_stakeholder_and_their_comment(
    client, alice, round_, make_assessment, all_quick_answers, django_capture_on_commit_callbacks
):
    make_assessment(alice, answers=all_quick_answers("4"))
    tokens = [
        invite(round_, f"p{n}@example.org", "peer", django_capture_on_commit_callbacks)[1] for n in range(3)
    ]
    stakeholder = invite(round_, "s@example.org", "stakeholder", django_capture_on_commit_callbacks)[1]
    for n, token in enumerate(tokens):
        services.save_response(
            token=token,
            posted={"co-learning": "2"},
            comment=f"Peer view {n}",
            identifiable=False,
            submit=True,
        )
    services.save_response(
        token=stakeholder,
        posted={"co-learning": "5"},
        comment="Stakeholder secret",
        identifiable=False,
        submit=True,
    )
    services.close_round(round_=round_)
    report = selectors.report_for(round_)
    row = report.competencies[0]
    assert row.result.groups["peer"].mean == 2 and "stakeholder" not in row.result.groups
    assert row.result.all_others is None
    assert report.aggregate.comments == ("Peer view 0", "Peer view 1", "Peer view 2")
    assert row.comparison.self_score == 4.0
    client.force_login(alice)
    html = client.get(reverse("feedback:report", args=[round_.pk])).content.decode()
    assert "Stakeholder secret" not in html and "Peer view 1" in html
    assert "Stakeholder" not in html.split("You and others")[1].split("</thead>")[0]


def test_round_page_counts_never_single_anyone_out(client, alice, round_, django_capture_on_commit_callbacks):
    peers = [
        invite(round_, f"p{n}@example.org", "peer", django_capture_on_commit_callbacks)[1] for n in range(3)
    ]
    stakeholder = invite(round_, "s@example.org", "stakeholder", django_capture_on_commit_callbacks)[1]
    for token in (peers[0], stakeholder):
        services.save_response(
            token=token, posted={"co-learning": "3"}, comment="", identifiable=False, submit=True
        )
    rows = [(r.label, r.enough, r.invited) for r in selectors.response_counts(round_)]
    assert rows == [("Peer", False, 3)]  # not the stakeholder, not everyone (4 − 3 would be them)
    for n in range(3):
        invite(round_, f"o{n}@example.org", "other", django_capture_on_commit_callbacks)
    rows = [(r.label, r.enough, r.invited) for r in selectors.response_counts(round_)]
    assert rows == [("Peer", False, 3), ("Other", False, 3)]
    invite(round_, "s2@example.org", "stakeholder", django_capture_on_commit_callbacks)
    invite(round_, "sup@example.org", "supervisor", django_capture_on_commit_callbacks)
    rows = [(r.label, r.enough, r.invited) for r in selectors.response_counts(round_)]
    # no "Everyone" row: next to the others it would say whether the smaller groups answered
    assert rows == [("Peer", False, 3), ("Other", False, 3), ("Smaller groups together", False, 3)]
    for token in peers[1:]:
        services.save_response(
            token=token, posted={"co-learning": "3"}, comment="", identifiable=False, submit=True
        )
    assert selectors.response_counts(round_)[0].enough  # at least 3 peers: no running count
    client.force_login(alice)
    html = client.get(reverse("feedback:round", args=[round_.pk])).content.decode()
    assert (
        "Stakeholder at a supported site</th>" not in html.split("Responses so far")[1].split("</table>")[0]
    )


def test_add_focus_from_the_report(client, alice, round_):
    client.force_login(alice)
    response = client.post(reverse("feedback:add_focus", args=[round_.pk]), {"competency": "brokering"})
    plan = alice.plans.get()
    assert response.url == plan.get_absolute_url()
    assert [f.competency_id for f in plan.focuses.all()] == ["brokering"]


def test_withdrawing_a_link_never_changes_a_figure(alice, round_, django_capture_on_commit_callbacks):
    tokens = [
        invite(round_, f"p{n}@example.org", "peer", django_capture_on_commit_callbacks) for n in range(4)
    ]
    for n, (_, token) in enumerate(tokens):
        services.save_response(
            token=token,
            posted={"co-learning": str(5 if n == 0 else 3)},
            comment=f"c{n}",
            identifiable=False,
            submit=True,
        )
    before = selectors.response_counts(round_)
    services.revoke_rater(round_=round_, rater_id=tokens[0][0].pk)  # someone who answered
    assert selectors.response_counts(round_) == before
    services.close_round(round_=round_)
    report = selectors.report_for(round_)
    assert report.competencies[0].result.groups["peer"].n == 4  # their answer still counts
    assert "c0" in report.aggregate.comments


def test_a_closed_round_cannot_reopen(round_):
    services.close_round(round_=round_)
    with pytest.raises(services.FeedbackError, match="cannot reopen"):
        services.extend_round(round_=round_, closes_on=timezone.localdate() + timedelta(days=5))


def test_rounds_narrowed_to_one_person_are_theirs_alone_and_cost_no_query_for_anyone_else(
    round_, alice, carol, django_assert_num_queries
):
    assert list(policy.own_rounds(alice, owner_id=alice.pk)) == [round_]
    with django_assert_num_queries(0):  # carol supervises alice, yet a round is never shared this way
        assert list(policy.own_rounds(carol, owner_id=alice.pk)) == []
