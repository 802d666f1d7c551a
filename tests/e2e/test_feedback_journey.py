"""A practitioner asks five people for feedback, four answer through private links, and she reads a
report that never gives away a group too small to hide in, in a real browser.

The journey test follows Alice from an empty feedback page to her report, with each rater in a
browser context of their own (no account, no sign-in) and the stakeholder answering on a phone.
The accessibility tests build the same kind of state through the services (quicker, and
independent of the journey) and look at each page on its own.
"""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from praxis.framework import bundled_framework

from .conftest import DESKTOP
from .helpers import (
    NARROW,
    assert_no_serious_violations,
    expect_message,
    field_label,
    name_of,
    scripts_ready,
    sideways_overflow,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FRAMEWORK = bundled_framework()

TITLE = "How my implementation support lands"
MESSAGE = "I am planning my development for next year and would value an honest view of my support."

PEERS = [
    {
        "email": "pia@example.net",
        "name": "Pia Peer",
        "comment": "Makes co-learning feel natural for the whole team.",
    },
    {"email": "pete@example.net", "name": "", "comment": "Her facilitation keeps long meetings on track."},
    {
        "email": "priti@example.net",
        "name": "Priti",
        "comment": "Always brings the research along, in plain words.",
    },
]
STAKEHOLDER = {
    "email": "sol@site.example",
    "name": "Sol from Eastgate",
    "comment": "Our clinic would like more time on the wards with her.",
}
SUPERVISOR = {"email": "sid@example.org", "name": "Sid", "comment": ""}
RELATIONSHIP_LABELS = {
    "peer": "Peer",
    "stakeholder": "Stakeholder at a supported site",
    "supervisor": "Supervisor",
}

# What each group answers: a competency level (1..5) or "none" (not observed); trust.* is agreement.
PEER_ANSWERS = {"co-learning": "4", "facilitation": "5", "communication": "none", "trust.reliable": "4"}
STAKEHOLDER_ANSWERS = {
    "co-learning": "2",
    "communication": "2",
    "facilitation": "none",
    "trust.reliable": "2",
}


# -- helpers ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fresh_link_limit():
    """Rater links are limited per address per minute (every browser here is 127.0.0.1): start each
    test with the count at zero, so the real limit stays on without other tests' look-ups counting."""
    cache.clear()
    yield
    cache.clear()


def round_pk(page) -> int:
    match = re.search(r"/feedback/(\d+)/", page.url)
    assert match, page.url
    return int(match.group(1))


def link_path_for(email: str) -> str:
    """The path of the private link in the one invitation sent to this address."""
    sent = [m for m in mail.outbox if m.to == [email]]
    assert len(sent) == 1, f"{len(sent)} e-mails to {email}"
    found = re.findall(r"https?://\S+?(/feedback/r/[A-Za-z0-9_-]+/)", sent[0].body)
    assert len(found) == 1, sent[0].body
    return found[0]


def answer(page, item_id: str, value: str):
    """Choose a level by clicking its label, as a person would (trust items use t-, others r-)."""
    prefix = "t" if item_id.startswith("trust.") else "r"
    scripts_ready(page)
    section = page.locator("details.rater-section").filter(has=page.locator(f"input[name='{item_id}']"))
    if not section.evaluate("details => details.open"):  # answered or later sections are folded
        section.locator("summary").click()
    already = page.locator(f"input[id='{prefix}-{item_id}-{value}']").is_checked()
    page.locator(f"label[for='{prefix}-{item_id}-{value}']").click()
    expect(page.locator(f"input[id='{prefix}-{item_id}-{value}']")).to_be_checked()
    if already:  # choosing the same answer again changes nothing, so nothing is saved
        return
    status = (
        page.locator("fieldset.item")
        .filter(has=page.locator(f"input[name='{item_id}']"))
        .locator(".save-status")
    )
    expect(status).to_have_text("Saved")  # each answer saves as it is chosen


def write_comment(page, text: str):
    """Type the comment and wait for it to save (it saves a second after typing stops)."""
    box = page.get_by_label("Anything else you would like to say?")
    scripts_ready(page)
    box.fill(text)
    expect(page.locator("textarea#comment + .save-status")).to_have_text("Saved")
    # Leaving the box sends "change", as the click on Send would: let that save land first, so the
    # test knows which of the two requests came first.
    with page.expect_response(lambda response: response.url.endswith("/autosave/")):
        box.blur()


def expect_answered(page, item_id: str, value: str):
    prefix = "t" if item_id.startswith("trust.") else "r"
    expect(page.locator(f"input[name='{item_id}']:checked")).to_have_count(1)
    expect(page.locator(f"input[id='{prefix}-{item_id}-{value}']")).to_be_checked()


def expect_link_unusable(page, response, round_title: str = TITLE):
    assert response.status == 404, f"{page.url} answered {response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_text("This link can’t be used")
    expect(page.locator("main")).to_contain_text("contact the person who asked you for feedback")
    content = page.content()
    assert round_title not in content, "the unusable-link page shows the round's title"
    assert "Alice" not in content, "the unusable-link page names the person asking"
    expect(page.locator("input[type='radio']")).to_have_count(0)


def report_row(page, competency_id: str):
    return page.locator("section[aria-labelledby='compare-heading'] tbody tr").filter(
        has=page.get_by_role("rowheader").filter(
            has=page.get_by_role("link", name=name_of(competency_id), exact=True)
        )
    )


def expect_submit_reachable(page, viewport_width: int):
    send = page.get_by_role("button", name="Send my feedback")
    send.scroll_into_view_if_needed()
    expect(send).to_be_visible()
    expect(send).to_be_in_viewport()
    box = send.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport_width, (
        f"'Send my feedback' sits at {box} on a {viewport_width}px screen"
    )
    # Every answer label fits across the screen too (nothing clipped off the right edge).
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('form label')].map(l => l.getBoundingClientRect().right))"
    )
    assert widest <= viewport_width, f"a label reaches {widest}px on a {viewport_width}px screen"


# -- the journey --------------------------------------------------------------------------------


def test_feedback_round_from_invitation_to_report_keeps_small_groups_anonymous(
    page, tabs, screenshot, alice, make_assessment, all_quick_answers
):
    make_assessment(alice, answers=all_quick_answers("3"))
    today = timezone.localdate()
    closes_on = today + timedelta(days=14)
    sign_in(page, "alice@example.org")

    # From her dashboard to an empty feedback page.
    page.get_by_role("link", name="Feedback from others").click()
    expect(page).to_have_url(re.compile(r"/feedback/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback from the people you work with")
    assert_no_serious_violations(page)

    # A new round: every competency is ticked by default, and the relationship questions too.
    page.get_by_role("link", name="Start a feedback round").click()
    expect(page).to_have_url(re.compile(r"/feedback/new/$"))
    boxes = page.locator("fieldset").filter(has_text="Competencies to ask about").get_by_role("checkbox")
    expect(boxes).to_have_count(len(FRAMEWORK.competencies))
    for index in range(len(FRAMEWORK.competencies)):
        expect(boxes.nth(index)).to_be_checked()
    relationship = page.get_by_label(re.compile(r"^Include five questions about our working relationship"))
    expect(relationship).to_be_checked()
    expect(page.get_by_label(field_label("Closing date"))).to_have_attribute("type", "date")
    # This form, the round page and the report are checked with axe in the same states by
    # test_feedback_pages_have_no_serious_accessibility_violations below.
    page.get_by_label(field_label("Title")).fill(TITLE)
    page.get_by_label(field_label("Your message to the people you ask")).fill(MESSAGE)
    page.get_by_label(field_label("Closing date")).fill(closes_on.isoformat())
    page.get_by_role("button", name="Create the round").click()
    expect(page).to_have_url(re.compile(r"/feedback/\d+/$"))
    pk = round_pk(page)
    expect_message(page, "Your round is ready. Add the people you would like to hear from.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("p.muted .badge")).to_have_text(f"Open until {closes_on.day} {closes_on:%B %Y}")
    expect(page.get_by_text("groups shown from 3 responses")).to_be_visible()
    asked = page.locator("h2:text-is('What people are asked') + ul > li")
    expect(asked).to_have_text(
        [c.name for c in FRAMEWORK.competencies] + ["Five questions about your working relationship (trust)"]
    )
    expect(page.locator("section[aria-labelledby='responses-heading']")).to_contain_text(
        "Nobody invited yet."
    )

    # Five people: three peers, a stakeholder and her supervisor; one e-mail each.
    invite = page.locator("section[aria-labelledby='invite-heading']")
    invited = [(p, "peer") for p in PEERS] + [(STAKEHOLDER, "stakeholder"), (SUPERVISOR, "supervisor")]
    assert mail.outbox == []
    for person, relationship in invited:
        invite.get_by_label(field_label("Their e-mail address")).fill(person["email"])
        invite.get_by_label(field_label("Their name (optional)")).fill(person["name"])
        invite.get_by_label(field_label("How they know your work")).select_option(
            label=RELATIONSHIP_LABELS[relationship]
        )
        invite.get_by_role("button", name="Send invitation").click()
        expect(page).to_have_url(re.compile(rf"/feedback/{pk}/$"))
        expect_message(page, f"Invitation sent to {person['email']}.")
    assert len(mail.outbox) == 5, [m.to for m in mail.outbox]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p["email"] for p, _ in invited)
    for message in mail.outbox:
        assert message.subject == "Alice would value your feedback on their implementation support"
        assert MESSAGE in message.body
        assert "at least 3 people" in message.body
    links = {p["email"]: link_path_for(p["email"]) for p, _ in invited}
    assert len(set(links.values())) == 5, "two raters got the same link"
    invited_list = page.locator("section[aria-labelledby='invited-heading'] li")
    expect(invited_list).to_have_count(5)
    expect(invited_list.filter(has_text="Sol from Eastgate")).to_contain_text(
        "(stakeholder at a supported site)"
    )
    expect(invited_list.filter(has_text="pete@example.net")).to_contain_text("(peer)")
    counts = page.locator("section[aria-labelledby='responses-heading'] tbody tr")
    expect(counts).to_have_text(
        [re.compile(r"Peer\s*3\s*Not yet 3")]
    )  # groups of one are never counted alone

    # The first peer starts, saves and comes back later: her answer and comment are kept.
    first = PEERS[0]
    rater = tabs.open()
    try:
        response = rater.goto(links[first["email"]])
        assert response.status == 200, response.status
        expect(rater.get_by_role("heading", level=1)).to_have_text("Feedback for Alice")
        expect(rater.locator("blockquote")).to_have_text(MESSAGE)
        expect(rater.locator("main")).to_contain_text("at least 3 people in it answered")
        expect(rater.locator("fieldset.item legend")).to_have_count(len(FRAMEWORK.competencies) + 5)
        expect(rater.get_by_label(re.compile("As their supervisor"))).to_have_count(0)  # only for supervisors
        answer(rater, "co-learning", PEER_ANSWERS["co-learning"])
        write_comment(rater, "Draft: " + first["comment"])
        rater.get_by_role("button", name="Save and come back later").click()
        expect_message(rater, "Saved. You can come back to this link until the closing date.")
        context = rater.context
        rater.close()

        rater = context.new_page()
        rater.goto(links[first["email"]])
        expect(rater.get_by_role("heading", level=1)).to_have_text("Feedback for Alice")
        expect(rater.locator(".messages")).to_have_count(0)
        expect_answered(rater, "co-learning", "4")
        expect(rater.locator("input[name='facilitation']:checked")).to_have_count(0)
        expect(rater.get_by_label("Anything else you would like to say?")).to_have_value(
            "Draft: " + first["comment"]
        )
        for item_id, value in PEER_ANSWERS.items():
            answer(rater, item_id, value)
        write_comment(rater, first["comment"])
        expect_submit_reachable(rater, DESKTOP["width"])
        rater.evaluate("window.scrollTo(0, 0)")
        screenshot(rater, "feedback-rater-form-desktop")
        rater.get_by_role("button", name="Send my feedback").click()
        expect(rater.get_by_role("heading", level=1)).to_have_text("Thank you")
        expect(rater.locator("main")).to_contain_text(
            "Alice will see it combined with others’ when the round closes."
        )

        # The link has done its job: opening it again shows the friendly page, nothing of the round.
        expect_link_unusable(rater, rater.goto(links[first["email"]]))
    finally:
        tabs.done(rater)

    # The other two peers answer in one go.
    for peer in PEERS[1:]:
        rater = tabs.open()
        try:
            rater.goto(links[peer["email"]])
            for item_id, value in PEER_ANSWERS.items():
                answer(rater, item_id, value)
            write_comment(rater, peer["comment"])
            rater.get_by_role("button", name="Send my feedback").click()
            expect(rater.get_by_role("heading", level=1)).to_have_text("Thank you")
            expect_link_unusable(rater, rater.goto(links[peer["email"]]))
        finally:
            tabs.done(rater)

    # The stakeholder answers on her phone.
    rater = tabs.open(viewport=NARROW)
    try:
        rater.goto(links[STAKEHOLDER["email"]])
        expect(rater.get_by_role("heading", level=1)).to_have_text("Feedback for Alice")
        overflow = sideways_overflow(rater)
        for item_id, value in STAKEHOLDER_ANSWERS.items():
            answer(rater, item_id, value)
        write_comment(rater, STAKEHOLDER["comment"])
        expect_submit_reachable(rater, NARROW["width"])
        rater.evaluate("window.scrollTo(0, 0)")
        screenshot(rater, f"feedback-rater-form-{NARROW['width']}")
        assert overflow <= 0, f"the rater form scrolls sideways by {overflow}px at {NARROW['width']}px wide"
        rater.get_by_role("button", name="Send my feedback").click()
        expect(rater.get_by_role("heading", level=1)).to_have_text("Thank you")
        expect_link_unusable(rater, rater.goto(links[STAKEHOLDER["email"]]))
    finally:
        tabs.done(rater)

    # A made-up link gets the same page, and says nothing about any round.
    stranger = tabs.open()
    try:
        expect_link_unusable(stranger, stranger.goto("/feedback/r/forged-token/"))
    finally:
        tabs.done(stranger)

    # Alice sees how many answered, never who: the peers (3 invited) are counted; the lone
    # stakeholder and supervisor are not, alone or together (2 < 3), nor is everyone (it would
    # give their replies away by subtraction). The report waits for the close.
    page.goto(f"/feedback/{pk}/")
    expect(counts).to_have_text([re.compile(r"Peer\s*3\s*At least 3: enough to show")])
    expect(page.get_by_text("never who", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="Read the report")).to_have_count(0)
    screenshot(page, "feedback-round-desktop")
    page.goto(f"/feedback/{pk}/report/")
    expect(page).to_have_url(re.compile(rf"/feedback/{pk}/$"))
    expect_message(page, "The report opens when the round closes")

    # She closes the round: the supervisor's unused link stops working.
    page.get_by_role("button", name="Close the round now").click()
    expect(page).to_have_url(re.compile(rf"/feedback/{pk}/$"))
    expect_message(page, "The round is closed. Your report is ready.")
    expect(page.locator("p.muted .badge")).to_have_text("Closed")
    expect(page.locator("section[aria-labelledby='invite-heading']")).to_have_count(0)
    supervisor = tabs.open()
    try:
        expect_link_unusable(supervisor, supervisor.goto(links[SUPERVISOR["email"]]))
    finally:
        tabs.done(supervisor)

    # The report: peers as a group; the lone stakeholder never shown, not even by subtraction.
    page.get_by_role("link", name="Read the report").click()
    expect(page).to_have_url(re.compile(rf"/feedback/{pk}/report/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"What others see: {TITLE}")
    # not "4 responses": next to the peers' 3 that would say the lone stakeholder answered
    expect(page.locator("p.lead")).to_contain_text(
        "Responses: Peer 3; from smaller groups, fewer than 3 or none."
    )
    compare = page.locator("section[aria-labelledby='compare-heading']")
    expect(compare.locator("thead th")).to_have_text(
        ["Competency", "You", "Peer", "Action"]  # no "All others" on some items only, no spreads
    )
    expect(compare.locator("tbody tr")).to_have_count(len(FRAMEWORK.competencies))
    for c in FRAMEWORK.competencies:
        expect(report_row(page, c.id).locator("td[data-label='You']")).to_have_text("3.0")

    # Co-learning: peers 4, 4, 4 and the stakeholder 2. "All others" would give the 2 away, so the
    # comparison with Alice's 3.0 uses the peers alone: nothing of the 2 shows.
    row = report_row(page, "co-learning")
    expect(row.locator("td[data-label='Peer']")).to_have_text("4.0 (n=3)")
    expect(row.get_by_text("hidden strength?")).to_be_visible()
    # Facilitation: peers 5, 5, 5; the stakeholder had not seen it, so everyone is the peers.
    row = report_row(page, "facilitation")
    expect(row.locator("td[data-label='Peer']")).to_have_text("5.0 (n=3)")
    expect(row.get_by_text("hidden strength?")).to_be_visible()
    # Communication: the peers had not seen it; the stakeholder's lone 2 stays hidden.
    row = report_row(page, "communication")
    expect(row.locator("td[data-label='Peer']")).to_have_text("—")
    expect(row.locator(".badge")).to_have_count(0)
    # "All others" appears on no item: on the items she skipped it would say which ones she skipped.
    expect(compare.locator("td[data-label='All others']")).to_have_count(0)
    hidden = page.locator("section[aria-labelledby='hidden-heading'] p").filter(has=page.get_by_role("link"))
    expect(hidden).to_have_text(
        [f"{name_of('co-learning')}: you 3.0, others 4.0", f"{name_of('facilitation')}: you 3.0, others 5.0"]
    )
    expect(page.locator("section[aria-labelledby='blind-heading']")).to_contain_text("None at this margin.")

    trust = page.locator("section[aria-labelledby='trust-heading']")
    expect(trust.locator("thead th")).to_have_text(["Statement", "Peer"])
    reliable = trust.locator("tbody tr").filter(
        has_text="I can count on them to do what they say they will do."
    )
    expect(reliable.locator("td[data-label='Peer']")).to_have_text("4.0 (n=3)")

    comments = page.locator("section[aria-labelledby='comments-heading'] blockquote")
    expect(comments).to_have_text(sorted(p["comment"] for p in PEERS))
    content = page.content()
    assert "Stakeholder" not in content, "the report shows a stakeholder group"
    assert "Supervisor" not in content, "the report shows a supervisor group"
    assert STAKEHOLDER["comment"] not in content and "clinic would like more time" not in content, (
        "the lone stakeholder's comment appears in the report"
    )
    for person, _ in invited:
        assert person["email"] not in content, f"the report names {person['email']}"
        if person["name"]:
            assert person["name"] not in content, f"the report names {person['name']}"
    screenshot(page, "feedback-report-desktop")
    page.set_viewport_size(NARROW)
    page.reload()
    overflow = sideways_overflow(page)
    screenshot(page, f"feedback-report-{NARROW['width']}")
    assert overflow <= 0, f"the report scrolls sideways by {overflow}px at {NARROW['width']}px wide"


# -- accessibility ------------------------------------------------------------------------------


@pytest.fixture
def feedback_state(alice, make_assessment, all_quick_answers):
    """Alice with a quick self-assessment, and two rounds with three peers and a stakeholder who
    answered and a supervisor who did not: one still open, one closed (its report readable)."""
    from praxis.feedback import services

    make_assessment(alice, answers=all_quick_answers("3"))
    closes_on = timezone.localdate() + timedelta(days=14)
    rounds = {}
    for state in ("open", "closed"):
        round_ = services.create_round(
            owner=alice,
            title=f"{TITLE} ({state})",
            message=MESSAGE,
            closes_on=closes_on,
            competency_ids=[c.id for c in FRAMEWORK.competencies],
            include_relationship=True,
        )
        tokens = {}
        for person, relationship in [(p, "peer") for p in PEERS] + [
            (STAKEHOLDER, "stakeholder"),
            (SUPERVISOR, "supervisor"),
        ]:
            _, tokens[person["email"]] = services.add_rater(
                round_=round_, email=person["email"], name=person["name"], relationship=relationship
            )
        for person, answers in [(p, PEER_ANSWERS) for p in PEERS] + [(STAKEHOLDER, STAKEHOLDER_ANSWERS)]:
            services.save_response(
                token=tokens[person["email"]],
                posted=answers,
                comment=person["comment"],
                identifiable=False,
                submit=True,
            )
        if state == "closed":
            services.close_round(round_=round_)
        rounds[state] = SimpleNamespace(pk=round_.pk, tokens=tokens)
    return rounds


PAGES = {
    # name: (signed in as alice?, url with placeholders for the open and closed rounds, viewport)
    "index": (True, "/feedback/", DESKTOP),
    "new-round": (True, "/feedback/new/", DESKTOP),
    "round": (True, "/feedback/{open}/", DESKTOP),
    "closed-round": (True, "/feedback/{closed}/", DESKTOP),
    "report": (True, "/feedback/{closed}/report/", DESKTOP),
    "rater-form-desktop": (False, "/feedback/r/{pending}/", DESKTOP),
    "rater-form-390": (False, "/feedback/r/{pending}/", NARROW),
    "unusable-link": (False, "/feedback/r/forged-token/", DESKTOP),
}


@pytest.mark.parametrize("name", PAGES, ids=list(PAGES))
def test_feedback_pages_have_no_serious_accessibility_violations(page, feedback_state, name):
    signed_in, url, viewport = PAGES[name]
    page.set_viewport_size(viewport)
    url = url.format(
        open=feedback_state["open"].pk,
        closed=feedback_state["closed"].pk,
        pending=feedback_state["open"].tokens[SUPERVISOR["email"]],  # the supervisor has not answered
    )
    response = sign_in(page, "alice@example.org", go_to=url) if signed_in else page.goto(url)
    assert response.status == (404 if name == "unusable-link" else 200), f"{url} answered {response.status}"
    if name.startswith("rater-form"):
        expect(page.get_by_role("heading", level=1)).to_have_text("Feedback for Alice")
        expect(page.get_by_label(re.compile("As their supervisor"))).to_be_visible()
        answer(page, "co-learning", "4")
        answer(page, "trust.reliable", "none")
    if name == "report":
        expect(page.locator("section[aria-labelledby='comments-heading'] blockquote")).to_have_count(3)
    assert_no_serious_violations(page)
    if viewport is NARROW:
        overflow = sideways_overflow(page)
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {NARROW['width']}px wide"
        expect_submit_reachable(page, NARROW["width"])
