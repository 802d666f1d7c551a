"""Which groups the team statistics and team growth pages may show figures for. Pure: plain sets of
people in, keys out; every visibility test is `praxis.scoring.disclosure`'s.

The groups the page offers (its filter): the whole organisation and each team. Each is the set of
members *counted* (they chose `counted_in_statistics` and have a submitted assessment). The whole
family, in a fixed order that does not depend on the filter chosen, is released at once, so no sum
or difference of the figures the page can show under any filter ("team A" against "the
organisation", A + B − (A with B)...) pins down fewer than t people: a lead who flips through every
filter sees nothing more than the released family allows.

How, at 10,000 members in hundreds of teams, without checking every combination of hundreds of
sets (`disclosure.releasable` rebuilds a basis per candidate: fine for tens of sets, minutes for
hundreds):

- the organisation first, when it has at least t people (`disclosure.may_show`);
- then each team in name order, kept only while the people in no shown team (the *rest*) stay at
  least t: the organisation's figure minus the shown teams' is then a sum over at least t people
  whom no other shown figure touches, so any combination that uses the organisation's figure
  involves all of them (this is `disclosure.partition`'s rule for the total, for teams that may
  overlap);
- teams that share people are taken together (connected by shared members); a team is checked
  with `disclosure.releasable`'s own test (`isolates_few`) against the teams already shown in its
  group, which has people in common with no other group, so a combination that isolates anyone
  would have to do so inside one group. In a group of more than GROUP_EXACT teams, a team is shown
  only if it shares nobody with the shown teams of its group (disjoint sets of at least t people
  isolate nobody): safe, cheap, and rarely needed (teams seldom form one big tangle).

Counts per level. Rule 4 of the disclosure module keeps spreads out of feedback because there the
decision to hide a spread depends on the *answers* (every level's count at least t), and hiding
then says something. Here nothing is hidden per level: a released group's figures are shown for
every level, whatever the counts, and a group is released on its *membership* alone (who is
counted, not how they answered). Every figure shown, "how many at Developing" as much as "how many
proficient", is then a sum over a released set of one value per person, which is exactly what the
release protects. What remains is what any count over a group says: if all of a group is at one
level, so is each of them. Members are told so, in one sentence, before they choose to be counted
(templates/teams/consent.html), and figures always cover at least t people.

Over time. Figures are shown only as at the end of a month, never for any day a lead might pick,
and never live: two views of the same group at two moments differ by exactly the people whose part
changed in between, so "the organisation now" against "the organisation yesterday" would be the
one person who assessed today. So a group's figures at a month end are shown only when it is
*settled* there (`settled`): every change since the last month end at which it was shown has
waited until the changes waiting, across the organisation and the teams, make a family that
`released` lets out (the organisation's at least t people, each team's at least t and not given
away by the others). Then any two month ends at which a group is shown differ by nobody or by at
least t people: between them lie one or more such releases, each of t or more, and a later one only
adds people to the difference (assessments only add versions). Month ends between releases show
the same figures as the release before them, or nothing. A person counts in a team from the month
they were placed in it (`change_months`), so joining a team does not rewrite its past.

Growth. Two month ends give two figures per group; their difference is the sum, over the people
whose part changed between them, of their change. So a group's two columns are shown only when it
is settled and released at both, and the set of people who changed is released within the family
of changed sets (`released_growth`): "only Ana submitted again since March" never turns the
difference into Ana's change.

What this does not cover, said plainly: a member who stops being counted (or leaves a team) leaves
every month's figures, past ones included, so a lead who compares a past month before and after
that can see what the member's part was; and combinations across several teams *and* several
month ends are checked one release at a time, not all together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence

from praxis.scoring import disclosure

ALL = ("all",)


def team_key(team_id: int) -> tuple:
    return ("team", team_id)


def key_for(team_id: int | None) -> tuple:
    return team_key(team_id) if team_id else ALL


GROUP_EXACT = 12  # teams sharing people, up to this many, are checked exactly (disclosure.isolates_few)


def groups(people: Mapping[Hashable, frozenset], team_ids: Sequence[int]) -> list:
    """Every group the page offers, as (key, frozenset of people), in the fixed order of release:
    the organisation, then the teams. `people`: each person counted, with the ids of their teams."""
    members: dict[int, set] = {t: set() for t in team_ids}
    for person, teams in people.items():  # one pass over people, not one per team
        for t in teams:
            if t in members:
                members[t].add(person)
    return [(ALL, frozenset(people))] + [(team_key(t), frozenset(members[t])) for t in team_ids]


def _tangles(sets: Sequence[frozenset]) -> list[int]:
    """For each set, the id of its group of sets connected by shared people (union-find)."""
    parent = list(range(len(sets)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_seen: dict = {}
    for i, members in enumerate(sets):
        for person in members:
            j = first_seen.setdefault(person, i)
            if j != i:
                parent[root(i)] = root(j)
    return [root(i) for i in range(len(sets))]


def released(family: Sequence[tuple], t: int) -> set:
    """Keys of the groups whose figures may be shown: the organisation (the family's first set)
    and the teams, as the module's docstring says."""
    t = disclosure.threshold(t)
    (everyone_key, everyone), teams = family[0], [(k, s) for k, s in family[1:] if s]
    if not disclosure.may_show(len(everyone), t):
        return set()
    shown = {everyone_key}
    rest = set(everyone)  # people in no shown team
    tangle = _tangles([s for _, s in teams])
    size = Counter(tangle)
    chosen: dict[int, list[frozenset]] = {}
    for (key, members), group in zip(teams, tangle, strict=True):
        if not disclosure.may_show(len(members), t):
            continue
        if not disclosure.may_show(len(rest - members), t):
            continue
        earlier = chosen.setdefault(group, [])
        if size[group] > 1:
            if size[group] > GROUP_EXACT:
                if any(members & other for other in earlier):
                    continue
            elif disclosure.isolates_few([*earlier, members], t):
                continue
        earlier.append(members)
        rest -= members
        shown.add(key)
    return shown


def released_growth(before: Sequence[tuple], after: Sequence[tuple], changed: Iterable, t: int) -> set:
    """Keys of the groups whose figures may be shown for both periods side by side.

    `before` and `after`: the family of groups in each period (same keys, same order); `changed`:
    the people whose latest assessment differs between the two periods (including those who had
    none in the first)."""
    changed = frozenset(changed)
    first, second = released(before, t), released(after, t)
    moved = released([(k, s & changed) for k, s in after], t)
    return {
        k
        for (k, s_before), (_, s_after) in zip(before, after, strict=True)
        if (k in first or not s_before) and k in second and (not (s_after & changed) or k in moved)
    }


def change_months(submitted: Iterable[int], entered: int | None) -> set[int]:
    """The months (indices) at whose end a person's part in one group's figures differs from the
    month before: when they entered the group (if they had an assessment by then), and each month
    they submitted one afterwards. `entered`: the month they joined it, None for always."""
    submitted = set(submitted)
    if entered is None:
        return submitted
    return {m for m in submitted if m > entered} | (
        {entered} if any(m <= entered for m in submitted) else set()
    )


def settled(
    changes: Mapping[Hashable, Mapping[tuple, Iterable[int]]], team_ids: Sequence[int], months: int, t: int
):
    """For each month end 0 … months − 1, the keys whose figures may be shown at it as far as time
    goes (the module's docstring, "Over time"): a list of frozensets.

    `changes[person][key]`: the months in which that person's part in that group's figures changed
    (`change_months`). A group's changes wait (*pending*) until the groups with changes waiting, as
    one family in the page's order, are released together (`released`: the organisation's own
    waiting changes at least t, each team's at least t and not given away by the others); then the
    group is settled, and stays settled until one of its members changes again."""
    by_month: list[list[tuple[Hashable, Iterable[tuple]]]] = [[] for _ in range(months)]
    for person, keys in changes.items():
        for key, in_months in keys.items():
            for m in set(in_months):
                if 0 <= m < months:
                    by_month[m].append((person, key))
    order = [ALL] + [team_key(t_id) for t_id in team_ids]
    pending: dict[tuple, set] = {}
    now_settled: set = set()
    result = []
    for changed in by_month:
        for person, key in changed:
            pending.setdefault(key, set()).add(person)
            now_settled.discard(key)
        if changed:
            family = [(key, frozenset(pending.get(key, ()))) for key in order if key is ALL or key in pending]
            for key in released(family, t):
                now_settled.add(key)
                pending.pop(key, None)
        result.append(frozenset(now_settled))
    return result
