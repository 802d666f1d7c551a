"""The implementation support offer: a statement per organisation or per team, drafted from the
team's profile, edited by its leads in versions, and published on a public page (issue 11.6).

The profile it is drafted from respects every consent and threshold:
- Only members who chose to count in team statistics (`members_counted_in_statistics`) count, by
  their latest submitted assessment, without names.
- A competency is offered "with confidence" when at least t of them are proficient in it
  (`disclosure.may_show`, t the organisation's minimum group size, never below 3).
- Role counts (the role each person calls theirs) appear only where `disclosure.releasable`
  releases them across the organisation and all its teams, so a team's statement and the
  organisation's cannot be subtracted to give a smaller group away.
- How the team works (modes of support, hours per site per month) comes from the support
  activities of the last 12 months of members who chose that separately
  (`members_counting_support_work`): mode, site and length only, never what they wrote; each
  figure over at least t people (`drafting.work_pattern`, through disclosure).
The drafting itself (`drafting.draft`) receives no person, so no name, e-mail or score can reach it.

Versions are never changed; saving, drafting again and restoring each add one. A save from a page
that is behind (someone saved since) changes nothing and keeps what was typed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify

from praxis.accounts import policy
from praxis.accounts.models import Organisation
from praxis.assessments import scores
from praxis.core.errors import PraxisError
from praxis.core.frameworks import current_framework
from praxis.core.limits import LONG_TEXT_MAX
from praxis.journal import selectors as journal_selectors
from praxis.scoring import disclosure

from . import drafting
from .models import OfferStatement, OfferVersion, Team, TeamMember

WORK_MISSING = (
    "Praxis drafts how your team works only from the support activities of members who chose to let them "
    "count (on their team choices page), and only when enough of them did. Until then, describe how you "
    "work in your own words."
)
WORK_MONTHS = 12  # support activities from this far back describe how the team works now


class OfferError(PraxisError):
    """A change to an offer statement that cannot be made; the message is for the lead asking."""


# -- reads -----------------------------------------------------------------------------------


def statements_of(organisation: Organisation) -> QuerySet[OfferStatement]:
    return (
        OfferStatement.objects.filter(organisation=organisation)
        .select_related("team", "published")
        .annotate(latest_number=Max("versions__number"))
        .order_by("team__name", "pk")
    )


def statement_of(organisation: Organisation, pk: int) -> OfferStatement:
    return get_object_or_404(statements_of(organisation), pk=pk)


def latest_version(statement: OfferStatement) -> OfferVersion:
    return statement.versions.select_related("author").order_by("-number").first()


def versions_of(statement: OfferStatement) -> QuerySet[OfferVersion]:
    return statement.versions.select_related("author").order_by("-number")


def version_of(statement: OfferStatement, number: int) -> OfferVersion:
    return get_object_or_404(versions_of(statement), number=number)


def published_statement(slug: str) -> OfferStatement:
    """A published statement, for anyone; unpublished or unknown: 404."""
    return get_object_or_404(
        OfferStatement.objects.select_related("organisation", "team", "published").filter(
            published__isnull=False
        ),
        slug=slug,
    )


def team_profile(organisation: Organisation, team: Team | None = None) -> drafting.TeamProfile:
    """What the draft may say about `organisation` (or one of its teams): consented, thresholded,
    without names. A fixed number of queries, whatever the number of members."""
    t = disclosure.threshold(organisation.min_group_size)
    counted = policy.members_counted_in_statistics(organisation)
    places = TeamMember.objects.filter(team__organisation=organisation).values_list(
        "team_id", "membership_id"
    )
    in_team: dict[int, set[int]] = defaultdict(set)
    for team_id, membership_id in places:
        in_team[team_id].add(membership_id)
    people = list(counted.values_list("pk", "user_id", "user__role_title"))
    if team is not None:
        people = [row for row in people if row[0] in in_team[team.pk]]
    results = scores.latest_results_of([user_id for _, user_id, _ in people])
    proficient: dict[str, int] = defaultdict(int)
    for latest in results.values():
        for competency_id, result in latest.results.items():
            proficient[competency_id] += int(result.proficient)
    confident = tuple(cid for cid, n in proficient.items() if disclosure.may_show(n, t))
    roles = _released_roles(counted, in_team, team, t)
    work = _work_pattern(organisation, in_team, team, t)
    return drafting.TeamProfile(
        name=team.name if team is not None else organisation.name,
        threshold=t,
        counted=len(results),
        confident=confident,
        roles=roles,
        work=work,
        work_missing=WORK_MISSING,
    )


def _work_pattern(organisation, in_team, team: Team | None, t: int) -> drafting.WorkPattern | None:
    """How the team works, from the support activities of members who let them count. Each figure
    (how many people, each mode, the hours a site receives) is kept only where it is safe in the
    organisation's statement and every team's together (`_safe_in_every_statement`), so the
    organisation's "Phone: 40" less a team's "Phone: 37" never tells the few outside it. Two queries."""
    membership_of = dict(policy.members_counting_support_work(organisation).values_list("user_id", "pk"))
    today = timezone.localdate()
    first = today.year * 12 + today.month - WORK_MONTHS  # months since year 0 of the first month counted
    since = date(first // 12, first % 12 + 1, 1)
    everyone = [
        drafting.SupportActivity(
            person=membership_of[owner_id],
            mode=mode,
            site=site,
            month=f"{occurred_on:%Y-%m}",
            minutes=minutes or 0,
        )
        for owner_id, mode, site, occurred_on, minutes in journal_selectors.support_activities_of(
            list(membership_of), since
        )
    ]
    ours = everyone if team is None else [a for a in everyone if a.person in in_team[team.pk]]
    work = drafting.work_pattern(ours, t)

    def safe(people: set[int]) -> bool:
        return _safe_in_every_statement(people, in_team, team, t)

    if work is None or not safe({a.person for a in everyone}):
        return None
    modes = {
        mode: n for mode, n in work.modes.items() if safe({a.person for a in everyone if a.mode == mode})
    }
    hours = work.hours_per_site_month
    if hours is not None and not safe({a.person for a in everyone if a.site and a.minutes}):
        hours = None
    return drafting.WorkPattern(people=work.people, modes=modes, hours_per_site_month=hours)


def _safe_in_every_statement(people: set[int], in_team, team: Team | None, t: int) -> bool:
    """A figure over `people` (membership ids) may stand in the statement of `team` (None: the
    organisation's) when it is releasable together with the same figure in the organisation's
    statement and in every team's, so one statement cannot be subtracted from another."""
    family = [(None, frozenset(people))] + [
        (team_id, frozenset(people & in_team[team_id])) for team_id in sorted(in_team)
    ]
    return (team.pk if team is not None else None) in disclosure.releasable(family, t)


def _role_key(title: str) -> str:
    return " ".join((title or "").lower().split())


def _released_roles(counted, in_team, team: Team | None, t: int) -> dict[str, int]:
    """Role title → people, for the titles whose count is safe across the organisation and every
    team (so one statement cannot be subtracted from another). Nothing is said about the rest,
    not even how many they are: that would be a count over a group of any size."""
    by_role: dict[str, set[int]] = defaultdict(set)
    for membership_id, title in counted.values_list("pk", "user__role_title"):
        if _role_key(title):
            by_role[_role_key(title)].add(membership_id)
    in_statement = (lambda m: m) if team is None else (lambda m: m & in_team[team.pk])
    return {
        title: len(in_statement(members))
        for title, members in by_role.items()
        if _safe_in_every_statement(members, in_team, team, t)
    }


# -- writes ----------------------------------------------------------------------------------


def _require_lead(by, organisation: Organisation) -> None:
    if not policy.can_manage_teams(by, organisation):
        raise OfferError("Only the organisation's leads can write its support offer.")


def _clean(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").replace("\r\n", "\n").strip()
    if not title:
        raise OfferError("Give the statement a title.")
    if not body:
        raise OfferError("Write the statement: it cannot be empty.")
    if len(title) > 200:
        raise OfferError("Keep the title to 200 characters.")
    if len(body) > LONG_TEXT_MAX:
        raise OfferError(f"Keep the statement to {LONG_TEXT_MAX:,} characters.")
    return title, body + "\n"


def _free_slug(organisation: Organisation, team: Team | None) -> str:
    base = slugify(organisation.slug if team is None else f"{organisation.slug}-{team.name}")[:100] or "offer"
    taken = set(OfferStatement.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _add_version(statement, by, title: str, body: str, note: str) -> OfferVersion:
    number = (statement.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return OfferVersion.objects.create(
        statement=statement, number=number, title=title, body=body, note=note, author=by
    )


@transaction.atomic
def statement_start(*, organisation: Organisation, by, team: Team | None = None) -> OfferStatement:
    """Start the statement of the organisation (or a team of it), drafted from the profile. If it
    exists already, nothing changes and it is returned."""
    _require_lead(by, organisation)
    if team is not None and team.organisation_id != organisation.pk:
        raise OfferError("That team is not part of this organisation.")
    existing = OfferStatement.objects.filter(organisation=organisation, team=team).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            statement = OfferStatement.objects.create(
                organisation=organisation, team=team, slug=_free_slug(organisation, team)
            )
    except IntegrityError:  # started at the same moment in another tab
        return OfferStatement.objects.get(organisation=organisation, team=team)
    title, body = drafting.draft(current_framework(), team_profile(organisation, team))
    _add_version(statement, by, title, body, "Drafted from the team's profile")
    return statement


@transaction.atomic
def statement_redraft(*, statement: OfferStatement, by) -> OfferVersion:
    """A new version drafted again from today's profile; earlier versions stay."""
    _require_lead(by, statement.organisation)
    OfferStatement.objects.select_for_update().filter(pk=statement.pk).first()
    title, body = drafting.draft(current_framework(), team_profile(statement.organisation, statement.team))
    return _add_version(statement, by, title, body, "Drafted again from the team's profile")


@transaction.atomic
def version_save(*, statement: OfferStatement, by, title: str, body: str, based_on: int) -> OfferVersion:
    """Save the edited text as a new version. `based_on` is the version the page was loaded at."""
    _require_lead(by, statement.organisation)
    title, body = _clean(title, body)
    OfferStatement.objects.select_for_update().filter(pk=statement.pk).first()
    latest = statement.versions.aggregate(n=Max("number"))["n"] or 0
    if based_on != latest:
        raise OfferError(
            f"Someone saved version {latest} since you opened this page, so yours was not saved. "
            "Your text is still below: compare it with the latest version, then save again."
        )
    return _add_version(statement, by, title, body, "")


@transaction.atomic
def version_restore(*, statement: OfferStatement, by, number: int) -> OfferVersion:
    """Bring an earlier version back as the newest draft (nothing is lost: it is a new version)."""
    _require_lead(by, statement.organisation)
    OfferStatement.objects.select_for_update().filter(pk=statement.pk).first()
    old = statement.versions.filter(number=number).first()
    if old is None:
        raise OfferError("There is no such version.")
    return _add_version(statement, by, old.title, old.body, f"Restored from version {number}")


@transaction.atomic
def statement_publish(*, statement: OfferStatement, by, number: int) -> OfferStatement:
    """Publish a version (the one the lead was looking at) at the public page."""
    _require_lead(by, statement.organisation)
    version = statement.versions.filter(number=number).first()
    if version is None:
        raise OfferError("There is no such version.")
    statement.published, statement.published_at = version, timezone.now()
    statement.save(update_fields=["published", "published_at"])
    return statement


@transaction.atomic
def statement_unpublish(*, statement: OfferStatement, by) -> OfferStatement:
    _require_lead(by, statement.organisation)
    statement.published, statement.published_at = None, None
    statement.save(update_fields=["published", "published_at"])
    return statement
