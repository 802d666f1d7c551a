"""The implementation support offer: drafted from consented, thresholded data without any name or
score, edited in versions, restored, published at a public page anyone can read."""

import pytest
from django.urls import reverse

from praxis.framework import bundled_framework
from praxis.teams import drafting, offer
from praxis.teams.models import OfferStatement, OfferVersion

from .people import assess, consent, person, team_of

pytestmark = pytest.mark.django_db
FRAMEWORK = bundled_framework()


def _team_of_five(northside):
    """Five consenting members, named too: three proficient in co-design, two in brokering."""
    people = [
        person(name, northside, role_title=title)
        for name, title in [
            ("Zanele Okafor", "Coach"),
            ("Yusuf Brennan", "coach"),
            ("Xiomara Lind", " coach "),
            ("Wendell Quist", "Facilitator"),
            ("Violet Amadi", "facilitator"),
        ]
    ]
    for i, p in enumerate(people):
        assess(
            p,
            proficient_in={"co-design"} if i < 3 else {"co-design", "brokering"} if i == 3 else {"brokering"},
        )
        consent(p, northside, named=True, counted=True)
    return people


def test_the_draft_offers_what_enough_consenting_people_are_proficient_in(northside, lena):
    _team_of_five(northside)
    profile = offer.team_profile(northside)
    assert set(profile.confident) == {"co-design"}  # four proficient; brokering only two
    assert profile.roles == {"coach": 3}  # two facilitators: too few to count
    title, body = drafting.draft(FRAMEWORK, profile)
    assert "### Co-design" in body and "### Brokering" not in body
    assert "3 coaches" in body and "facilitator" not in body.lower()
    for principle in FRAMEWORK.principles:
        assert f"**{principle.name}**" in body
    assert "Northside" in title


def test_no_name_email_or_score_of_anyone_ever_appears_in_the_offer(client, northside, lena):
    people = _team_of_five(northside)
    statement = offer.statement_start(organisation=northside, by=lena)
    version = offer.latest_version(statement)
    offer.statement_publish(statement=statement, by=lena, number=version.number)
    html = client.get(reverse("teams_people:offer_public", args=[statement.slug])).content.decode()
    for text in (version.title + version.body, html):
        for p in people:
            for part in [*p.full_name.split(), p.email, p.email.split("@")[0]]:
                assert part.lower() not in text.lower()
        for level in ("Not yet", "Emerging", "Proficient", "Advanced", "4.0", "2.0"):
            assert level not in text
    assert "Lena" not in html


def test_members_who_did_not_consent_to_count_are_not_in_the_offer(northside, lena):
    for i in range(4):
        p = person(f"Named {i}", northside, role_title="coach")
        assess(p, proficient_in={"facilitation"})
        consent(p, northside, named=True)  # named to leads, not counted in statistics
    profile = offer.team_profile(northside)
    assert profile.confident == () and profile.roles == {}
    _, body = drafting.draft(FRAMEWORK, profile)
    assert "### Facilitation" not in body and "Not enough of the team's assessments" in body


def test_a_team_statement_counts_the_team_and_keeps_role_counts_safe_by_difference(northside, lena):
    people = _team_of_five(northside)
    team = team_of(northside, lena, "Coaching", people[:2] + people[3:])  # two of the three coaches
    profile = offer.team_profile(northside, team)
    assert profile.name == "Coaching"
    assert set(profile.confident) == {"co-design"}  # three of the team (two coaches, Wendell)
    assert profile.roles == {}  # coaches: 2 in the team, and 3 − 2 outside would give one away
    assert offer.team_profile(northside).roles == {"coach": 3}


def test_the_lead_edits_keeps_versions_restores_and_publishes(client, northside, lena):
    _team_of_five(northside)
    client.force_login(lena)
    response = client.post(reverse("teams_people:offer_start", args=[northside.slug]))
    statement = OfferStatement.objects.get()
    edit = reverse("teams_people:offer_edit", args=[northside.slug, statement.pk])
    assert response.url == edit
    first = offer.latest_version(statement)
    assert first.note == "Drafted from the team's profile"
    response = client.post(edit, {"title": "Our offer", "body": "## Hello\n\nWe help.", "based_on": 1})
    assert response.status_code == 302
    assert offer.latest_version(statement).number == 2
    # a page loaded at version 1 is behind now: nothing saved, the typed text kept
    response = client.post(edit, {"title": "Stale", "body": "Typed with care", "based_on": 1})
    assert response.status_code == 409
    assert "Typed with care" in response.content.decode()
    assert OfferVersion.objects.count() == 2
    client.post(reverse("teams_people:offer_restore", args=[northside.slug, statement.pk, 1]))
    restored = offer.latest_version(statement)
    assert (restored.number, restored.body, restored.note) == (3, first.body, "Restored from version 1")
    public = reverse("teams_people:offer_public", args=[statement.slug])
    client.logout()
    assert client.get(public).status_code == 404  # not published yet
    client.force_login(lena)
    client.post(reverse("teams_people:offer_publish", args=[northside.slug, statement.pk]), {"number": "2"})
    client.logout()
    response = client.get(public)
    assert response.status_code == 200
    assert "<h2>Hello</h2>" in response.content.decode()
    client.force_login(lena)
    client.post(reverse("teams_people:offer_unpublish", args=[northside.slug, statement.pk]))
    client.logout()
    assert client.get(public).status_code == 404


def test_the_public_page_renders_markdown_safely(client, northside, lena):
    statement = offer.statement_start(organisation=northside, by=lena)
    body = "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)> **bold**"
    version = offer.version_save(statement=statement, by=lena, title="<b>T</b>", body=body, based_on=1)
    offer.statement_publish(statement=statement, by=lena, number=version.number)
    html = client.get(reverse("teams_people:offer_public", args=[statement.slug])).content.decode()
    assert "<script>alert" not in html and "javascript:" not in html and "onerror" not in html
    assert "<strong>bold</strong>" in html and "&lt;b&gt;T&lt;/b&gt;" in html


def test_starting_twice_keeps_one_statement_and_only_leads_write(northside, alice, lena, dave):
    first = offer.statement_start(organisation=northside, by=lena)
    assert offer.statement_start(organisation=northside, by=lena) == first
    assert first.slug == "northside"
    for who in (alice, dave):
        with pytest.raises(offer.OfferError):
            offer.statement_start(organisation=northside, by=who)
        with pytest.raises(offer.OfferError):
            offer.version_save(statement=first, by=who, title="x", body="y", based_on=1)
    with pytest.raises(offer.OfferError, match="cannot be empty"):
        offer.version_save(statement=first, by=lena, title="x", body="  ", based_on=1)
    assert OfferVersion.objects.count() == 1


def test_team_statements_have_their_own_public_address(northside, lena):
    team = team_of(northside, lena, "Coaching & Co", [])
    statement = offer.statement_start(organisation=northside, by=lena, team=team)
    assert statement.slug == "northside-coaching-co"
    assert offer.statement_start(organisation=northside, by=lena).slug == "northside"


def test_key_activities_are_composed_into_sentences_not_pasted():
    paragraph = drafting.competency_paragraph(FRAMEWORK.competency("co-design"))
    assert paragraph.startswith("### Co-design\n\nWith the people you support, we can ")
    assert paragraph.count(".") == 1 and ", and " in paragraph
    for activity in FRAMEWORK.competency("co-design").all_key_activities():
        assert activity.text.strip() not in paragraph  # never a whole activity as written
    everything = "".join(drafting.competency_paragraph(c, i) for i, c in enumerate(FRAMEWORK.competencies))
    assert " can when " not in everything and " we before " not in everything


def _activity(person, mode="Onsite", site="Oak School", month="2026-11", minutes=120):
    return drafting.SupportActivity(person, mode, site, month, minutes)


def test_how_the_team_works_is_said_only_from_enough_people():
    few = [_activity(1), _activity(2)]
    assert drafting.work_pattern(few, 3) is None
    many = [_activity(p) for p in (1, 2, 3)] + [_activity(4, mode="Virtual", site="Elm Trust", minutes=60)]
    work = drafting.work_pattern(many, 3)
    assert work.modes == {"Onsite": 3}  # one person worked virtually: not even named
    assert work.hours_per_site_month == 3.5  # Oak School 360 and Elm Trust 60 minutes in November
    profile = drafting.TeamProfile("Northside", 3, 4, (), work=work)
    paragraph = drafting.work_paragraph(profile)
    assert "We support sites onsite" in paragraph and "virtual" not in paragraph.lower()
    assert "about 3.5 hours" in paragraph


def _counting_support_work(user, organisation, *, only=False):
    """The member lets their support activities count (`only`: and makes no other team choice)."""
    from praxis.accounts.services import consents_set

    consents_set(
        user=user,
        organisation=organisation,
        named_to_leads=not only,
        counted_in_statistics=not only,
        support_work_counted=True,
    )


def _support(owner, *, site, minutes, mode="onsite", days_ago=10):
    from datetime import timedelta

    from django.utils import timezone

    from praxis.journal.models import Entry, Kind

    return Entry.objects.create(
        owner=owner,
        kind=Kind.SUPPORT,
        title="Site visit",
        body="Met the team at the clinic",
        occurred_on=timezone.localdate() - timedelta(days=days_ago),
        mode=mode,
        site=site,
        duration_minutes=minutes,
    )


def test_how_the_team_works_is_drafted_from_members_who_let_their_support_activities_count(northside, lena):
    people = _team_of_five(northside)
    for p in people:
        _support(p, site="Riverside clinic", minutes=120)
    # without the third choice nobody's activities count, whatever else they chose
    assert offer.team_profile(northside).work is None
    for p in people[:2]:
        _counting_support_work(p, northside)
    assert offer.team_profile(northside).work is None  # two people: fewer than the minimum of 3
    _counting_support_work(people[2], northside)
    _support(people[0], site="Old site", minutes=1000, days_ago=400)  # older than 12 months: left out
    work = offer.team_profile(northside).work
    assert work is not None and work.people == 3
    assert work.modes == {"Onsite": 3}
    assert work.hours_per_site_month == pytest.approx(6.0)  # three people's two hours at one site, one month
    _, body = drafting.draft(FRAMEWORK, offer.team_profile(northside))
    assert "about 6 hours" in body and "Met the team" not in body and "Riverside" not in body


def test_how_the_team_works_cannot_be_subtracted_between_the_organisations_and_a_teams_statement(
    northside, lena
):
    """Five people support sites virtually, four of them in a team: the organisation's statement says
    "Virtual" and the team's must not, or the difference would be the one person outside the team."""
    people = _team_of_five(northside)
    for p in people:
        _counting_support_work(p, northside)
        _support(p, site="Riverside clinic", minutes=60, mode="virtual")
    team = team_of(northside, lena, "Coaching", people[:4])
    whole = offer.team_profile(northside).work
    part = offer.team_profile(northside, team).work
    assert whole is not None and whole.modes == {"Virtual": 5}
    shown = [(w.people, w.modes.get("Virtual"), w.hours_per_site_month) for w in (whole, part) if w]
    assert len(shown) == 1  # the team's statement says nothing of how its four work
    # with a second person outside the team the difference is a group of two: still too few (t = 3)
    ursula = person("Ursula Noor", northside)
    _counting_support_work(ursula, northside, only=True)
    _support(ursula, site="Riverside clinic", minutes=60, mode="virtual")
    assert offer.team_profile(northside).work.modes == {"Virtual": 6}
    assert offer.team_profile(northside, team).work is None
