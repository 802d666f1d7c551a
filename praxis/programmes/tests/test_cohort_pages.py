"""Cohorts through their pages: staff create and invite, learners join with their choices, take the
window's assessment and a then rating, and see their own change; others find nothing."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from praxis.assessments import services as assessments_services
from praxis.assessments.models import Assessment
from praxis.programmes import cohorts
from praxis.programmes.cohort_selectors import open_windows_for
from praxis.programmes.models import (
    Cohort,
    CohortAssessment,
    CohortInvitation,
    Enrolment,
    Module,
    ModuleMapping,
    Phase,
    ThenRating,
)
from praxis.shell.selectors import dashboard_for

from .cohort_factories import cohort_with_windows, full_cohort, programme_led_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(northside, carol, bob):
    return programme_led_by(northside, carol, bob)


@pytest.fixture
def cohort(programme):
    return cohort_with_windows(programme)


def _verified(user):
    user.email_verified_at = timezone.now()
    user.save()
    return user


def test_a_programme_lead_creates_a_cohort_and_a_tutor_may_not(client, programme, carol, bob):
    client.force_login(bob)
    data = {"name": "Autumn", "starts_on": "2027-01-10", "ends_on": "2027-03-01"}
    assert client.post(reverse("cohorts:programme", args=[programme.pk]), data).status_code == 403
    client.force_login(carol)
    response = client.post(reverse("cohorts:programme", args=[programme.pk]), data)
    cohort = Cohort.objects.get(name="Autumn")
    assert response.url == reverse("cohorts:detail", args=[cohort.pk])


def test_an_end_before_the_start_is_refused_beside_the_field(client, programme, carol):
    client.force_login(carol)
    data = {"name": "Autumn", "starts_on": "2027-03-10", "ends_on": "2027-03-01"}
    response = client.post(reverse("cohorts:programme", args=[programme.pk]), data)
    assert "Choose an end date on or after the start date." in response.content.decode()
    assert not Cohort.objects.exists()


def test_an_uploaded_list_invites_each_address_once(client, cohort, carol, alice):
    _verified(carol)
    client.force_login(carol)
    upload = SimpleUploadedFile("list.csv", b"email\nann@example.org\nben@example.org, ann@example.org\n")
    with pytest.MonkeyPatch.context():
        response = client.post(reverse("cohorts:invite", args=[cohort.pk]), {"file": upload})
    assert response.status_code == 302
    assert sorted(CohortInvitation.objects.values_list("email", flat=True)) == [
        "ann@example.org",
        "ben@example.org",
    ]


def test_a_list_with_a_bad_address_names_its_line_and_invites_nobody(client, cohort, carol):
    _verified(carol)
    client.force_login(carol)
    response = client.post(
        reverse("cohorts:invite", args=[cohort.pk]), {"addresses": "ann@example.org\nnot-an-address\n"}
    )
    assert response.status_code == 400
    assert "line 2: “not-an-address” is not an e-mail address" in response.content.decode()
    assert not CohortInvitation.objects.exists()


def test_a_personal_invitation_works_only_for_its_address_and_once(client, cohort, carol, alice, bob):
    _verified(carol)
    with pytest.raises(cohorts.CohortError):
        cohorts.cohort_invite_list(cohort=cohort, by=carol, addresses=[])
    with django_capture_on_commit():
        cohorts.cohort_invite_list(
            cohort=cohort, by=carol, addresses=[cohorts.Listed(1, "alice@example.org")]
        )
    (message,) = mail.outbox
    token = message.body.split("/cohorts/join/")[1].split("/")[0]
    client.force_login(bob)
    response = client.post(reverse("cohorts:join", args=[token]), {})
    assert "This invitation was sent to alice@example.org" in response.content.decode()
    client.force_login(alice)
    client.post(reverse("cohorts:join", args=[token]), {"counted_in_statistics": "on"})
    enrolment = Enrolment.objects.get(learner=alice)
    assert enrolment.counted_in_statistics and not enrolment.named_to_staff
    assert client.get(reverse("cohorts:join", args=[token])).status_code == 404


class django_capture_on_commit:  # noqa: N801  (runs on_commit callbacks inside the test's transaction)
    def __enter__(self):
        from django.db import connection

        self.connection = connection
        self.before = len(connection.run_on_commit)

    def __exit__(self, *exc):
        for _, callback, _ in self.connection.run_on_commit[self.before :]:
            callback()
        del self.connection.run_on_commit[self.before :]


def test_the_cohort_link_joins_with_both_choices_off_by_default(client, cohort, alice):
    token = cohorts.join_link_token(cohort)
    client.force_login(alice)
    assert client.post(reverse("cohorts:join", args=[token]), {}).status_code == 302
    enrolment = Enrolment.objects.get(learner=alice, cohort=cohort)
    assert not enrolment.counted_in_statistics and not enrolment.named_to_staff


def test_a_renewed_or_closed_link_no_longer_works(client, cohort, alice):
    old = cohorts.join_link_token(cohort)
    cohort = cohorts.cohort_join_link_set(cohort=cohort, action="renew")
    assert cohorts.find_joining(old) is None
    new = cohorts.join_link_token(cohort)
    cohorts.cohort_join_link_set(cohort=cohort, action="close")
    assert cohorts.find_joining(new) is None
    client.force_login(alice)
    assert client.get(reverse("cohorts:join", args=[new])).status_code == 404


def test_an_anonymous_visitor_is_asked_to_sign_in_before_joining(client, cohort):
    response = client.get(reverse("cohorts:join", args=[cohorts.join_link_token(cohort)]))
    assert "Create an account to join" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_an_open_window_shows_on_the_dashboard_and_starts_a_linked_assessment(client, cohort, alice):
    enrolment = Enrolment.objects.create(cohort=cohort, learner=alice)
    client.force_login(alice)
    assert "Your post-programme assessment is open" in client.get(reverse("shell:dashboard")).content.decode()
    response = client.post(reverse("cohorts:start", args=[cohort.pk, "post"]))
    link = CohortAssessment.objects.get(enrolment=enrolment)
    assert (
        link.window.phase == Phase.POST and link.assessment.owner == alice and link.assessment.kind == "quick"
    )
    assert response.url == reverse("assessments:resume", args=[link.assessment.pk])
    client.post(reverse("cohorts:start", args=[cohort.pk, "post"]))  # again: the same one
    assert Assessment.objects.filter(owner=alice).count() == 1


def test_a_closed_window_starts_nothing(client, cohort, alice):
    Enrolment.objects.create(cohort=cohort, learner=alice)
    client.force_login(alice)
    client.post(reverse("cohorts:start", args=[cohort.pk, "pre"]))
    assert not Assessment.objects.exists()


def test_the_then_rating_is_saved_as_its_own_answers_and_a_bad_level_changes_nothing(client, cohort, alice):
    enrolment = Enrolment.objects.create(cohort=cohort, learner=alice)
    client.force_login(alice)
    client.post(reverse("cohorts:start", args=[cohort.pk, "post"]))
    url = reverse("cohorts:then", args=[cohort.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"co-learning": "2", "brokering": "9"}).status_code == 400
    assert not ThenRating.objects.exists()
    client.post(url, {"co-learning": "2", "brokering": "na"})
    saved = {r.competency_id: r.value for r in ThenRating.objects.filter(post__enrolment=enrolment)}
    assert saved == {"co-learning": 2, "brokering": None}
    assert Assessment.objects.filter(owner=alice).count() == 1  # not an assessment in their history


def test_windows_of_different_kinds_are_refused(cohort):
    with pytest.raises(cohorts.CohortError, match="same kind"):
        cohorts.window_set(
            cohort=cohort,
            phase="post",
            kind="full",
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate() + timedelta(days=3),
        )


def test_the_learner_sees_their_change_beside_the_modules_and_their_plan(client, programme, alice):
    cohort = full_cohort(programme, 3)
    enrolment = cohort.enrolments.order_by("pk").first()
    module = Module.objects.create(programme=programme, name="Day 1: co-learning", order=1)
    ModuleMapping.objects.create(module=module, competency_id="co-learning", level=1, assessed=True)
    client.force_login(enrolment.learner)
    page = client.get(reverse("cohorts:mine", args=[cohort.pk])).content.decode()
    assert "Day 1: co-learning" in page and "(reinforced, assessed)" in page
    assert reverse("development:index") in page
    assert "→" in page


def test_a_consent_change_applies_at_once(client, programme, carol):
    cohort = full_cohort(programme, 3)
    enrolment = cohort.enrolments.order_by("pk").first()
    client.force_login(enrolment.learner)
    client.post(reverse("cohorts:consents", args=[cohort.pk]), {"named_to_staff": "on"})
    client.force_login(carol)
    report = client.get(reverse("cohorts:report", args=[cohort.pk])).content.decode()
    assert enrolment.learner.full_name in report
    assert "Withheld: fewer than 3 learners" in report  # the two others are not enough


def test_staff_see_the_report_with_statistics_and_downloads(client, programme, bob):
    cohort = full_cohort(programme, 5)
    client.force_login(bob)  # a tutor reads it
    page = client.get(reverse("cohorts:report", args=[cohort.pk])).content.decode()
    assert "no control group" in page and "self-ratings" in page and "<svg" in page
    assert "Learner 0" not in page
    csv = client.get(reverse("cohorts:report", args=[cohort.pk]) + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv") and b"co-learning" in csv.content
    xlsx = client.get(reverse("cohorts:report", args=[cohort.pk]) + "?format=xlsx")
    assert xlsx.status_code == 200
    assert client.get(reverse("cohorts:report", args=[cohort.pk]) + "?format=pdf").status_code == 404


def test_people_outside_the_programme_find_nothing(client, cohort, alice, dave):
    for person in (alice, dave):
        client.force_login(person)
        for name in ("detail", "report"):
            assert client.get(reverse(f"cohorts:{name}", args=[cohort.pk])).status_code == 404
        assert client.get(reverse("cohorts:mine", args=[cohort.pk])).status_code == 404


def test_the_dashboard_notice_is_a_constant_number_of_queries(
    programme, cohort, alice, django_assert_max_num_queries
):
    Enrolment.objects.create(cohort=cohort, learner=alice)
    Enrolment.objects.create(cohort=cohort_with_windows(programme, name="Second"), learner=alice)
    with django_assert_max_num_queries(3):
        found = open_windows_for(alice, timezone.localdate())
        assert {w.cohort.programme.name for _, w in found} == {"Certificate"}
    assert len(dashboard_for(alice).cohort_windows) == 2


def test_a_learners_cohorts_are_in_their_personal_data_download(client, cohort, alice):
    enrolment = Enrolment.objects.create(cohort=cohort, learner=alice, named_to_staff=True)
    link = CohortAssessment.objects.create(
        enrolment=enrolment,
        window=cohort.windows.get(phase="post"),
        assessment=assessments_services.start_assessment(owner=alice, kind="quick"),
    )
    ThenRating.objects.create(post=link, competency_id="co-learning", level=2)
    client.force_login(alice)
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("shell:personal_data")).content))
    (exported,) = json.loads(archive.read("cohorts.json"))
    assert (
        exported["cohort"] == "Spring"
        and exported["named_to_staff"]
        and not exported["counted_in_statistics"]
    )
    assert exported["assessments"][0]["then_ratings"] == [
        {"competency_id": "co-learning", "level": 2, "not_applicable": False}
    ]


def test_an_expired_invitation_is_sent_again_and_a_usable_one_is_not(cohort, carol):
    _verified(carol)
    listed = [cohorts.Listed(1, "ann@example.org")]
    cohorts.cohort_invite_list(cohort=cohort, by=carol, addresses=listed)
    assert cohorts.cohort_invite_list(cohort=cohort, by=carol, addresses=listed).already == [
        "ann@example.org"
    ]
    CohortInvitation.objects.update(expires_at=timezone.now() - timedelta(days=1))
    assert cohorts.cohort_invite_list(cohort=cohort, by=carol, addresses=listed).invited == [
        "ann@example.org"
    ]
    assert CohortInvitation.objects.get().expires_at > timezone.now()
