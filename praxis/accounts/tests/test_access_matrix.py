"""Every URL of accounts and self-assessment × every kind of visitor, with the status each gets.

Objects a visitor may not see answer 404 (never their content); actions inside an organisation
the visitor can see, but whose role does not allow them, answer 403; anonymous visitors are sent
to sign in (302). Decided in praxis.accounts.policy; this matrix is its specification.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from praxis.assessments import services
from praxis.assessments.models import ShareAudience
from praxis.development import services as plans
from praxis.feedback import services as feedback
from praxis.journal import services as journal

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "owner", "colleague", "supervisor", "lead", "outsider"]


@pytest.fixture
def world(alice, bob, carol, lena, dave, northside, make_assessment):
    private = make_assessment(alice, answers={"co-learning": "3"})
    for_supervisors = make_assessment(alice, answers={"co-learning": "3"})
    services.set_sharing(
        assessment=for_supervisors, organisation=northside, audience=ShareAudience.SUPERVISORS
    )
    for_organisation = make_assessment(alice, answers={"co-learning": "3"})
    services.set_sharing(
        assessment=for_organisation, organisation=northside, audience=ShareAudience.ORGANISATION
    )
    draft = make_assessment(alice, answers={"co-learning": "3"}, submit=False)
    private_plan = plans.create_plan(owner=alice)
    shared_plan = plans.create_plan(owner=alice)
    focus = plans.add_focus(plan=shared_plan, competency_id="co-design")
    plans.set_sharing(plan=shared_plan, organisation=northside, shared=True)
    today = date.today()
    private_entry = journal.create_entry(
        owner=alice, kind="reflection", fields={"occurred_on": today, "title": "Alice's"}
    )
    shared_entry = journal.create_entry(
        owner=alice, kind="reflection", fields={"occurred_on": today, "title": "Shared"}
    )
    journal.set_sharing(entry=shared_entry, organisation=northside, shared=True)
    closes = today + timedelta(days=10)
    open_round = feedback.create_round(
        owner=alice,
        title="Round",
        message="",
        closes_on=closes,
        competency_ids=["co-design"],
        include_relationship=False,
    )
    _, rater_token = feedback.add_rater(
        round_=open_round, email="rater@example.org", name="", relationship="peer"
    )
    closed_round = feedback.create_round(
        owner=alice,
        title="Done",
        message="",
        closes_on=closes,
        competency_ids=["co-design"],
        include_relationship=False,
    )
    feedback.close_round(round_=closed_round)
    people = {"owner": alice, "colleague": bob, "supervisor": carol, "lead": lena, "outsider": dave}
    objects = {
        "private": private,
        "for_supervisors": for_supervisors,
        "for_organisation": for_organisation,
        "draft": draft,
        "org": northside,
        "membership": bob.memberships.get(organisation=northside),
        "private_plan": private_plan,
        "shared_plan": shared_plan,
        "focus": focus,
        "private_entry": private_entry,
        "shared_entry": shared_entry,
        "open_round": open_round,
        "closed_round": closed_round,
        "rater_token": rater_token,
    }
    return people, objects


def everyone(status):
    return dict.fromkeys(ROLES[1:], status) | {"anonymous": 302}


def only(role_statuses, default=404):
    return everyone(default) | role_statuses


# (name, method, url builder, post data, expected status by role)
MATRIX = [
    ("sign up", "get", lambda o: reverse("accounts:signup"), None, everyone(302) | {"anonymous": 200}),
    ("sign in", "get", lambda o: reverse("accounts:login"), None, everyone(302) | {"anonymous": 200}),
    ("password reset", "get", lambda o: reverse("accounts:password_reset"), None, dict.fromkeys(ROLES, 200)),
    ("sign out", "post", lambda o: reverse("accounts:logout"), {}, dict.fromkeys(ROLES, 302)),
    ("dashboard", "get", lambda o: reverse("shell:dashboard"), None, everyone(200)),
    ("new assessment", "get", lambda o: reverse("assessments:new"), None, everyone(200)),
    ("history", "get", lambda o: reverse("assessments:history", args=["quick"]), None, everyone(200)),
    ("profile", "get", lambda o: reverse("accounts:profile"), None, everyone(200)),
    ("change password", "get", lambda o: reverse("accounts:password_change"), None, everyone(200)),
    ("confirm e-mail status", "get", lambda o: reverse("accounts:email_verification"), None, everyone(200)),
    (
        "confirm e-mail link",
        "get",
        lambda o: reverse("accounts:email_verify", args=["x"]),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    ("new organisation", "get", lambda o: reverse("accounts:organisation_new"), None, everyone(200)),
    (
        "results, private",
        "get",
        lambda o: reverse("assessments:results", args=[o["private"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "results, shared with supervisors",
        "get",
        lambda o: reverse("assessments:results", args=[o["for_supervisors"].pk]),
        None,
        only({"owner": 200, "supervisor": 200}),
    ),
    (
        "results, shared with organisation",
        "get",
        lambda o: reverse("assessments:results", args=[o["for_organisation"].pk]),
        None,
        only({"owner": 200, "supervisor": 200, "lead": 200}),
    ),
    (
        "sharing",
        "get",
        lambda o: reverse("assessments:sharing", args=[o["for_organisation"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "resume draft",
        "get",
        lambda o: reverse("assessments:resume", args=[o["draft"].pk]),
        None,
        only({"owner": 302}),
    ),
    (
        "draft page",
        "get",
        lambda o: reverse("assessments:page", args=[o["draft"].pk, 1]),
        None,
        only({"owner": 200}),
    ),
    (
        "draft autosave",
        "post",
        lambda o: reverse("assessments:autosave", args=[o["draft"].pk]),
        {"item": "brokering", "answer-brokering": "4"},
        only({"owner": 200}),
    ),
    (
        "draft page save",
        "post",
        lambda o: reverse("assessments:page", args=[o["draft"].pk, 1]),
        {"answer-brokering": "4", "go": "next"},
        only({"owner": 302}),
    ),
    (
        "submit",
        "post",
        lambda o: reverse("assessments:submit", args=[o["draft"].pk]),
        {},
        only({"owner": 302}),
    ),
    (
        "discard",
        "post",
        lambda o: reverse("assessments:discard", args=[o["draft"].pk]),
        {},
        only({"owner": 302}),
    ),
    (
        "share someone else's",
        "post",
        lambda o: reverse("assessments:sharing", args=[o["private"].pk]),
        lambda o: {"organisation": o["org"].pk, "audience": "organisation"},
        only({"owner": 302}),
    ),
    (
        "organisation page",
        "get",
        lambda o: reverse("accounts:organisation", args=[o["org"].slug]),
        None,
        only({"owner": 200, "colleague": 200, "supervisor": 200, "lead": 200}),
    ),
    (
        "invite",
        "post",
        lambda o: reverse("accounts:organisation_invite", args=[o["org"].slug]),
        {"email": "new@example.org", "role": "practitioner"},
        only({"owner": 403, "colleague": 403, "supervisor": 403, "lead": 302}),
    ),
    (
        "link supervisor",
        "post",
        lambda o: reverse("accounts:organisation_supervision", args=[o["org"].slug]),
        {},
        only({"owner": 403, "colleague": 403, "supervisor": 403, "lead": 302}),
    ),
    (
        "change role",
        "post",
        lambda o: reverse("accounts:organisation_role", args=[o["org"].slug, o["membership"].pk]),
        {"role": "lead"},
        only({"owner": 403, "colleague": 403, "supervisor": 403, "lead": 302}),
    ),
    (
        "leave",
        "post",
        lambda o: reverse("accounts:organisation_leave", args=[o["org"].slug]),
        {},
        only({"owner": 302, "colleague": 302, "supervisor": 302, "lead": 302}),
    ),
    # development plans: private; shared ones are seen and commented on by supervisors, edited by the owner
    ("plans", "get", lambda o: reverse("development:index"), None, everyone(200)),
    ("new plan", "post", lambda o: reverse("development:new"), {}, everyone(302)),
    (
        "plan, private",
        "get",
        lambda o: reverse("development:detail", args=[o["private_plan"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "plan, shared",
        "get",
        lambda o: reverse("development:detail", args=[o["shared_plan"].pk]),
        None,
        only({"owner": 200, "supervisor": 200}),
    ),
    (
        "plan edit",
        "post",
        lambda o: reverse("development:act", args=[o["shared_plan"].pk, "add_step"]),
        lambda o: {"focus": o["focus"].pk, "text": "Read"},
        only({"owner": 302}),
    ),
    (
        "plan comment, shared",
        "post",
        lambda o: reverse("development:comment", args=[o["shared_plan"].pk]),
        {"text": "Good"},
        only({"owner": 302, "supervisor": 302}),
    ),
    (
        "plan comment, private",
        "post",
        lambda o: reverse("development:comment", args=[o["private_plan"].pk]),
        {"text": "Hi"},
        only({"owner": 302}),
    ),
    (
        "plan check-in",
        "get",
        lambda o: reverse("development:check_in", args=[o["shared_plan"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "link evidence",
        "post",
        lambda o: reverse("development:link_evidence"),
        lambda o: {"focus": o["focus"].pk, "entry": o["private_entry"].pk},
        only({"owner": 302}),
    ),
    # journal: private; an entry shared with supervisors is read by them only
    ("journal", "get", lambda o: reverse("journal:index"), None, everyone(200)),
    ("new entry", "get", lambda o: reverse("journal:new", args=["support"]), None, everyone(200)),
    (
        "suggestions",
        "post",
        lambda o: reverse("journal:suggestions"),
        {"kind": "reflection", "body": "co-design"},
        everyone(200),
    ),
    ("portfolio", "get", lambda o: reverse("journal:portfolio"), None, everyone(200)),
    (
        "competency evidence",
        "get",
        lambda o: reverse("journal:evidence", args=["co-design"]),
        None,
        everyone(200),
    ),
    ("practice summary", "get", lambda o: reverse("journal:summary"), None, everyone(200)),
    ("journal export", "get", lambda o: reverse("journal:export"), None, everyone(200)),
    (
        "entry, private",
        "get",
        lambda o: reverse("journal:detail", args=[o["private_entry"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "entry, shared",
        "get",
        lambda o: reverse("journal:detail", args=[o["shared_entry"].pk]),
        None,
        only({"owner": 200, "supervisor": 200}),
    ),
    (
        "entry edit",
        "get",
        lambda o: reverse("journal:edit", args=[o["shared_entry"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "entry delete",
        "post",
        lambda o: reverse("journal:delete", args=[o["shared_entry"].pk]),
        {},
        only({"owner": 302}),
    ),
    (
        "entry sharing",
        "post",
        lambda o: reverse("journal:sharing", args=[o["private_entry"].pk]),
        lambda o: {"organisation": o["org"].pk, "shared": "yes"},
        only({"owner": 302}),
    ),
    (
        "peer mentor opt-in",
        "post",
        lambda o: reverse("accounts:organisation_peer_mentor", args=[o["org"].slug]),
        {"willing": "yes"},
        only({"owner": 302, "colleague": 302, "supervisor": 302, "lead": 302}),
    ),
    # feedback: rounds and reports are the owner's alone; rater links work for whoever holds them
    ("feedback rounds", "get", lambda o: reverse("feedback:index"), None, everyone(200)),
    ("new feedback round", "get", lambda o: reverse("feedback:new"), None, everyone(200)),
    (
        "feedback round",
        "get",
        lambda o: reverse("feedback:round", args=[o["open_round"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "close feedback round",
        "post",
        lambda o: reverse("feedback:round", args=[o["open_round"].pk]),
        {"action": "close"},
        only({"owner": 302}),
    ),
    (
        "feedback report",
        "get",
        lambda o: reverse("feedback:report", args=[o["closed_round"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "feedback to plan",
        "post",
        lambda o: reverse("feedback:add_focus", args=[o["closed_round"].pk]),
        {"competency": "co-design"},
        only({"owner": 302}),
    ),
    (
        "rater link",
        "get",
        lambda o: reverse("feedback:rater", args=[o["rater_token"]]),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    (
        "forged rater link",
        "get",
        lambda o: reverse("feedback:rater", args=["forged"]),
        None,
        dict.fromkeys(ROLES, 404),
    ),
    (
        "feedback privacy setting",
        "post",
        lambda o: reverse("accounts:organisation_privacy", args=[o["org"].slug]),
        {"min_group_size": "4"},
        only({"owner": 403, "colleague": 403, "supervisor": 403, "lead": 302}),
    ),
    (
        "forged invitation",
        "get",
        lambda o: reverse("accounts:invitation", args=["forged-token"]),
        None,
        dict.fromkeys(ROLES, 404),
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,method,url,data,expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_access(client, world, role, name, method, url, data, expected):
    people, objects = world
    if role != "anonymous":
        client.force_login(people[role])
    if callable(data):
        data = data(objects)
    response = getattr(client, method)(url(objects), data) if method == "post" else client.get(url(objects))
    assert response.status_code == expected[role], f"{name} as {role}"
    if response.status_code == 302 and role == "anonymous" and name != "sign out":
        assert response.url.startswith(reverse("accounts:login"))
    if response.status_code == 404 and role != "owner":
        assert b"Alice" not in response.content  # nothing of the owner leaks into the page
    if name == "journal export" and role != "anonymous":
        assert (b"Alice's" in response.content) == (role == "owner")


def test_revoking_a_share_hides_it_at_once(client, world, northside):
    people, objects = world
    url = reverse("assessments:results", args=[objects["for_supervisors"].pk])
    client.force_login(people["supervisor"])
    assert client.get(url).status_code == 200
    services.set_sharing(assessment=objects["for_supervisors"], organisation=northside, audience=None)
    assert client.get(url).status_code == 404


def test_leaving_the_organisation_ends_what_was_shared_there(client, world, northside):
    from praxis.accounts.services import leave_organisation

    people, objects = world
    leave_organisation(user=people["owner"], organisation=northside)
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
