"""Reads for the team pages: teams, the named heat map, team statistics and team growth.

Who appears is `praxis.accounts.policy`'s (heat_map_people, members_counted_in_statistics); scores
come from `praxis.assessments.scores` (stored results of each person's latest submitted
assessment); every figure over people is released by `praxis.teams.statistics`, which asks
`praxis.scoring.disclosure`. Each read runs a fixed number of queries whatever the number of
members.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.utils import timezone

from praxis.accounts import policy
from praxis.accounts.models import Membership, Organisation
from praxis.assessments import scores
from praxis.assessments.models import Kind
from praxis.core.frameworks import current_framework, framework_for_version
from praxis.framework import Framework
from praxis.scoring import Status, disclosure

from . import statistics
from .models import Team, TeamMember

HEAT_MAP_PER_PAGE = 40  # people per page of the heat map: a screenful or two

NOT_SCORED = "not-scored"  # too few answers, or nothing stored
NOT_APPLICABLE = "not-applicable"


def teams_of(organisation: Organisation) -> QuerySet[Team]:
    return Team.objects.filter(organisation=organisation).order_by("name")


def team_in(organisation: Organisation, team_id) -> Team | None:
    return teams_of(organisation).filter(pk=team_id).first() if team_id else None


def team_members(team: Team) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(team_places__team=team).select_related("user").order_by("user__full_name")
    )


def members_not_in(team: Team) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation_id=team.organisation_id)
        .exclude(team_places__team=team)
        .select_related("user")
        .order_by("user__full_name")
    )


def team_sizes(organisation: Organisation) -> dict[int, int]:
    return dict(teams_of(organisation).annotate(n=Count("members")).values_list("pk", "n").order_by())


# -- the heat map -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    competency_id: str
    text: str  # the level's name, "N/A" or "Not scored": never colour alone
    css: str  # heat-4, heat-na, heat-none
    level: int | None = None


@dataclass(frozen=True)
class HeatRow:
    membership_id: int
    user_id: int
    name: str
    role: str
    latest: scores.LatestResults | None
    cells: tuple[Cell, ...]

    @property
    def submitted_at(self) -> datetime | None:
        return self.latest.submitted_at if self.latest else None


@dataclass
class HeatMap:
    domains: list  # (Domain, [Competency])
    competencies: list
    rows: list[HeatRow]
    page: object  # a Paginator page of people
    total: int
    levels: list  # (value, label) of the scale, lowest first
    sort: str | None = None
    team: Team | None = None
    role: str | None = None


def cell_for(framework: Framework, competency_id: str, result: scores.StoredResult | None) -> Cell:
    if result is None or result.score.status == Status.NOT_ENOUGH or result.level is None:
        if result is not None and result.score.status == Status.NOT_APPLICABLE:
            return Cell(competency_id, "N/A", "heat-na")
        return Cell(competency_id, "Not scored", "heat-none")
    label = next((lv.label for lv in framework.scale.levels if lv.value == result.level), str(result.level))
    return Cell(competency_id, label, f"heat-{result.level}", result.level)


def _people_queryset(viewer, organisation, team: Team | None, role: str | None) -> QuerySet[Membership]:
    people = policy.heat_map_people(viewer, organisation)
    if team is not None:
        people = people.filter(team_places__team=team)
    if role:
        people = people.filter(role=role)
    return people


def _people(viewer, organisation, team: Team | None, role: str | None):
    """The people as plain rows in name order, still a query: a page of them is read as a slice."""
    people = _people_queryset(viewer, organisation, team, role)
    return people.order_by("user__full_name", "pk").values("pk", "user_id", "user__full_name", "role")


def _latest(viewer, organisation, user_ids, competency_ids=None) -> dict[int, scores.LatestResults]:
    """Each person's latest assessment the viewer may see on the heat map: any submitted one of
    those who named themselves to the leads (viewer a lead), else the latest shared with the viewer.
    `user_ids`: a list, or a queryset of user ids kept as a subquery (thousands, when sorting)."""
    named = policy.heat_map_named_owner_ids(viewer, organisation).filter(user_id__in=user_ids)
    found = scores.latest_results_of(named, competency_ids=competency_ids)
    supervised = (
        policy.heat_map_supervisee_owner_ids(viewer, organisation)
        .filter(user_id__in=user_ids)
        .exclude(user_id__in=named)
    )
    return found | scores.latest_results_of(supervised, visible_to=viewer, competency_ids=competency_ids)


def heat_map(
    viewer,
    organisation: Organisation,
    *,
    team: Team | None = None,
    role: str | None = None,
    sort: str | None = None,
    page_number: int = 1,
    per_page: int = HEAT_MAP_PER_PAGE,
):
    framework = current_framework()
    competency_ids = [c.id for c in framework.competencies]
    people = _people(viewer, organisation, team, role)
    if sort in competency_ids:  # every person's level is needed to order them: read all of them
        everyone = _people_queryset(viewer, organisation, team, role).values("user_id")
        by_level = _latest(viewer, organisation, everyone, [sort])

        def level_of(person):
            latest = by_level.get(person["user_id"])
            result = latest.results.get(sort) if latest else None
            return result.level if result and result.level is not None else -1

        people = sorted(people, key=lambda p: -level_of(p))  # stable: by name within a level
    else:
        sort = None
    page = Paginator(people, per_page).get_page(page_number)
    latest = _latest(viewer, organisation, [p["user_id"] for p in page.object_list])
    rows = []
    for person in page.object_list:
        found = latest.get(person["user_id"])
        used = found.framework if found else framework
        cells = tuple(
            cell_for(used, cid, found.results.get(cid) if found else None) for cid in competency_ids
        )
        rows.append(
            HeatRow(person["pk"], person["user_id"], person["user__full_name"], person["role"], found, cells)
        )
    return HeatMap(
        domains=[(d, list(d.competencies)) for d in framework.domains],
        competencies=list(framework.competencies),
        rows=rows,
        page=page,
        total=page.paginator.count,
        levels=[(lv.value, lv.label) for lv in framework.scale.levels],
        sort=sort,
        team=team,
        role=role,
    )


@dataclass(frozen=True)
class ActivityRow:
    name: str
    kind: str | None  # the assessment's kind, None when there is none to show
    cells: tuple[Cell, ...]  # one per key activity (full assessments only)


def competency_activities(viewer, organisation, competency, *, team=None, role=None, page_number: int = 1):
    """One competency's key activities for the same people as the heat map (same filters, same
    page size): the level each gave each key activity in their latest full assessment shown."""
    people = _people(viewer, organisation, team, role)
    page = Paginator(people, HEAT_MAP_PER_PAGE).get_page(page_number)
    latest = _latest(viewer, organisation, [p["user_id"] for p in page.object_list], [competency.id])
    full = [r.assessment_id for r in latest.values() if r.kind == Kind.FULL]
    activity_ids = [a.id for a in competency.key_activities]
    answers = scores.answers_of_many(full, activity_ids)
    rows = []
    for person in page.object_list:
        found = latest.get(person["user_id"])
        if found is None or found.kind != Kind.FULL:
            rows.append(ActivityRow(person["user__full_name"], found.kind if found else None, ()))
            continue
        framework = framework_for_version(found.framework_version_id)
        given = answers.get(found.assessment_id, {})
        cells = []
        for activity_id in activity_ids:
            if activity_id not in given:
                cells.append(Cell(activity_id, "Not answered", "heat-none"))
            elif given[activity_id] is None:
                cells.append(Cell(activity_id, "N/A", "heat-na"))
            else:
                level = given[activity_id]
                label = next((lv.label for lv in framework.scale.levels if lv.value == level), str(level))
                cells.append(Cell(activity_id, label, f"heat-{level}", level))
        rows.append(ActivityRow(person["user__full_name"], found.kind, tuple(cells)))
    return page, rows


# -- team statistics and growth ----------------------------------------------------------------


@dataclass(frozen=True)
class CompetencyCounts:
    competency: object
    at_level: tuple[tuple[str, int], ...]  # (level label, how many), lowest first
    not_scored: int  # N/A, too few answers, or nothing stored
    proficient: int


@dataclass
class GroupFigures:
    people: int
    competencies: list[CompetencyCounts]


@dataclass
class Statistics:
    threshold: int
    teams: list
    team: Team | None
    as_at: datetime | None  # the month end the figures are for (None: nothing to show yet)
    figures: GroupFigures | None  # None: not shown
    reason: str = ""  # why not, in plain words
    released: set = field(default_factory=set)


@dataclass
class Growth:
    threshold: int
    teams: list
    team: Team | None
    months: list[tuple[datetime, bool]]  # the month ends a lead may choose, latest first: (end, settled)
    first_end: datetime | None
    second_end: datetime | None
    first: GroupFigures | None
    second: GroupFigures | None
    reason: str = ""
    released: set = field(default_factory=set)


# -- month ends: figures are never shown for a day of the lead's choosing (statistics.py) --------


def month_index(moment: datetime) -> int:
    """Year × 12 + month − 1, in the site's time zone: months end at local midnight."""
    moment = timezone.localtime(moment)
    return moment.year * 12 + moment.month - 1


def month_end(index: int) -> datetime:
    """The last moment of a month, as the bound `submitted_by` takes."""
    year, month = divmod(index + 1, 12)
    return timezone.make_aware(datetime(year, month + 1, 1)) - timedelta(microseconds=1)


@dataclass
class _History:
    """Who is counted, in which teams since which month, and the months of their submissions:
    three queries, then everything over time is worked out from these."""

    first: int | None  # the month of the first submission of anyone counted
    last: int  # the last month that has ended
    team_ids: list[int]
    entered: dict[int, dict[int, int]]  # user → team → month placed in it
    submitted: dict[int, list[tuple[int, int]]]  # user → (month submitted, assessment id), in order

    def months(self) -> list[int]:
        return list(range(self.first, self.last + 1)) if self.first is not None else []

    def latest(self, user: int, month: int) -> int | None:
        """The assessment that counts for `user` at the end of `month`."""
        found = None
        for submitted_in, pk in self.submitted.get(user, ()):
            if submitted_in > month:
                break
            found = pk
        return found

    def family(self, month: int) -> tuple[list, dict[int, int]]:
        """The groups at the end of `month` (statistics.groups) and who counts with which assessment."""
        latest = {u: a for u in self.submitted if (a := self.latest(u, month)) is not None}
        people = {
            u: frozenset(t for t, since in self.entered.get(u, {}).items() if since <= month) for u in latest
        }
        return statistics.groups(people, self.team_ids), latest

    def settled(self, t: int) -> dict[int, frozenset]:
        """For each month, the groups settled at its end (statistics.settled)."""
        months = self.months()
        if not months:
            return {}
        changes = {}
        for user, submissions in self.submitted.items():
            done = [submitted_in - self.first for submitted_in, _ in submissions]
            keys = {statistics.ALL: done}
            for team_id, since in self.entered.get(user, {}).items():
                entered = max(since - self.first, -1)  # placed before the first month: from the start
                keys[statistics.team_key(team_id)] = statistics.change_months(done, entered)
            changes[user] = keys
        found = statistics.settled(changes, self.team_ids, len(months), t)
        return {self.first + i: keys for i, keys in enumerate(found)}


def _history(organisation: Organisation, teams: list[Team]) -> _History:
    counted = policy.members_counted_in_statistics(organisation)
    users = dict(counted.values_list("pk", "user_id"))
    places = list(
        TeamMember.objects.filter(team__organisation=organisation, membership__in=counted).values_list(
            "membership_id", "team_id", "added_at"
        )
    )
    rows = scores.submitted_of(counted.values("user_id"))
    last = month_index(timezone.now()) - 1
    moments = [at for _, at, _ in rows] + [at for _, _, at in places]
    start = month_index(min(moments)) if moments else last
    # Months by bisecting the month ends' timestamps: one time zone conversion per month, not per row.
    ends = [month_end(m).timestamp() for m in range(start, last + 1)]

    def month_of(moment: datetime) -> int:
        return start + bisect_left(ends, moment.timestamp())

    entered: dict[int, dict[int, int]] = {}
    for membership_id, team_id, added_at in places:
        entered.setdefault(users[membership_id], {})[team_id] = month_of(added_at)
    submitted: dict[int, list[tuple[int, int]]] = {}
    for owner_id, submitted_at, pk in rows:
        submitted.setdefault(owner_id, []).append((month_of(submitted_at), pk))
    first = min((s[0][0] for s in submitted.values()), default=None)
    if first is not None and first > last:
        first = None  # nothing counted before this month: no month end to show yet
    return _History(first, last, [tm.pk for tm in teams], entered, submitted)


def _figures(size: int, counts: dict[str, dict], framework: Framework) -> GroupFigures:
    """The figures of one released group of `size` people from its grouped counts."""
    levels = [(lv.value, lv.label) for lv in framework.scale.levels]
    result = []
    for competency in framework.competencies:
        found = counts.get(competency.id, {})
        at_level = tuple((label, found.get(value, 0)) for value, label in levels)
        scored = sum(n for _, n in at_level)
        result.append(CompetencyCounts(competency, at_level, size - scored, found.get("proficient", 0)))
    return GroupFigures(size, result)


def _counts(organisation, team: Team | None, month: int) -> dict[str, dict]:
    """The grouped counts of the group chosen at the end of `month`: its counted members (placed
    in the team by then), each with their latest assessment submitted by then."""
    end = month_end(month)
    counted = policy.members_counted_in_statistics(organisation)
    if team is not None:
        counted = counted.filter(team_places__team=team, team_places__added_at__lte=end)
    return scores.latest_level_counts(counted.values("user_id"), submitted_by=end)


def _refusal(t: int, size: int) -> str:
    if size < t:
        return (
            f"Fewer than {t} people in this group chose to be counted and had submitted an "
            "assessment by then, so nothing is shown for it."
        )
    return (
        "Not shown: together with the other groups this page offers, these figures could single "
        f"out fewer than {t} people."
    )


NOT_SETTLED = (
    "Not shown for these months: at one of them, fewer than {t} people in this group (or too few "
    "outside it) had assessed again or joined since its figures were last shown. Figures are shown "
    "at a month end only once enough have, so that no two months can be compared to single anyone "
    "out. Try other months."
)


def team_statistics(organisation: Organisation, *, team: Team | None = None) -> Statistics:
    """Per competency, how many counted members are at each level and how many are proficient, for
    the group chosen, as at the latest month end at which it may be shown (see
    praxis.teams.statistics). A fixed number of queries; figures are grouped counts."""
    t = disclosure.threshold(organisation.min_group_size)
    teams = list(teams_of(organisation))
    history = _history(organisation, teams)
    key = statistics.key_for(team.pk if team else None)
    result = Statistics(t, teams, team, None, None)
    settled = history.settled(t)
    candidates = [m for m in reversed(history.months()) if key in settled[m]]
    if not candidates:
        result.reason = (
            "Nothing to show for this group yet. Figures appear at the end of a month, once at least "
            f"{t} people in it chose to be counted and have submitted an assessment, and together "
            "with the other groups they single nobody out."
        )
        return result
    month = candidates[0]
    family, _ = history.family(month)
    size = len(dict(family)[key])
    result.released = statistics.released(family, t)
    result.as_at = month_end(month)
    if key in result.released:
        result.figures = _figures(size, _counts(organisation, team, month), current_framework())
    else:
        result.reason = _refusal(t, size)
    return result


def team_growth(
    organisation: Organisation,
    *,
    first: int | None = None,
    second: int | None = None,
    team: Team | None = None,
) -> Growth:
    """The statistics at two month ends side by side (month indices, see `month_index`; by default
    a year apart, ending with the last month that has ended): each counted person's latest
    assessment submitted by each. Both columns only when the group is shown at both month ends and
    the change between them singles nobody out (praxis.teams.statistics)."""
    t = disclosure.threshold(organisation.min_group_size)
    teams = list(teams_of(organisation))
    history = _history(organisation, teams)
    months = history.months()
    key = statistics.key_for(team.pk if team else None)
    settled = history.settled(t)
    choices = [(month_end(m), key in settled[m]) for m in reversed(months)]
    growth = Growth(t, teams, team, choices, None, None, None, None)
    if not months:
        growth.reason = "Nothing to compare yet: figures appear at the end of each month."
        return growth
    # by default the latest month end at which the group is shown, and the first one within a year
    # before it (else the year's first month end): the pair most likely to be shown
    shown = [m for m in months if key in settled[m]] or months
    second = second if second in months else shown[-1]
    a_year_before = max(months[0], second - 12)
    first = first if first in months else next((m for m in shown if m >= a_year_before), a_year_before)
    first, second = sorted((first, second))
    growth.first_end, growth.second_end = month_end(first), month_end(second)
    family_before, before = history.family(first)
    family_after, after = history.family(second)
    placed = {
        u for u in after if any(first < since <= second for since in history.entered.get(u, {}).values())
    }
    changed = {u for u in after if before.get(u) != after[u]} | placed
    released = statistics.released_growth(family_before, family_after, changed, t)
    growth.released = {k for k in released if k in settled[first] and k in settled[second]}
    if key in growth.released:
        framework = current_framework()
        growth.first = _figures(len(dict(family_before)[key]), _counts(organisation, team, first), framework)
        growth.second = _figures(len(dict(family_after)[key]), _counts(organisation, team, second), framework)
    elif (size := len(dict(family_after)[key])) < t:
        growth.reason = _refusal(t, size)
    elif key in released:
        growth.reason = NOT_SETTLED.format(t=t)
    else:
        growth.reason = (
            "Not shown: side by side, or with the other groups this page offers, these figures could "
            f"single out fewer than {t} people (for example one person who assessed again between "
            "the two month ends)."
        )
    return growth
