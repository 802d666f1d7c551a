"""The cohort part of the access matrix (praxis/accounts/tests/test_access_matrix.py): the world's
cohort, and one row per cohort URL.

Who is who here: carol is the programme's lead, bob its tutor (read-only staff), lena the
organisation's lead (may change every programme there), alice a learner who chose to be counted
and shown by name, sam a member with no part in the programme, dave a member of another
organisation. A learner needs no membership: anyone signed in who holds the link may join.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from praxis.programmes import cohorts
from praxis.programmes.models import Enrolment, Programme, ProgrammeStaff, StaffRole

from .cohort_factories import cohort_with_windows

ROLES = ["anonymous", "owner", "colleague", "supervisor", "pending", "lead", "outsider"]


def cohort_objects(*, alice, bob, carol, northside) -> dict:
    programme = Programme.objects.create(organisation=northside, name="Certificate in implementation support")
    ProgrammeStaff.objects.create(programme=programme, user=carol, role=StaffRole.LEAD)
    ProgrammeStaff.objects.create(programme=programme, user=bob, role=StaffRole.TUTOR)
    carol.email_verified_at = timezone.now()
    carol.save(update_fields=["email_verified_at"])
    cohort = cohort_with_windows(programme, name="Spring")
    enrolment = Enrolment.objects.create(
        cohort=cohort, learner=alice, counted_in_statistics=True, named_to_staff=True
    )
    post = cohort.windows.get(phase="post")
    cohorts.window_assessment_start(enrolment=enrolment, window=post, today=timezone.localdate())
    return {"cohort_programme": programme, "cohort": cohort, "join_token": cohorts.join_link_token(cohort)}


def _only(statuses, default=404):
    return dict.fromkeys(ROLES, default) | {"anonymous": 302} | statuses


STAFF = {"supervisor": 200, "colleague": 200, "lead": 200}


def _window_data():
    today = timezone.localdate()
    return {
        "pre-kind": "quick",
        "pre-opens_on": (today - timedelta(days=60)).isoformat(),
        "pre-closes_on": (today - timedelta(days=50)).isoformat(),
    }


COHORT_MATRIX = [
    ("cohorts", "get", lambda o: reverse("cohorts:index"), None, _only(dict.fromkeys(ROLES[1:], 200))),
    (
        "programme cohorts",
        "get",
        lambda o: reverse("cohorts:programme", args=[o["cohort_programme"].pk]),
        None,
        _only(STAFF),
    ),
    (
        "new cohort",
        "post",
        lambda o: reverse("cohorts:programme", args=[o["cohort_programme"].pk]),
        {"name": "Autumn", "starts_on": "2027-09-01", "ends_on": "2027-12-01"},
        _only({"supervisor": 302, "lead": 302, "colleague": 403}),
    ),
    ("cohort", "get", lambda o: reverse("cohorts:detail", args=[o["cohort"].pk]), None, _only(STAFF)),
    (
        "cohort window",
        "post",
        lambda o: reverse("cohorts:window", args=[o["cohort"].pk, "pre"]),
        lambda o: _window_data(),
        _only({"supervisor": 302, "lead": 302, "colleague": 403}),
    ),
    (
        "cohort invitations from a list",
        "post",
        lambda o: reverse("cohorts:invite", args=[o["cohort"].pk]),
        {"addresses": "new-learner@example.org"},
        _only({"supervisor": 302, "lead": 302, "colleague": 403}),
    ),
    (
        "cohort link",
        "post",
        lambda o: reverse("cohorts:join_link", args=[o["cohort"].pk]),
        {"action": "renew"},
        _only({"supervisor": 302, "lead": 302, "colleague": 403}),
    ),
    ("cohort report", "get", lambda o: reverse("cohorts:report", args=[o["cohort"].pk]), None, _only(STAFF)),
    (
        "cohort report, CSV",
        "get",
        lambda o: reverse("cohorts:report", args=[o["cohort"].pk]) + "?format=csv",
        None,
        _only(STAFF),
    ),
    (
        "cohort reliability",
        "get",
        lambda o: reverse("cohorts:reliability", args=[o["cohort"].pk]),
        None,
        _only(STAFF),
    ),
    (
        "cohort report PDF, start the job",
        "post",
        lambda o: reverse("cohorts:report_pdf", args=[o["cohort"].pk]),
        {},
        _only({"supervisor": 302, "colleague": 302, "lead": 302}),
    ),
    (
        "join a cohort, page",
        "get",
        lambda o: reverse("cohorts:join", args=[o["join_token"]]),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    (
        "join a cohort",
        "post",
        lambda o: reverse("cohorts:join", args=[o["join_token"]]),
        {"counted_in_statistics": "on"},
        dict.fromkeys(ROLES, 302) | {"anonymous": 200},  # anyone signed in with the link; else sign in first
    ),
    (
        "join a cohort, forged link",
        "get",
        lambda o: reverse("cohorts:join", args=["WzEsMV0:forged"]),
        None,
        dict.fromkeys(ROLES, 404),
    ),
    (
        "my cohort",
        "get",
        lambda o: reverse("cohorts:mine", args=[o["cohort"].pk]),
        None,
        _only({"owner": 200}),
    ),
    (
        "my cohort choices",
        "post",
        lambda o: reverse("cohorts:consents", args=[o["cohort"].pk]),
        {"counted_in_statistics": "on", "named_to_staff": "on"},
        _only({"owner": 302}),
    ),
    (
        "start my cohort assessment",
        "post",
        lambda o: reverse("cohorts:start", args=[o["cohort"].pk, "post"]),
        {},
        _only({"owner": 302}),
    ),
    (
        "my then rating, page",
        "get",
        lambda o: reverse("cohorts:then", args=[o["cohort"].pk]),
        None,
        _only({"owner": 200}),
    ),
    (
        "my then rating",
        "post",
        lambda o: reverse("cohorts:then", args=[o["cohort"].pk]),
        {"co-learning": "2", "brokering": "na"},
        _only({"owner": 302}),
    ),
]
