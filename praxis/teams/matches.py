"""Learning matches: who could learn a competency from whom, inside one organisation (issue 11.5).

A want is a competency someone would like to develop:
- their own plan focus (an unfinished plan's; only they see suggestions from it), or
- an explicit "I'd like to learn this from a colleague" (`LearningWish`), which is also their
  consent to appear, with that wish, to the organisation's leads.
A mentor is a colleague who opted in as a peer mentor here and whose latest assessment shared with
the organisation is proficient in it: `praxis.development.selectors.peer_mentors_for`, the one
definition, reused (it never loads a score). Nobody's score is shown; nobody who has not opted in
appears: a learner only through their own wish (or, to themself, their own plan), a mentor only
through their opt-in and shared assessment.

A lead sees the matches where both consented (wish × mentor) and may send one introduction e-mail
to both, at most once per pair in INTRODUCTION_DAYS, within an hourly/daily limit per account and
client address counted by `praxis.accounts.outgoing`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from praxis.accounts import outgoing, policy
from praxis.accounts.models import Membership, Organisation, User
from praxis.core.errors import PraxisError
from praxis.core.frameworks import current_framework
from praxis.development.selectors import focuses_for_evidence, peer_mentors_for
from praxis.framework import Competency

from .models import Introduction, LearningWish

INTRODUCTION_DAYS = 30  # a pair is introduced at most once in this many days

# Introductions are e-mailed for the lead to people they choose: limited like invitations (the
# same setting, counted separately), and only from a confirmed address.
INTRODUCTION = outgoing.Kind(
    "introduction",
    "PRAXIS_LIMIT_INVITATIONS_PER_DAY",
    outgoing.DAY,
    on_behalf=True,
    too_many="Praxis sends at most {limit} introductions a day from one account or one network, "
    "and that many have been sent today. Nothing was sent: please try again tomorrow.",
)


class MatchError(PraxisError):
    """A wish or an introduction that cannot be made; the message is written for the person asking."""


@dataclass(frozen=True)
class Suggestion:
    competency: Competency
    mentors: list[User]
    from_plan: bool  # the want is a focus of the person's own plan
    wish: LearningWish | None  # the want is (also) an explicit wish


@dataclass(frozen=True)
class Match:
    competency: Competency
    learner: User
    mentor: User
    introduced_at: object  # datetime of the last introduction of this pair in the period, or None


def _competency(framework, competency_id: str) -> Competency | None:
    try:
        return framework.competency(competency_id)
    except KeyError:  # a wish or focus for a competency no longer in the framework
        return None


def own_wishes(user, organisation: Organisation) -> list[LearningWish]:
    return list(LearningWish.objects.filter(membership__user=user, membership__organisation=organisation))


def own_suggestions(user, organisation: Organisation) -> list[Suggestion]:
    """The practitioner's own suggestions here: for each want (plan focus or wish), the peer mentors
    of this organisation proficient in it. Three queries."""
    framework = current_framework()
    wishes = {w.competency_id: w for w in own_wishes(user, organisation)}
    planned = {focus.competency_id for focus in focuses_for_evidence(user)}  # unfinished plans
    wanted = [c.id for c in framework.competencies if c.id in wishes or c.id in planned]
    mentors = peer_mentors_for(user, wanted, organisation=organisation) if wanted else {}
    return [
        Suggestion(framework.competency(cid), mentors.get(cid, []), cid in planned, wishes.get(cid))
        for cid in wanted
    ]


def lead_matches(viewer, organisation: Organisation) -> list[Match]:
    """Every (wish × opted-in proficient mentor) pair here, for a lead: both people consented.
    A fixed number of queries whatever the number of members."""
    framework = current_framework()
    wishes = list(
        LearningWish.objects.filter(membership__organisation=organisation).select_related("membership__user")
    )
    wanted = sorted({w.competency_id for w in wishes})
    mentors = peer_mentors_for(viewer, wanted, organisation=organisation) if wanted else {}
    recent = _recent_introductions(organisation)
    order = {c.id: i for i, c in enumerate(framework.competencies)}
    matches = []
    for wish in wishes:
        competency = _competency(framework, wish.competency_id)
        if competency is None:
            continue
        learner = wish.membership.user
        for mentor in mentors.get(wish.competency_id, []):
            if mentor.pk != learner.pk:
                matches.append(Match(competency, learner, mentor, recent.get((learner.pk, mentor.pk))))
    matches.sort(key=lambda m: (order[m.competency.id], m.learner.full_name, m.mentor.full_name))
    return matches


def _recent_introductions(organisation: Organisation) -> dict[tuple[int, int], object]:
    since = timezone.now() - timedelta(days=INTRODUCTION_DAYS)
    found: dict[tuple[int, int], object] = {}
    rows = Introduction.objects.filter(organisation=organisation, sent_at__gte=since).values_list(
        "learner_id", "mentor_id", "sent_at"
    )
    for learner_id, mentor_id, sent_at in rows:
        found[(learner_id, mentor_id)] = max(sent_at, found.get((learner_id, mentor_id), sent_at))
    return found


def matches_by_competency(matches: list[Match]) -> list[tuple[Competency, list[Match]]]:
    grouped: dict[str, list[Match]] = defaultdict(list)
    for match in matches:
        grouped[match.competency.id].append(match)
    return [(found[0].competency, found) for found in grouped.values()]


# -- writes --------------------------------------------------------------------------------------


def _membership(user, organisation: Organisation) -> Membership:
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        raise MatchError("You are not a member of this organisation.")
    return membership


@transaction.atomic
def learning_wish_add(*, user, organisation: Organisation, competency_id: str) -> LearningWish:
    """ "I'd like to learn this from a colleague" (again is harmless)."""
    if _competency(current_framework(), competency_id) is None:
        raise MatchError("Choose one of the framework's competencies.")
    wish, _ = LearningWish.objects.get_or_create(
        membership=_membership(user, organisation), competency_id=competency_id
    )
    return wish


@transaction.atomic
def learning_wish_remove(*, user, organisation: Organisation, competency_id: str) -> None:
    LearningWish.objects.filter(
        membership__user=user, membership__organisation=organisation, competency_id=competency_id
    ).delete()


@transaction.atomic
def introduction_send(
    *, organisation: Organisation, by, learner_id: int, mentor_id: int, competency_id: str, address=None
) -> Introduction:
    """E-mail the learner and the mentor, together, that they might talk about `competency_id`.

    Only a lead of the organisation; only a current match (the learner's wish here, the mentor
    opted in and proficient); once per pair in INTRODUCTION_DAYS; within the e-mail limits."""
    if not policy.can_manage_organisation(by, organisation):
        raise MatchError("Only the organisation's leads can introduce people.")
    match = next(
        (
            m
            for m in lead_matches(by, organisation)
            if m.learner.pk == learner_id and m.mentor.pk == mentor_id and m.competency.id == competency_id
        ),
        None,
    )
    if match is None:
        raise MatchError("These two people are not a match here any more, so nothing was sent.")
    if match.introduced_at is not None:
        raise MatchError(
            f"{match.learner} and {match.mentor} were introduced less than {INTRODUCTION_DAYS} days ago. "
            "Nothing was sent."
        )
    if refused := outgoing.refusal(INTRODUCTION, user=by, address=address):
        raise MatchError(refused)
    introduction = Introduction.objects.create(
        organisation=organisation,
        learner=match.learner,
        mentor=match.mentor,
        competency_id=competency_id,
        sent_by=by,
        sent_at=timezone.now(),
    )
    context = {
        "organisation": organisation,
        "learner": match.learner,
        "mentor": match.mentor,
        "competency": match.competency,
        "lead": by,
        "guide_link": settings.SITE_URL + reverse("guide:competency", args=[competency_id]),
    }
    EmailMessage(
        subject=f"An introduction: {match.competency.name}",
        body=render_to_string("teams/people/email/introduction.txt", context),
        to=[match.learner.email, match.mentor.email],
        reply_to=[by.email],
    ).send()
    return introduction
