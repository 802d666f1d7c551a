"""Uploading an invitation list and saving then ratings take the same number of queries whatever
their size: rows are written together, not one by one."""

from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from praxis.assessments import services as assessments_services
from praxis.programmes import cohorts
from praxis.programmes.models import (
    CohortAssessment,
    CohortInvitation,
    Enrolment,
    Phase,
    ThenRating,
)

from .cohort_factories import cohort_with_windows, programme_led_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(northside, carol):
    carol.email_verified_at = timezone.now()
    carol.save()
    return cohort_with_windows(programme_led_by(northside, carol))


def _invite(cohort, by, count, django_capture_on_commit_callbacks):
    listed = [cohorts.Listed(line, f"person{line}@example.org") for line in range(1, count + 1)]
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        invited = cohorts.cohort_invite_list(cohort=cohort, by=by, addresses=listed)
    assert len(invited.invited) == count
    return len(queries)


def test_an_invitation_list_is_written_and_marked_sent_in_the_same_queries_at_any_size(
    cohort, carol, django_capture_on_commit_callbacks
):
    few = _invite(cohort, carol, 2, django_capture_on_commit_callbacks)
    CohortInvitation.objects.all().delete()
    mail.outbox.clear()
    many = _invite(cohort, carol, 12, django_capture_on_commit_callbacks)
    assert few == many
    assert len(mail.outbox) == 12 and len({m.to[0] for m in mail.outbox}) == 12
    assert CohortInvitation.objects.filter(email_sent_at__isnull=False).count() == 12
    assert len(set(CohortInvitation.objects.values_list("token_hash", flat=True))) == 12
    for message in mail.outbox:  # each e-mail's link is that address's own invitation
        token = message.body.split("/cohorts/join/")[1].split("/")[0]
        assert cohorts.find_joining(token).invitation.email == message.to[0]


def test_an_invitation_list_sends_nothing_again_to_those_already_invited(
    cohort, carol, django_capture_on_commit_callbacks
):
    _invite(cohort, carol, 2, django_capture_on_commit_callbacks)
    listed = [cohorts.Listed(1, "person1@example.org"), cohorts.Listed(2, "PERSON3@example.org")]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invited = cohorts.cohort_invite_list(cohort=cohort, by=carol, addresses=listed)
    assert invited.invited == ["person3@example.org"] and invited.already == ["person1@example.org"]
    assert [m.to for m in mail.outbox] == [["person3@example.org"]]


@pytest.fixture
def post_link(cohort, alice):
    enrolment = Enrolment.objects.create(cohort=cohort, learner=alice)
    window = cohort.windows.get(phase=Phase.POST)
    assessment = assessments_services.start_assessment(owner=alice, kind=window.kind)
    return CohortAssessment.objects.create(enrolment=enrolment, window=window, assessment=assessment)


def _save_then(link, posted):
    link = CohortAssessment.objects.select_related("window", "assessment").get(pk=link.pk)
    with CaptureQueriesContext(connection) as queries:
        saved = cohorts.then_ratings_save(link=link, posted=posted, today=timezone.localdate())
    assert saved == len(posted)
    return len(queries)


def test_then_ratings_are_saved_and_changed_in_the_same_queries_at_any_size(post_link):
    competencies, _ = cohorts.then_scale(post_link)
    ids = [c.id for c in competencies]
    few = _save_then(post_link, {ids[0]: "2"})
    many = _save_then(post_link, dict.fromkeys(ids[1:], "3") | {ids[0]: "na"})  # one changes
    assert few == many
    saved = {r.competency_id: (r.level, r.not_applicable) for r in ThenRating.objects.filter(post=post_link)}
    assert saved == {ids[0]: (None, True)} | dict.fromkeys(ids[1:], (3, False))


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise SMTPException("mail server down")


def test_an_invitation_whose_e_mail_fails_is_kept_unsent_for_the_next_upload(
    cohort, carol, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    listed = [cohorts.Listed(1, "ann@example.org")]
    with django_capture_on_commit_callbacks(execute=True):
        assert cohorts.cohort_invite_list(cohort=cohort, by=carol, addresses=listed).invited == [
            "ann@example.org"
        ]
    assert CohortInvitation.objects.get().email_sent_at is None
