"""What raters are asked: the rater scale, the trust items and their agreement scale.

The rater scale is the framework's own scale (``framework.scale``), from the framework version
the round started with, so raters and the self-assessment use the same levels whatever the
framework file declares. The framework describes each level in the first person, for
self-assessment; raters read the same levels described from the outside where Praxis has words
for that level (``RATER_WORDING``, by level id), and the framework's label alone otherwise.

Written for people who are not implementation specialists. The trust items follow the guide's
two kinds of trust (Sustaining change domain › Growing and sustaining relationships): the first
three are intrapersonal trust (reliable, competent, committed), the last two interpersonal trust
(working together towards the same aims).
"""

from __future__ import annotations

from dataclasses import dataclass

from praxis.core.frameworks import current_framework, framework_for_version
from praxis.framework import Framework


@dataclass(frozen=True)
class Level:
    value: int
    label: str
    description: str


# How someone else would recognise each level of the bundled ISP scale, by level id.
RATER_WORDING = {
    "not-yet": "I have seen situations that called for this, but not seen them do it yet.",
    "emerging": "They are starting to do this, often with guidance.",
    "developing": "They do this in some situations on their own.",
    "proficient": "They do this reliably, across the situations their role brings.",
    "advanced": "They do this with real skill, even when it is complex or unfamiliar, "
    "and help others learn it.",
}


def framework_of(round_) -> Framework:
    """The framework a round asks about: the version it started with (older rounds: the one in use)."""
    if round_.framework_version_id:
        return framework_for_version(round_.framework_version_id)
    return current_framework()


def rater_levels(framework: Framework) -> tuple[Level, ...]:
    """The levels a rater chooses from, in order: the framework's scale in a rater's words."""
    return tuple(
        Level(level.value, level.label, RATER_WORDING.get(level.id, "")) for level in framework.scale.levels
    )


def rater_scale(round_) -> tuple[Level, ...]:
    """The levels a rater of this round chooses from, from the round's framework scale."""
    return rater_levels(framework_of(round_))


NOT_OBSERVED = "Not observed"

AGREEMENT_SCALE = (
    Level(1, "Strongly disagree", ""),
    Level(2, "Disagree", ""),
    Level(3, "Neither agree nor disagree", ""),
    Level(4, "Agree", ""),
    Level(5, "Strongly agree", ""),
)
CANNOT_SAY = "Can’t say"


@dataclass(frozen=True)
class TrustItem:
    id: str
    text: str
    kind: str  # intrapersonal or interpersonal


TRUST_ITEMS = (
    TrustItem("trust.reliable", "I can count on them to do what they say they will do.", "intrapersonal"),
    TrustItem("trust.competent", "They bring knowledge and skills that help our work.", "intrapersonal"),
    TrustItem("trust.committed", "They are committed to our organisation’s change effort.", "intrapersonal"),
    TrustItem("trust.same-aims", "We work together as partners towards the same aims.", "interpersonal"),
    TrustItem(
        "trust.two-way", "Our relationship goes both ways: they listen to and learn from us.", "interpersonal"
    ),
)
TRUST_IDS = tuple(item.id for item in TRUST_ITEMS)


def items_for(round_) -> list[str]:
    """What a round asks about: its competencies, then the trust items if it includes them."""
    return list(round_.competency_ids) + (list(TRUST_IDS) if round_.include_relationship else [])
