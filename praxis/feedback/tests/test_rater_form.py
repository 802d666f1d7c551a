"""The rater's form as good as the self-assessment: each answer saves as it is chosen (token-scoped,
rate-limited, CSRF-checked), progress, folding sections, a page without the site's menu, observer
descriptions; and several raters invited at once, all or none."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from praxis.core.frameworks import current_framework
from praxis.development import services as plan_services
from praxis.feedback import services
from praxis.feedback.forms import parse_rater_list
from praxis.feedback.models import Rater, Rating

pytestmark = pytest.mark.django_db
ALL = ["co-learning", "brokering"]


@pytest.fixture
def round_(alice):
    return services.create_round(
        owner=alice,
        title="Spring feedback",
        message="",
        closes_on=timezone.localdate() + timedelta(days=14),
        competency_ids=ALL,
        include_relationship=True,
    )


@pytest.fixture
def token(round_):
    _, token = services.add_rater(
        round_=round_, email="peer@example.org", name="", relationship="peer", notify=False
    )
    return token


def autosave(client, token, save, **values):
    return client.post(reverse("feedback:rater_autosave", args=[token]), {"save": save, **values})


# -- autosave ---------------------------------------------------------------------------------------


def test_an_answer_saves_as_it_is_chosen_and_is_there_after_a_reload(client, token):
    response = autosave(client, token, "co-learning", **{"co-learning": "4", "brokering": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "Saved" in html
    assert "1 of 7 answered" in html and 'id="state-co-learning"' in html and "Answered: Proficient" in html
    assert autosave(client, token, "trust.reliable", **{"trust.reliable": "none"}).status_code == 200
    assert autosave(client, token, "comment", comment="  Listens well  ").status_code == 200
    assert dict(Rating.objects.values_list("item_id", "value")) == {"co-learning": 4, "trust.reliable": None}
    page = client.get(reverse("feedback:rater", args=[token])).content.decode()
    assert (
        'value="4" checked' in page
        and 'id="t-trust.reliable-none" name="trust.reliable" value="none" checked' in page
    )
    assert "2 of 7 answered" in page and ">Listens well</textarea>" in page
    assert Rater.objects.get().comment == "Listens well" and not Rater.objects.get().submitted_at


def test_saving_the_same_item_again_keeps_one_row_with_the_later_answer(client, token):
    autosave(client, token, "co-learning", **{"co-learning": "2"})
    autosave(Client(), token, "co-learning", **{"co-learning": "5"})  # another tab or device
    assert list(Rating.objects.values_list("item_id", "value")) == [("co-learning", 5)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="in-memory SQLite serialises test threads")
def test_two_saves_of_the_same_item_at_once_both_succeed_and_leave_one_row(alice):
    round_ = services.create_round(
        owner=alice,
        title="t",
        message="",
        closes_on=timezone.localdate() + timedelta(days=14),
        competency_ids=ALL,
        include_relationship=False,
    )
    _, token = services.add_rater(
        round_=round_, email="p@example.org", name="", relationship="peer", notify=False
    )
    barrier, results, errors = threading.Barrier(2), [], []

    def save(value):
        try:
            barrier.wait(timeout=10)
            results.append(services.rating_autosave(token=token, item_id="co-learning", raw=value).value)
        except Exception as error:  # noqa: BLE001 - any failure is what the test reports
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(value,)) for value in ("2", "5")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [] and sorted(results) == [2, 5]  # each was told "saved", and each was
    [(item, value)] = Rating.objects.values_list("item_id", "value")
    assert item == "co-learning" and value in (2, 5)


@pytest.mark.parametrize(
    "save, values, message",
    [
        ("co-learning", {"co-learning": "9"}, "Choose one of the options"),
        ("co-learning", {"co-learning": ""}, "Choose one of the options"),
        ("be-curious", {"be-curious": "3"}, "not part of this form"),
        ("trust.reliable", {"trust.reliable": "6"}, "Choose one of the options"),
        ("comment", {"comment": "x" * 4001}, "under 4,000"),
        ("comment", {"comment": "a\x00b"}, "NUL"),
    ],
)
def test_a_bad_save_is_refused_with_a_message_and_changes_nothing(client, token, save, values, message):
    response = autosave(client, token, save, **values)
    assert response.status_code == 422 and message in response.content.decode()
    assert not Rating.objects.exists() and Rater.objects.get().comment == ""


def test_forged_withdrawn_sent_and_closed_links_save_nothing(client, round_, token):
    assert autosave(client, "forged-token", "co-learning", **{"co-learning": "3"}).status_code == 404
    _, sent = services.add_rater(
        round_=round_, email="s@example.org", name="", relationship="peer", notify=False
    )
    services.save_response(
        token=sent, posted={"co-learning": "3"}, comment="", identifiable=False, submit=True
    )
    assert autosave(client, sent, "co-learning", **{"co-learning": "5"}).status_code == 404
    round_.closes_on = timezone.localdate() - timedelta(days=1)
    round_.save()
    response = autosave(client, token, "co-learning", **{"co-learning": "3"})
    assert response.status_code == 404 and "Spring feedback" not in response.content.decode()
    assert list(Rating.objects.values_list("value", flat=True)) == [3]  # only the sent answer


def test_a_save_after_the_answers_were_sent_is_not_claimed(client, token):
    autosave(client, token, "co-learning", **{"co-learning": "3"})
    client.post(reverse("feedback:rater", args=[token]), {"co-learning": "3", "submit": "1"})
    response = autosave(client, token, "co-learning", **{"co-learning": "5"})
    assert response.status_code == 404 and "Saved" not in response.content.decode()
    assert Rating.objects.get().value == 3


def test_autosaves_are_rate_limited_per_link(client, token, settings):
    settings.PRAXIS_RATER_LINK_LIMIT = 1  # ten saves a minute
    statuses = [autosave(client, token, "co-learning", **{"co-learning": "3"}).status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]


def test_autosave_needs_the_csrf_token_and_a_post(token):
    browser = Client(enforce_csrf_checks=True)
    url = reverse("feedback:rater_autosave", args=[token])
    assert browser.post(url, {"save": "co-learning", "co-learning": "3"}).status_code == 403
    assert browser.get(url).status_code == 405
    assert not Rating.objects.exists()


# -- the page ---------------------------------------------------------------------------------------


def test_the_rater_page_has_no_site_menu_or_sign_up(client, token):
    html = client.get(reverse("feedback:rater", args=[token])).content.decode()
    assert 'aria-label="Main"' not in html and "Create an account" not in html and "Sign in" not in html
    assert 'role="search"' not in html
    assert "0 of 7 answered" in html and html.count('class="rater-section"') == 3
    invalid = client.get("/feedback/r/forged/").content.decode()
    assert "Create an account" not in invalid and 'aria-label="Main"' not in invalid


def test_the_first_unanswered_section_is_open_and_answered_ones_show_their_answer(client, token):
    autosave(client, token, "co-learning", **{"co-learning": "none"})
    html = client.get(reverse("feedback:rater", args=[token])).content.decode()
    assert 'id="section-co-learning">' in html and 'id="section-brokering" open>' in html
    assert "Answered: Not observed" in html


def test_raters_read_what_each_competency_looks_like_from_the_outside(client, token):
    html = client.get(reverse("feedback:rater", args=[token])).content.decode()
    framework = current_framework()
    for competency_id in ALL:
        competency = framework.competency(competency_id)
        assert competency.for_observer.startswith("They") and competency.for_observer in html.replace(
            "&#x27;", "'"
        )
        assert competency.summary not in html


def test_every_competency_of_the_bundled_framework_has_an_observer_description_with_its_source():
    framework = current_framework()
    assert len(framework.competencies) == 15
    for competency in framework.competencies:
        assert (
            competency.observer_description.startswith("They") or " they " in competency.observer_description
        )
        assert competency.observer_source.startswith(competency.source)
        assert competency.observer_description != competency.summary


def test_a_framework_without_observer_descriptions_falls_back_to_the_summary(mini_framework):
    for competency in mini_framework.competencies:
        assert competency.observer_description == "" and competency.for_observer == competency.summary


# -- several raters at once -------------------------------------------------------------------------

PASTED = """sam@example.org, peer
Jo Bloggs <jo@example.org>, Stakeholder

Supervisors:
lee@example.org
kim@example.org; supervisor
"""


def test_a_pasted_list_is_read_line_by_line():
    people, problems = parse_rater_list(PASTED)
    assert problems == []
    assert [(p.line, p.email, p.name, p.relationship) for p in people] == [
        (1, "sam@example.org", "", "peer"),
        (2, "jo@example.org", "Jo Bloggs", "stakeholder"),
        (5, "lee@example.org", "", "supervisor"),
        (6, "kim@example.org", "", "supervisor"),
    ]


def test_inviting_a_list_adds_everyone_and_sends_each_their_link(
    client, alice, round_, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("feedback:round", args=[round_.pk]), {"action": "add_raters", "people": PASTED}
        )
    assert response.status_code == 302
    assert sorted(Rater.objects.values_list("email", "relationship")) == [
        ("jo@example.org", "stakeholder"),
        ("kim@example.org", "supervisor"),
        ("lee@example.org", "supervisor"),
        ("sam@example.org", "peer"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "jo@example.org",
        "kim@example.org",
        "lee@example.org",
        "sam@example.org",
    ]


def test_one_bad_line_adds_nobody_and_is_named_next_to_the_box(client, alice, round_):
    client.force_login(alice)
    pasted = (
        "sam@example.org, peer\nnot-an-address, peer\nkim@example.org, boss\nsam@example.org, other\n"
        "lee@example.org"
    )
    response = client.post(
        reverse("feedback:round", args=[round_.pk]), {"action": "add_raters", "people": pasted}
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Rater.objects.exists() and not mail.outbox
    assert "Line 2 (“not-an-address, peer”): “not-an-address” is not an e-mail address." in html
    assert "Line 3 (“kim@example.org, boss”): “boss” is not a group" in html
    assert "Line 4 (“sam@example.org, other”): sam@example.org is already on line 1." in html
    assert "Line 5 (“lee@example.org”): say how they know your work" in html
    assert "Line 1" not in html
    assert "not-an-address, peer\nkim@example.org" in html  # what was pasted stays to correct
    assert "Sam Jones &lt;sam@example.org&gt;" in html  # the example shows its brackets
    assert 'id="invite-several" open' in html and 'aria-invalid="true"' in html


def test_a_list_with_someone_already_invited_or_the_owner_adds_nobody(client, alice, round_, token):
    client.force_login(alice)
    pasted = f"new@example.org, peer\nPeer+x@example.org, peer\n{alice.email}, other"
    html = client.post(
        reverse("feedback:round", args=[round_.pk]), {"action": "add_raters", "people": pasted}
    ).content.decode()
    assert (
        "Line 2: peer+x@example.org is already invited" in html and "Line 3: that is your own address" in html
    )
    assert list(Rater.objects.values_list("email", flat=True)) == ["peer@example.org"]


def test_a_list_over_the_day_s_sending_limit_adds_nobody_and_counts_nothing(client, alice, round_, settings):
    settings.PRAXIS_LIMIT_RATER_EMAILS_PER_DAY = 3
    client.force_login(alice)
    url = reverse("feedback:round", args=[round_.pk])
    four = "\n".join(f"p{n}@example.org, peer" for n in range(4))
    html = client.post(url, {"action": "add_raters", "people": four}).content.decode()
    assert "these 4 would go over today’s" in html and not Rater.objects.exists()
    three = "\n".join(f"p{n}@example.org, peer" for n in range(3))
    assert client.post(url, {"action": "add_raters", "people": three}).status_code == 302
    assert Rater.objects.count() == 3


def test_a_list_over_the_round_s_maximum_adds_nobody(alice, round_):
    people, _ = parse_rater_list("\n".join(f"p{n}@example.org, peer" for n in range(services.MAX_RATERS + 1)))
    with pytest.raises(services.RaterListError, match="at most 40 raters"):
        services.raters_add_many(round_=round_, people=people, notify=False)
    assert not Rater.objects.exists()


def test_a_list_waits_for_approval_where_the_organisation_asks_for_it(client, alice, northside):
    northside.rater_list_approval = True
    northside.save()
    round_ = services.create_round(
        owner=alice,
        title="t",
        message="",
        closes_on=timezone.localdate() + timedelta(days=14),
        competency_ids=ALL,
        include_relationship=False,
    )
    client.force_login(alice)
    client.post(
        reverse("feedback:round", args=[round_.pk]),
        {"action": "add_raters", "people": "a@example.org, peer\nb@example.org, peer"},
    )
    assert Rater.objects.filter(approved_at__isnull=True).count() == 2 and not mail.outbox


# -- a round from a plan ----------------------------------------------------------------------------


def _plan(owner, focuses, active):
    plan = plan_services.create_plan(owner=owner)
    for competency_id in focuses:
        plan_services.add_focus(plan=plan, competency_id=competency_id)
    return plan_services.activate(plan=plan) if active else plan


def _ticked(html):
    return sorted(
        line.split('value="')[1].split('"')[0]
        for line in html.split("<input")
        if "checked" in line and 'name="competencies"' in line
    )


def test_a_new_round_asks_first_about_the_active_plan_s_focuses(client, alice):
    client.force_login(alice)
    assert len(_ticked(client.get(reverse("feedback:new")).content.decode())) == 15  # no plan: all
    _plan(alice, ["facilitation", "brokering"], active=True)
    html = client.get(reverse("feedback:new")).content.decode()
    assert _ticked(html) == ["brokering", "facilitation"] and "your plan" in html


def test_a_round_from_a_named_plan_uses_that_plan_and_only_the_owner_s(client, alice, bob):
    draft = _plan(alice, ["co-design"], active=False)
    client.force_login(alice)
    assert _ticked(client.get(reverse("feedback:new") + f"?plan={draft.pk}").content.decode()) == [
        "co-design"
    ]
    client.force_login(bob)
    assert client.get(reverse("feedback:new") + f"?plan={draft.pk}").status_code == 404
    for hostile in ["x", "²", "٣", "-1", "9" * 30, "", "a%00b"]:
        assert client.get(reverse("feedback:new") + f"?plan={hostile}").status_code == 404
