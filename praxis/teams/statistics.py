"""Which groups the team statistics and team growth pages may show figures for. Pure: plain sets of
people in, keys out; every decision is `praxis.scoring.disclosure`'s.

The groups a page offers (its filters): the whole organisation, each team, each role, each team
with each role. Each is the set of members *counted* (they chose `counted_in_statistics` and have
a submitted assessment). The whole family, in a fixed order that does not depend on the filter
chosen, goes through `disclosure.releasable`, so no sum or difference of the figures the page can
show under any of its filters ("team A" against "the organisation", "A" against "coaches in A",
A + B − (A with B)...) pins down fewer than t people. A lead who flips through every filter sees
nothing more than the released family allows.

Counts per level. Rule 4 of the disclosure module keeps spreads out of feedback because there the
decision to hide a spread depends on the *answers* (every level's count at least t), and hiding
then says something. Here nothing is hidden per level: a released group's figures are shown for
every level, whatever the counts, and a group is released on its *membership* alone (who is
counted, not how they answered). Every figure shown, "how many at Developing" as much as "how many
proficient", is then a sum over a released set of one value per person, which is exactly what
`releasable` protects. What remains is what any count over a group says: if all of a group is at
one level, so is each of them. Members are told so, in one sentence, before they choose to be
counted (templates/teams/consent.html), and figures always cover at least t people.

Growth. Two periods give two figures per group; their difference is the sum, over the people whose
latest assessment changed between the periods (or who had none before), of their change. So a
group's two columns are shown only when its set in each period is released within that period's
family, and the set of people who *changed* is empty or released within the family of changed
sets: "only Ana submitted again since March" never turns the difference into Ana's change.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from praxis.scoring import disclosure

ALL = ("all",)


def team_key(team_id: int) -> tuple:
    return ("team", team_id)


def role_key(role: str) -> tuple:
    return ("role", role)


def team_role_key(team_id: int, role: str) -> tuple:
    return ("team-role", team_id, role)


def key_for(team_id: int | None, role: str | None) -> tuple:
    if team_id and role:
        return team_role_key(team_id, role)
    if team_id:
        return team_key(team_id)
    if role:
        return role_key(role)
    return ALL


@dataclass(frozen=True)
class Person:
    role: str
    teams: frozenset  # ids of the teams the person is in


def groups(people: Mapping[Hashable, Person], team_ids: Sequence[int], roles: Sequence[str]) -> list:
    """Every group the page offers, as (key, frozenset of people), in the fixed order of release:
    the organisation, the teams, the roles, then each team with each role."""
    family = [(ALL, frozenset(people))]
    family += [(team_key(t), frozenset(p for p, x in people.items() if t in x.teams)) for t in team_ids]
    family += [(role_key(r), frozenset(p for p, x in people.items() if x.role == r)) for r in roles]
    family += [
        (team_role_key(t, r), frozenset(p for p, x in people.items() if t in x.teams and x.role == r))
        for t in team_ids
        for r in roles
    ]
    return family


def released(family: Sequence[tuple], t: int) -> set:
    """Keys of the groups whose figures may be shown (non-empty sets only are offered)."""
    return set(disclosure.releasable([(k, s) for k, s in family if s], t))


def released_growth(before: Sequence[tuple], after: Sequence[tuple], changed: Iterable, t: int) -> set:
    """Keys of the groups whose figures may be shown for both periods side by side.

    `before` and `after`: the family of groups in each period (same keys, same order); `changed`:
    the people whose latest assessment differs between the two periods (including those who had
    none in the first)."""
    changed = frozenset(changed)
    first, second = released(before, t), released(after, t)
    changed_family = [(k, s & changed) for k, s in after]
    moved = released(changed_family, t)
    return {
        k
        for (k, s_before), (_, s_after) in zip(before, after, strict=True)
        if (k in first or not s_before) and k in second and (not (s_after & changed) or k in moved)
    }
