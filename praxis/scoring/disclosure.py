"""Disclosure control: the one place that decides whether something computed over other people
may be shown — a figure, a count, a spread or a comment — on any page or in any export.

Feedback uses it today (``praxis.scoring.feedback`` and the round page's counts); team statistics
and cohort reports are meant to use the same functions. Pure: plain numbers in, plain answers out.

Rules, and why:

1. **A floor of 3.** ``threshold(organisation_value)`` is the organisation's minimum group size,
   never below ``FLOOR = 3`` whatever is stored: with two people, each can work out the other's
   answer from the pair's figure, and the most trusted 360 tools use 3. The floor is applied here,
   at the moment of showing, so no stored setting can lower it.

2. **Every visibility test is "at least t people did this".** A figure over a set appears only
   when the set has at least ``t`` members (``may_show``). Decisions of the form "nobody else did
   this" or "fewer than t did" are never taken over a set that could hold fewer than ``t``
   people: such a decision would, for a set of one, say whether that one person answered. That is
   why "All others" is decided on *raters* for the whole round before it is decided per item
   (see ``praxis.scoring.feedback``), and why the round page shows "at least t" instead of a
   running count.

3. **No figure by difference.** Two figures that may each be shown can still give away the
   people in one and not the other: (all others) − (peers) is the people who are not peers.
   ``partition`` takes disjoint parts (groups of raters, teams, cohorts) and their total and
   shows the total only where the remainder — the parts that are not shown, taken together —
   is itself at least ``t``, or provably empty. ``releasable`` does the same for any family of
   overlapping sets, exactly: no sum or difference of the released figures, however many are
   combined and with whatever weights, depends on fewer than ``t`` people (``isolates_few``):
   not a small set's sum (A + B − A∪B is A∩B), and not a difference between a few people
   either (two teams that differ by one member each way give one member's answer minus the
   other's, and for counts per level, both their levels). Counts follow the same rule as the
   figures they belong to, because a count is a figure too (the sum of "answered").

4. **Spreads are not shown.** A spread (how many chose each level) can be shown safely only if
   every level's count is itself at least ``t`` — but whether it is shown then depends on the
   answers, and the hiding says something too: an owner who controls all but one rater of a
   group knows every count but one, so "spread hidden" tells them the real rater chose a level
   that differs from theirs, and "spread shown" tells them which level. A spread also says more
   than a mean about the unknown raters (their levels, not just their sum). The mean and the
   number who answered say what is worth saying; ``safe_spread`` always answers ``None`` and
   exists so that a page that wants one asks here, and finds the reason.

5. **Consent is not a size.** People who chose to be named (a supervisor) are ``exempt``: their
   figure may be shown at any size, and they are left out of everyone else's remainder, because
   their answers are known anyway.

What this module cannot do, said plainly so nobody relies on it for that: if the person who
reads a figure also controls all but one of the people it counts (an owner who invites two
addresses of their own into a group of three), the figure gives that one person away, because
the reader can subtract what they know. No rule on *showing* can stop that without hiding every
figure. Praxis makes it costly instead: the reader needs ``t − 1`` ≥ 2 accomplice raters in the
same shown group (never fewer: nothing shown isolates a smaller set, and spreads are not shown),
rater addresses must be distinct and not the owner's, an organisation can have a supervisor
approve every rater list, and raters are told in plain words what protects them and what does
not. The property tests check exactly this boundary.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

FLOOR = 3  # Praxis's minimum group size; no setting goes below it

K = TypeVar("K", bound=Hashable)


def threshold(organisation_value: int | None = None) -> int:
    """The minimum group size in force: the organisation's, never below FLOOR."""
    try:
        value = int(organisation_value) if organisation_value is not None else FLOOR
    except (TypeError, ValueError):
        value = FLOOR
    return max(FLOOR, value)


def may_show(n: int, t: int) -> bool:
    """A figure over ``n`` people may be shown: at least ``t`` of them (and ``t`` floored)."""
    return n >= max(FLOOR, t)


def safe_remainder(n: int, t: int) -> bool:
    """A difference between two shown figures is safe when it isolates nobody or at least t."""
    return n == 0 or may_show(n, t)


def safe_spread(counts: Mapping[int, int], t: int) -> None:
    """Spreads are never shown; see rule 4 in the module's docstring."""
    return None


@dataclass(frozen=True)
class Partition(Generic[K]):
    """What may be shown of disjoint parts and their total."""

    shown: dict[K, int]  # parts that may be shown, with their size
    rest: int | None  # the other parts together: shown only if ≥ t, or 0 when provably empty
    total: int | None  # shown only when it reveals nothing by difference


def partition(
    parts: Mapping[K, int],
    t: int,
    *,
    exempt: Iterable[K] = (),
    never: Iterable[K] = (),
    possible: Mapping[K, int] | None = None,
) -> Partition[K]:
    """Which of disjoint ``parts`` (name → how many) and their total may be shown.

    A part is shown when it has at least ``t`` members, or is ``exempt`` (consented, known);
    a part in ``never`` is not shown on its own at any size. The rest — the parts not shown,
    together — is shown when it has at least ``t`` members; it is 0 (and shown) only when
    ``possible`` (how many *could* be in each part, e.g. invited) proves it empty, never merely
    because it happens to be empty: "nobody in the rest" is a statement about people who may be
    fewer than ``t``. The total is shown exactly when the rest is, since total − shown = rest.
    """
    t = threshold(t)
    exempt, never = set(exempt), set(never)
    shown = {k: n for k, n in parts.items() if k not in never and (k in exempt or may_show(n, t))}
    rest = sum(n for k, n in parts.items() if k not in shown)
    hidden_keys = [k for k in (possible or parts) if k not in shown]
    could_be_empty_by_design = possible is not None and sum(possible[k] for k in hidden_keys) == 0
    if may_show(rest, t):
        shown_rest: int | None = rest
    elif could_be_empty_by_design:
        shown_rest = 0
    else:
        shown_rest = None
    total = None if shown_rest is None else sum(shown.values()) + shown_rest
    return Partition(shown, shown_rest, total)


def releasable(sets: Sequence[tuple[K, frozenset]], t: int, *, known: frozenset = frozenset()) -> list[K]:
    """Which of a family of (possibly overlapping) sets of people may each have a figure shown.

    Taken greedily in the order given (put the most useful first). A set is released when it has
    at least ``t`` members the reader does not already know and when, together with the sets
    released before it, no combination of the figures — any sums and differences, not only two at
    a time: (A + B − A∪B) is A∩B — pins down a group of 1 to ``t − 1`` unknown people. ``known``
    are people whose answers the reader may know (named supervisors, or in a test the owner's own
    accomplices).
    """
    t = threshold(t)
    known = frozenset(known)
    chosen: list[tuple[K, frozenset]] = []
    for key, members in sets:
        if may_show(len(members - known), t) and not isolates_few(
            [s for _, s in chosen] + [members], t, known
        ):
            chosen.append((key, members))
    return [key for key, _ in chosen]


def isolates_few(family: Sequence[frozenset], t: int, known: frozenset = frozenset()) -> bool:
    """Whether some combination of the sums over ``family`` (with ``known`` people's answers known),
    sums and differences with any weights, depends on the answers of 1 to ``t − 1`` unknown people
    only. Not only a small set's sum: A − B, where A and B differ by one person each, is one
    person's answer minus another's, and for counts per level it names both their levels.

    Exact, by linear algebra over the *atoms* (unknown people who are in exactly the same sets):
    every combination is constant on an atom, so it depends on whole atoms, and only atoms of fewer
    than ``t`` people can make a small support. A depth-first search over those atoms looks for a
    nonzero combination that vanishes on every other atom (see ``_light_combination``).
    """
    t = threshold(t)
    known = frozenset(known)
    sets = [frozenset(s) - known for s in family]  # a known answer can be subtracted from any sum
    atoms: dict[tuple[bool, ...], int] = {}
    for person in frozenset().union(*sets) if sets else ():
        signature = tuple(person in s for s in sets)
        atoms[signature] = atoms.get(signature, 0) + 1
    rows = _independent_rows([[int(signature[k]) for signature in atoms] for k in range(len(sets))])
    sizes = list(atoms.values())
    return _light_combination(rows, sizes, t)


# Arithmetic modulo a prime instead of over the rationals: exact for our 0/1 families (their ranks
# modulo P equal their rational ranks below about 25 sets, where determinants stay under P), and
# beyond that it can only find more combinations, never fewer: a rational combination cleared of
# denominators and common factors stays nonzero modulo P. So an error refuses, it never releases.
_P = (1 << 61) - 1
SEARCH_LIMIT = 200_000  # steps of the search; past it the family is refused as "cannot tell"


def _independent_rows(rows: list[list[int]]) -> list[list[int]]:
    """A basis of the row space, in echelon form, modulo P."""
    basis: dict[int, list[int]] = {}  # pivot column → row with 1 there
    for row in rows:
        row = [a % _P for a in row]
        for pivot, b in basis.items():
            if row[pivot]:
                f = row[pivot]
                row = [(a - f * x) % _P for a, x in zip(row, b, strict=True)]
        pivot = next((i for i, a in enumerate(row) if a), None)
        if pivot is not None:
            inverse = pow(row[pivot], _P - 2, _P)
            basis[pivot] = [a * inverse % _P for a in row]
    return list(basis.values())


def _light_combination(rows: list[list[int]], sizes: list[int], t: int) -> bool:
    """Whether some nonzero combination y·rows is zero on every column but a few whose sizes sum
    to less than ``t``. The combinations that vanish on a column are those with y ⟂ that column,
    so the search carries the space Y of allowed y (a basis of vectors) column by column, and for a
    column that Y does not already vanish on either keeps it (its size counts towards the support)
    or cuts Y down to Y ⟂ it. It fails a branch when Y is down to nothing or the support reaches
    ``t``; it succeeds when every column is decided with Y still nonzero. Atoms of ``t`` or more
    people must always be cut, so they go first."""
    if not rows:
        return False
    order = sorted(range(len(sizes)), key=lambda i: sizes[i] < t)  # large atoms first
    columns = [[row[i] for row in rows] for i in order]
    weights = [sizes[i] for i in order]
    identity = [[int(i == j) for j in range(len(rows))] for i in range(len(rows))]
    steps = 0

    def search(position: int, space: list[list[int]], support: int) -> bool:
        nonlocal steps
        steps += 1
        if steps > SEARCH_LIMIT:
            return True  # cannot tell in time: refuse
        while position < len(columns):
            column = columns[position]
            dots = [sum(a * c for a, c in zip(y, column, strict=True)) % _P for y in space]
            if any(dots):
                break
            position += 1  # every allowed combination already vanishes here
        else:
            return True
        weight = weights[position]
        if support + weight < t and search(position + 1, space, support + weight):
            return True
        narrower = _cut(space, dots)
        return bool(narrower) and search(position + 1, narrower, support)

    return search(0, identity, 0)


def _cut(space: list[list[int]], dots: list[int]) -> list[list[int]]:
    """The vectors of ``space`` (a basis) whose combinations are ⟂ a column, given each basis
    vector's dot product with it (not all zero)."""
    pivot = next(i for i, d in enumerate(dots) if d)
    inverse = pow(dots[pivot], _P - 2, _P)
    return [
        [(a - dots[i] * inverse * b) % _P for a, b in zip(y, space[pivot], strict=True)]
        for i, y in enumerate(space)
        if i != pivot
    ]
