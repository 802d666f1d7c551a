"""Reads for the team pages: teams, the named heat map, team statistics and team growth.

Who appears is `praxis.accounts.policy`'s (heat_map_people, members_counted_in_statistics); scores
come from `praxis.assessments.scores` (stored results of each person's latest submitted
assessment); every figure over people is released by `praxis.teams.statistics`, which asks
`praxis.scoring.disclosure`. Each read runs a fixed number of queries whatever the number of
members.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet

from praxis.accounts import policy
from praxis.accounts.models import Membership, Organisation, Role
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


def _people(viewer, organisation, team: Team | None, role: str | None) -> list[dict]:
    people = _people_queryset(viewer, organisation, team, role)
    return list(people.order_by("user__full_name", "pk").values("pk", "user_id", "user__full_name", "role"))


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
    if sort in competency_ids:
        everyone = _people_queryset(viewer, organisation, team, role).values("user_id")
        by_level = _latest(viewer, organisation, everyone, [sort])

        def level_of(person):
            latest = by_level.get(person["user_id"])
            result = latest.results.get(sort) if latest else None
            return result.level if result and result.level is not None else -1

        people.sort(key=lambda p: -level_of(p))  # stable: by name within a level
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
        total=len(people),
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
    roles: list
    team: Team | None
    role: str | None
    figures: GroupFigures | None  # None: not shown
    reason: str = ""  # why not, in plain words
    released: set = field(default_factory=set)


@dataclass
class Growth:
    threshold: int
    teams: list
    roles: list
    team: Team | None
    role: str | None
    first_end: datetime
    second_end: datetime
    first: GroupFigures | None
    second: GroupFigures | None
    reason: str = ""
    released: set = field(default_factory=set)


def _counted_people(organisation) -> tuple[dict[int, statistics.Person], list[int]]:
    """Everyone counted here (their choice), by user id, with their role and teams: two queries."""
    rows = list(policy.members_counted_in_statistics(organisation).values_list("pk", "user_id", "role"))
    places: dict[int, set[int]] = {}
    for membership_id, team_id in TeamMember.objects.filter(
        team__organisation=organisation, membership__in=policy.members_counted_in_statistics(organisation)
    ).values_list("membership_id", "team_id"):
        places.setdefault(membership_id, set()).add(team_id)
    people = {user: statistics.Person(role, frozenset(places.get(pk, ()))) for pk, user, role in rows}
    return people, [user for _, user, _ in rows]


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


def _group_owners(organisation, team: Team | None):
    """User ids of the counted members of the group chosen (a subquery)."""
    counted = policy.members_counted_in_statistics(organisation)
    if team is not None:
        counted = counted.filter(team_places__team=team)
    return counted.values("user_id")


ROLES = [value for value, _ in Role.choices]


def _refusal(t: int, size: int) -> str:
    if size < t:
        return (
            f"Fewer than {t} people in this group chose to be counted and have submitted an "
            "assessment, so nothing is shown for it."
        )
    return (
        "Not shown: together with the other groups this page offers, these figures could single "
        f"out fewer than {t} people."
    )


def team_statistics(organisation: Organisation, *, team: Team | None = None) -> Statistics:
    """Per competency, how many counted members are at each level and how many are proficient, for
    the group chosen, if the group is released (see praxis.teams.statistics). A fixed number of
    queries; the people are read as ids, the figures as grouped counts."""
    t = disclosure.threshold(organisation.min_group_size)
    framework = current_framework()
    teams = list(teams_of(organisation))
    people, _ = _counted_people(organisation)
    latest = scores.latest_assessment_ids(
        policy.members_counted_in_statistics(organisation).values("user_id")
    )
    counted = {u: p for u, p in people.items() if u in latest}
    family = statistics.groups(counted, [tm.pk for tm in teams])
    released = statistics.released(family, t)
    key = statistics.key_for(team.pk if team else None)
    members = dict(family)[key]
    result = Statistics(t, teams, [], team, None, None, released=released)
    if key in released:
        counts = scores.latest_level_counts(_group_owners(organisation, team))
        result.figures = _figures(len(members), counts, framework)
    else:
        result.reason = _refusal(t, len(members))
    return result


def team_growth(
    organisation: Organisation,
    *,
    first_end: datetime,
    second_end: datetime,
    team: Team | None = None,
) -> Growth:
    """The statistics of two periods side by side: each person's latest assessment submitted by the
    end of each period (see praxis.teams.statistics for when both may be shown)."""
    if second_end < first_end:
        first_end, second_end = second_end, first_end
    t = disclosure.threshold(organisation.min_group_size)
    framework = current_framework()
    teams = list(teams_of(organisation))
    people, _ = _counted_people(organisation)
    owners = policy.members_counted_in_statistics(organisation).values("user_id")
    before = scores.latest_assessment_ids(owners, submitted_by=first_end)
    after = scores.latest_assessment_ids(owners, submitted_by=second_end)
    team_ids = [tm.pk for tm in teams]
    family_before = statistics.groups({u: p for u, p in people.items() if u in before}, team_ids)
    family_after = statistics.groups({u: p for u, p in people.items() if u in after}, team_ids)
    changed = {u for u in after if before.get(u) != after[u]}
    released = statistics.released_growth(family_before, family_after, changed, t)
    key = statistics.key_for(team.pk if team else None)
    growth = Growth(t, teams, [], team, None, first_end, second_end, None, None, released=released)
    if key in released:
        group = _group_owners(organisation, team)
        counts_before = scores.latest_level_counts(group, submitted_by=first_end)
        counts_after = scores.latest_level_counts(group, submitted_by=second_end)
        growth.first = _figures(len(dict(family_before)[key]), counts_before, framework)
        growth.second = _figures(len(dict(family_after)[key]), counts_after, framework)
    else:
        size = len(dict(family_after)[key])
        growth.reason = (
            _refusal(t, size)
            if size < t
            else (
                "Not shown: side by side, or with the other groups this page offers, these figures could "
                f"single out fewer than {t} people (for example one person who assessed again between "
                "the two dates)."
            )
        )
    return growth
