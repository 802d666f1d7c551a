"""Where the team is thin: per competency, how many people are proficient, and whether a gap is
being closed (how many people are working on it in a development plan). Issue 11.4.

Who counts as a proficient person is NAMED data only, the same people the viewer sees on the heat
map (`praxis.accounts.policy.heat_map_people`): for a lead, members who chose to be named to the
organisation's leads (their latest submitted assessment); for a supervisor, their confirmed
supervisees who shared an assessment with them (the latest one shared). So every number here is a
count of people the viewer could open one by one; nothing is inferred from anyone else.

"Working on it" is different: it counts plans, and a plan is shared with supervisors only.
- A supervisor counts the plans they may read (`owned_or_shared`, through the development app's
  public selector), by name anyway.
- A lead cannot read plans. They see how many members, among those who both shared an unfinished
  plan with the organisation and chose to count in team statistics, have the competency as a
  focus, without names and only where `praxis.scoring.disclosure.releasable` allows it across the
  organisation and every team (the page's filters), so no difference between two filters gives a
  smaller group away. Elsewhere it says "fewer than t".

Query count does not grow with members: the consented people (2 queries per route), their plans
(1), team places (1), the teams (1).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import Enum

from praxis.accounts import policy
from praxis.accounts.models import Organisation
from praxis.assessments import scores
from praxis.core.frameworks import current_framework
from praxis.development.selectors import shared_focuses_in
from praxis.framework import Competency
from praxis.scoring import disclosure

from .models import Team, TeamMember


class Cover(Enum):
    """How many named people are proficient in a competency, as the page flags it."""

    NO_ONE = 0
    ONE = 1
    TWO = 2
    THREE_OR_MORE = 3

    @property
    def label(self) -> str:
        return {0: "No one", 1: "One person", 2: "Two people", 3: "Three or more"}[self.value]

    @property
    def meaning(self) -> str:
        return {
            0: "Nobody you can see is proficient here: the team cannot offer this with confidence yet.",
            1: "A single point of failure: if this person leaves or is away, nobody you can see "
            "is proficient here, and the work that needs it stops or waits.",
            2: "Thin: one absence leaves a single person carrying it.",
            3: "Covered by three or more people.",
        }[self.value]


def cover_of(proficient: int) -> Cover:
    return Cover(min(max(proficient, 0), 3))


@dataclass(frozen=True)
class Planners:
    """How many people have the competency as a plan focus, as far as the viewer may know."""

    count: int | None  # None: not shown (too few, or it would show a small group by difference)
    at_least: int  # the threshold, for "fewer than t"

    @property
    def shown(self) -> bool:
        return self.count is not None


@dataclass(frozen=True)
class GapRow:
    competency: Competency
    domain_name: str
    proficient: int
    planners: Planners

    @property
    def cover(self) -> Cover:
        return cover_of(self.proficient)

    @property
    def thin(self) -> bool:
        return self.cover is not Cover.THREE_OR_MORE


@dataclass(frozen=True)
class GapsPage:
    organisation: Organisation
    team: Team | None
    teams: list[Team]
    rows: list[GapRow]  # framework order
    people: int  # named people with a submitted assessment, in the filter
    as_lead: bool
    threshold: int

    @property
    def thin(self) -> list[GapRow]:
        return most_urgent_first(self.rows)


def most_urgent_first(rows: list[GapRow]) -> list[GapRow]:
    """The thin rows, most urgent first: nobody before one person before two; among equals, a gap
    nobody is known to be closing (no plan focus shown) before one being worked on; then the
    framework's order."""
    order = {id(row): i for i, row in enumerate(rows)}
    return sorted(
        (row for row in rows if row.thin),
        key=lambda row: (row.cover.value, row.planners.count or 0, order[id(row)]),
    )


def _named_results(viewer, organisation: Organisation, team_user_ids) -> dict[int, scores.LatestResults]:
    """Latest results of the people the viewer sees by name here (in the team, when given)."""
    named = policy.heat_map_named_owner_ids(viewer, organisation)
    supervised = policy.heat_map_supervisee_owner_ids(viewer, organisation)
    if team_user_ids is not None:
        named = named.filter(user_id__in=team_user_ids)
        supervised = supervised.filter(user_id__in=team_user_ids)
    results = scores.latest_results_of(supervised, visible_to=viewer)
    results.update(scores.latest_results_of(named))  # as a lead: their latest, by their consent
    return results


def _planner_counts(viewer, organisation: Organisation, teams: list[Team], t: int, as_lead: bool):
    """competency id → {None (the organisation) or team pk → Planners}."""
    places = TeamMember.objects.filter(team__organisation=organisation).values_list(
        "team_id", "membership__user_id"
    )
    in_team: dict[int, set[int]] = defaultdict(set)
    for team_id, user_id in places:
        in_team[team_id].add(user_id)
    counts: dict[str, dict[int | None, Planners]] = defaultdict(dict)
    if as_lead:
        counted = set(policy.members_counted_in_statistics(organisation).values_list("user_id", flat=True))
        focuses = {(o, c) for o, c in shared_focuses_in(organisation) if o in counted}
    else:
        focuses = shared_focuses_in(organisation, viewer=viewer)
    by_competency: dict[str, set[int]] = defaultdict(set)
    for owner_id, competency_id in focuses:
        by_competency[competency_id].add(owner_id)
    for competency_id, owners in by_competency.items():
        sets = [(None, frozenset(owners))] + [
            (team.pk, frozenset(owners & in_team[team.pk])) for team in teams
        ]
        # a supervisor reads each of these plans by name: nothing to protect from them
        released = set(disclosure.releasable(sets, t)) if as_lead else {key for key, _ in sets}
        for key, members in sets:
            counts[competency_id][key] = Planners(len(members) if key in released else None, t)
    return counts, in_team


def gaps_page(viewer, organisation: Organisation, team: Team | None = None) -> GapsPage:
    """The gaps page of `organisation` for `viewer` (who may view team pages there), for the whole
    organisation or one of its teams. A fixed number of queries, whatever the number of members."""
    framework = current_framework()
    teams = list(Team.objects.filter(organisation=organisation))
    as_lead = policy.can_manage_organisation(viewer, organisation)
    t = disclosure.threshold(organisation.min_group_size)
    planners, in_team = _planner_counts(viewer, organisation, teams, t, as_lead)
    team_user_ids = (
        TeamMember.objects.filter(team=team).values("membership__user_id") if team is not None else None
    )
    results = _named_results(viewer, organisation, team_user_ids)
    proficient: dict[str, int] = defaultdict(int)
    for latest in results.values():
        for competency_id, result in latest.results.items():
            if result.proficient:
                proficient[competency_id] += 1
    key = team.pk if team is not None else None
    nobody = Planners(0 if not as_lead else None, t)
    rows = [
        GapRow(
            competency=competency,
            domain_name=domain.name,
            proficient=proficient[competency.id],
            planners=planners.get(competency.id, {}).get(key, nobody),
        )
        for domain in framework.domains
        for competency in domain.competencies
    ]
    return GapsPage(organisation, team, teams, rows, len(results), as_lead, t)
