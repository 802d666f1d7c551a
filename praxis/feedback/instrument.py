"""What raters are asked: the rater scale, the trust items and their agreement scale.

Written for people who are not implementation specialists. The trust items follow the guide's
two kinds of trust (Sustaining change domain › Growing and sustaining relationships): the first
three are intrapersonal trust (reliable, competent, committed), the last two interpersonal trust
(working together towards the same aims).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    value: int
    label: str
    description: str


RATER_SCALE = (
    Level(1, "Not yet", "I have seen situations that called for this, but not seen them do it yet."),
    Level(2, "Starting", "They are starting to do this."),
    Level(3, "Sometimes", "They do this in some situations."),
    Level(4, "Reliably", "They do this reliably."),
    Level(5, "Exceptionally", "They do this with real skill, even when it is difficult."),
)
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
