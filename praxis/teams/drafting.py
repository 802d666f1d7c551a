"""The first draft of an implementation support offer, written from a team's profile (issue 11.6).

Pure: a framework and plain figures in, a title and a Markdown text out; no database, no names.
What it is given has already passed the consent and disclosure rules (`praxis.teams.offer`): the
competencies at least t consenting people are proficient in, role counts released by
`praxis.scoring.disclosure`. It never receives a person, so no name or score can reach the text.

The wording is composed, not pasted: each competency the team offers becomes a sentence of our own
built from a few of its key activities (imperatives in the framework file, "Help stakeholders…",
turned into what the team does with a partner, "we can help stakeholders…"); each principle becomes
"we …" from its summary. The lead edits everything afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from praxis.framework import Competency, Framework
from praxis.scoring import disclosure

ACTIVITIES_PER_COMPETENCY = 2  # the shortest that read well, in the framework's order

# Key activities that open with a circumstance ("When…", "Before…") rather than a verb do not read
# well after "we can"; they are passed over.
_NOT_A_VERB = {"when", "where", "before", "after", "through", "together", "with", "while", "once", "if", "as"}

_LEAD_INS = (
    "With the people you support, we can {}.",
    "We can {}.",
    "In practice, our practitioners {}.",
    "Working alongside you, we {}.",
)


@dataclass(frozen=True)
class WorkPattern:
    """How the team works, from support activities members let count (None where not released)."""

    people: int
    modes: Mapping[str, int] = field(default_factory=dict)  # mode label → activities, released modes only
    hours_per_site_month: float | None = None  # a typical (mean) month at one site


@dataclass(frozen=True)
class SupportActivity:
    """One support activity from a member's journal, reduced to what the paragraph needs."""

    person: int  # an opaque key, only to count distinct people
    mode: str  # its label, e.g. "Onsite"; "" when not recorded
    site: str  # "" when not recorded
    month: str  # e.g. "2026-11"
    minutes: int


def work_pattern(activities: Sequence[SupportActivity], t: int) -> WorkPattern | None:
    """How the team works, from support activities of members who consented, or None when fewer
    than t people contributed. A mode is named only when at least t people used it; the typical
    hours a site receives in a month (the mean over sites and months) only when at least t
    people's activities make it up. Each released figure is over at least t people, and nothing is
    said about a mode or site that fewer used (not even that it was used).

    Fed by `praxis.teams.offer.team_profile` from the members who chose to let their support
    activities count (`Membership.support_work_counted`)."""
    people = {a.person for a in activities}
    if not disclosure.may_show(len(people), t):
        return None
    by_mode: dict[str, set[int]] = {}
    counts: dict[str, int] = {}
    for a in activities:
        if a.mode:
            by_mode.setdefault(a.mode, set()).add(a.person)
            counts[a.mode] = counts.get(a.mode, 0) + 1
    modes = {mode: counts[mode] for mode, who in by_mode.items() if disclosure.may_show(len(who), t)}
    site_months: dict[tuple[str, str], int] = {}
    contributors = set()
    for a in activities:
        if a.site and a.minutes:
            site_months[(a.site.strip().lower(), a.month)] = (
                site_months.get((a.site.strip().lower(), a.month), 0) + a.minutes
            )
            contributors.add(a.person)
    hours = None
    if disclosure.may_show(len(contributors), t) and site_months:
        # the mean, not the median: a median is one site-month's total, which may be one person's
        hours = sum(site_months.values()) / len(site_months) / 60
    return WorkPattern(people=len(people), modes=modes, hours_per_site_month=hours)


@dataclass(frozen=True)
class TeamProfile:
    name: str  # the organisation's or the team's
    threshold: int  # the minimum group size in force
    counted: int  # members whose latest assessment counts here (consented), shown only as "enough"
    confident: tuple[str, ...]  # competency ids with at least `threshold` proficient consenting people
    roles: Mapping[str, int] = field(default_factory=dict)  # role title → people, released counts only
    work: WorkPattern | None = None  # None: not drafted (see `work_missing`)
    work_missing: str = ""


def _sentence_part(text: str) -> str:
    """A key activity as the rest of a "we can …" sentence: first letter lower-cased, no full stop."""
    text = " ".join(text.split()).rstrip(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _reads_after_we_can(text: str) -> bool:
    first = text.split(maxsplit=1)[0].strip(",").lower() if text.strip() else ""
    return bool(first) and first not in _NOT_A_VERB and "," not in text.split(maxsplit=1)[0]


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return "; ".join(parts[:-1]) + (", and " if len(parts) == 2 else "; and ") + parts[-1]


def competency_paragraph(competency: Competency, position: int = 0) -> str:
    """One competency the team offers, in a sentence composed from its key activities."""
    candidates = [
        _sentence_part(a.text) for a in competency.all_key_activities() if _reads_after_we_can(a.text)
    ]
    shortest = set(sorted(candidates, key=len)[:ACTIVITIES_PER_COMPETENCY])
    chosen = [part for part in candidates if part in shortest]
    if not chosen:
        return f"### {competency.name}\n\nThis is one of our strengths."
    lead_in = _LEAD_INS[position % len(_LEAD_INS)]  # imperatives read the same after each
    return f"### {competency.name}\n\n{lead_in.format(_join(chosen))}"


def principle_line(name: str, summary: str) -> str:
    summary = " ".join(summary.split()).rstrip(".")
    return f"- **{name}**: we {summary[:1].lower()}{summary[1:]}."


def _plural(title: str, n: int) -> str:
    title = title.strip()
    if n == 1 or title.endswith("s"):
        return title
    if re.search(r"(ch|sh|x)$", title):
        return title + "es"
    return title + "s"


def roles_paragraph(profile: TeamProfile) -> str:
    released = [(title, n) for title, n in sorted(profile.roles.items(), key=lambda kv: (-kv[1], kv[0])) if n]
    if not released:
        return (
            "Our team brings together implementation support practitioners in several roles. "
            "_Describe the roles your people hold, for example coaches, facilitators or technical "
            "assistance providers._"
        )
    parts = [f"{n} {_plural(title, n)}" for title, n in released]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Among us are {listed}."


def work_paragraph(profile: TeamProfile) -> str:
    work = profile.work
    if work is None or (not work.modes and work.hours_per_site_month is None):
        return (
            "_Describe how you work with the sites you support: for example on site, online or a "
            "mix, and how much time you usually give one site in a month._"
        )
    sentences = []
    if work.modes:
        ordered = [mode.lower() for mode, _ in sorted(work.modes.items(), key=lambda kv: (-kv[1], kv[0]))]
        listed = ordered[0] if len(ordered) == 1 else ", ".join(ordered[:-1]) + " and " + ordered[-1]
        sentences.append(f"We support sites {listed}, most often {ordered[0]}.")
    if work.hours_per_site_month is not None:
        hours = round(work.hours_per_site_month * 2) / 2
        sentences.append(f"A site typically receives about {hours:g} hours of our support in a month.")
    return " ".join(sentences)


def draft(framework: Framework, profile: TeamProfile) -> tuple[str, str]:
    """The title and Markdown body of a first draft."""
    title = f"Implementation support offer: {profile.name}"
    confident = [c for c in framework.competencies if c.id in set(profile.confident)]
    blocks = [
        "## Who we are",
        f"{profile.name} offers implementation support: we help organisations and services put "
        "evidence-informed programmes, practices and policies into use, and keep them going. We build "
        "the capacity of the people who implement, rather than delivering the service ourselves.",
        roles_paragraph(profile),
        "## What we can offer with confidence",
    ]
    if confident:
        blocks.append(
            "These are the areas where several of us are confident in our practice, judged against the "
            f"core competencies for implementation support practitioners ({framework.source.title})."
        )
        blocks += [competency_paragraph(c, i) for i, c in enumerate(confident)]
    else:
        blocks.append(
            "_Not enough of the team's assessments count in team statistics yet for Praxis to say which "
            f"competencies you can offer with confidence (it needs at least {profile.threshold} proficient "
            "people for each). Describe what you offer here._"
        )
    blocks += ["## The principles that guide us"]
    blocks.append("\n".join(principle_line(p.name, p.summary) for p in framework.principles))
    blocks += ["## How we work", work_paragraph(profile)]
    blocks += [
        "## Working with us",
        "_Say how partners and commissioners can reach you and what a first conversation looks like._",
    ]
    return title, "\n\n".join(blocks) + "\n"
