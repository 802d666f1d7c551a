"""A feedback report on the supervision page: only once its owner shared it and the round closed,
with exactly the figures the owner's own report shows (the anonymity threshold applies)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.accounts.services import AccountsError
from praxis.feedback import services as feedback
from praxis.feedback.models import Round

from .conftest import feedback_round, share

pytestmark = pytest.mark.django_db


def _page(client, carol, alice) -> str:
    client.force_login(carol)
    return client.get(reverse("supervision:supervisee", args=[alice.pk])).content.decode()


def test_an_open_round_cannot_be_shared(alice, northside):
    with pytest.raises(AccountsError):
        share(alice, feedback_round(alice, 3), northside)


def test_a_shared_closed_report_shows_on_the_supervisors_page_with_its_comments(
    client, alice, carol, northside
):
    round_ = feedback.close_round(round_=feedback_round(alice, 3))
    assert "Spring feedback" not in _page(client, carol, alice)  # not shared yet
    share(alice, round_, northside)
    html = _page(client, carol, alice)
    assert "Spring feedback" in html and "4.0" in html and "Listens well" in html
    assert "peer0@example.org" not in html  # never whom they asked


def test_below_the_threshold_the_supervisor_sees_no_figure_nor_comment(client, alice, carol, northside):
    round_ = feedback.close_round(round_=feedback_round(alice, 2, comment="Could be anyone"))
    share(alice, round_, northside)
    html = _page(client, carol, alice)
    assert "Spring feedback" in html
    assert "Could be anyone" not in html and "4.0" not in html


def test_a_round_extended_after_sharing_is_hidden_again_until_it_closes(client, alice, carol, northside):
    round_ = feedback_round(alice, 3)
    Round.objects.filter(pk=round_.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    round_.refresh_from_db()
    share(alice, round_, northside)
    assert "Spring feedback" in _page(client, carol, alice)
    Round.objects.filter(pk=round_.pk).update(closes_on=timezone.localdate() + timedelta(days=5))
    assert "Spring feedback" not in _page(client, carol, alice)


def test_the_owner_shares_from_the_report_page(client, alice, northside):
    round_ = feedback.close_round(round_=feedback_round(alice, 3))
    client.force_login(alice)
    report = reverse("feedback:report", args=[round_.pk])
    assert "Share this report with my supervisors there" in client.get(report).content.decode()
    client.post(
        reverse("feedback:sharing", args=[round_.pk]),
        {"organisation": northside.pk, "audience": "supervisors"},
    )
    assert round_.shares.filter(organisation=northside).exists()
    assert "can read this report" in client.get(report).content.decode()


def test_a_hidden_strength_in_the_shared_report_becomes_a_question_in_the_guide(
    client, alice, carol, northside, make_assessment, all_quick_answers
):
    share(alice, make_assessment(alice, answers=all_quick_answers("2")), northside)  # herself: 2; others: 4
    round_ = feedback.close_round(round_=feedback_round(alice, 3))
    share(alice, round_, northside)
    html = _page(client, carol, alice)
    assert "Others rate Co-design higher than you did" in html
