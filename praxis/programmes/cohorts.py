"""Writes for cohorts: one function per use case, each transactional.

How a learner's assessments are tied to a cohort: a window (pre or post) says which kind of
assessment the cohort takes and between which dates; when a learner starts it, an ordinary
assessment of theirs is started through `praxis.assessments.services` and linked to the window by
a `CohortAssessment` row. The Assessment model knows nothing of cohorts, the learner answers and
submits it like any other, and it stays theirs (private, in their own history). The cohort report
reads its stored scores only through the learner's consents on the enrolment.

The retrospective "then" rating is its own small set of answers (`ThenRating`, one per
competency, on the scale of the post assessment's framework version) hanging off the post link,
not an assessment: it is a different question ("looking back, where were you before?") and must
never appear in the learner's history or growth as if it were one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from praxis.accounts import outgoing
from praxis.accounts.models import normalise_email
from praxis.assessments import services as assessments
from praxis.assessments.models import Assessment, Kind
from praxis.assessments.models import Status as AssessmentStatus
from praxis.assessments.scores import framework_of
from praxis.core.errors import PraxisError
from praxis.core.mail import mail_sent
from praxis.core.tokens import hash_token, new_token

from .models import (
    AssessmentWindow,
    Cohort,
    CohortAssessment,
    CohortInvitation,
    Enrolment,
    Phase,
    Programme,
    ThenRating,
)

JOIN_SALT = "praxis.programmes.cohort-join"
MAX_LIST = 500  # addresses in one uploaded list
NOT_APPLICABLE = "na"


class CohortError(PraxisError):
    """A change that cannot be made; the message is written for the person making it."""


# -- cohorts ----------------------------------------------------------------------------------


def _check_dates(starts_on: date, ends_on: date, what: str) -> None:
    if ends_on < starts_on:
        raise CohortError(f"The {what} must end on or after the day it starts.")


@transaction.atomic
def cohort_create(*, programme: Programme, name: str, starts_on: date, ends_on: date) -> Cohort:
    _check_dates(starts_on, ends_on, "cohort")
    name = name.strip()
    if Cohort.objects.filter(programme=programme, name__iexact=name).exists():
        raise CohortError(f"{programme} already has a cohort called {name}. Choose another name.")
    return Cohort.objects.create(programme=programme, name=name, starts_on=starts_on, ends_on=ends_on)


# -- the invitation link and the uploaded list ----------------------------------------------------


def join_link_token(cohort: Cohort) -> str:
    """The cohort's invitation link token: signed, so it needs the site's secret to make."""
    return signing.dumps([cohort.pk, cohort.join_link_version], salt=JOIN_SALT, compress=True)


@transaction.atomic
def cohort_join_link_set(*, cohort: Cohort, action: str) -> Cohort:
    """ "renew" (every earlier link stops working), "close" (nobody may join by link) or "open"."""
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if action == "renew":
        locked.join_link_version += 1
        locked.join_link_open = True
    elif action in ("open", "close"):
        locked.join_link_open = action == "open"
    else:
        raise CohortError("Choose what to do with the link.")
    locked.save(update_fields=["join_link_version", "join_link_open"])
    return locked


@dataclass(frozen=True)
class Joining:
    """What a join token opens: the cohort, and the personal invitation if it was one."""

    cohort: Cohort
    invitation: CohortInvitation | None = None


def find_joining(token: str) -> Joining | None:
    """The cohort a token lets someone join, or None for anything else (expired, forged, closed)."""
    if not token or len(token) > 200:
        return None
    try:
        cohort_id, version = signing.loads(token, salt=JOIN_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        invitation = (
            CohortInvitation.objects.select_related("cohort__programme__organisation")
            .filter(token_hash=hash_token(token), accepted_at__isnull=True, expires_at__gt=timezone.now())
            .first()
        )
        return Joining(invitation.cohort, invitation) if invitation else None
    cohort = (
        Cohort.objects.select_related("programme__organisation")
        .filter(pk=cohort_id, join_link_version=version, join_link_open=True)
        .first()
        if isinstance(cohort_id, int) and isinstance(version, int)
        else None
    )
    return Joining(cohort) if cohort else None


@dataclass(frozen=True)
class Listed:
    line: int
    email: str


@dataclass(frozen=True)
class InvitedList:
    invited: list[str]
    already: list[str]  # enrolled, or holding an invitation still usable: not sent again


@transaction.atomic
def cohort_invite_list(
    *, cohort: Cohort, by, addresses: list[Listed], address: str | None = None
) -> InvitedList:
    """E-mail a personal, single-use link to each address of an uploaded list (already parsed and
    checked, with line numbers), all or none. Addresses already enrolled or invited are skipped."""
    if not addresses:
        raise CohortError("The list has no e-mail addresses in it.")
    if len(addresses) > MAX_LIST:
        raise CohortError(f"A list may hold at most {MAX_LIST} addresses; this one has {len(addresses)}.")
    wanted = list(dict.fromkeys(normalise_email(a.email) for a in addresses))
    enrolled_emails = Enrolment.objects.filter(cohort=cohort, learner__email__in=wanted).values_list(
        "learner__email", flat=True
    )
    enrolled = {normalise_email(e) for e in enrolled_emails}
    pending = set(
        CohortInvitation.objects.filter(
            cohort=cohort, email__in=wanted, accepted_at__isnull=True, expires_at__gt=timezone.now()
        ).values_list("email", flat=True)
    )
    new = [e for e in wanted if e not in enrolled and e not in pending]
    if new and (refused := outgoing.refusal(outgoing.INVITATION, user=by, address=address, count=len(new))):
        raise CohortError(refused)
    expires = timezone.now() + timedelta(days=settings.PRAXIS_INVITATION_DAYS)
    # An address invited before whose link was used by someone else, or expired, is invited again.
    CohortInvitation.objects.filter(cohort=cohort, email__in=new).delete()
    tokens = {email: new_token() for email in new}  # email → (token, its hash)
    invitations = CohortInvitation.objects.bulk_create(
        CohortInvitation(cohort=cohort, email=email, token_hash=tokens[email][1], expires_at=expires)
        for email in new
    )
    if invitations:
        sending = [(invitation, tokens[invitation.email][0]) for invitation in invitations]
        transaction.on_commit(lambda: _send_all(sending, by))
    return InvitedList(new, [e for e in wanted if e not in new])


def _send_all(sending: list[tuple[CohortInvitation, str]], by) -> None:
    """Each invitation by its own e-mail; those sent are marked so in one update."""
    sent = [invitation.pk for invitation, token in sending if _send(invitation, token, by)]
    CohortInvitation.objects.filter(pk__in=sent).update(email_sent_at=timezone.now())


def _send(invitation: CohortInvitation, token: str, by) -> bool:
    link = settings.SITE_URL + reverse("cohorts:join", args=[token])
    context = {"invitation": invitation, "link": link, "by": by, "days": settings.PRAXIS_INVITATION_DAYS}
    return mail_sent(  # when it fails, the lead can upload the address again
        to=invitation.email,
        subject=f"Join {invitation.cohort.programme}: {invitation.cohort} on Praxis",
        template="programmes/cohorts/email/invitation.txt",
        context=context,
        about=f"Cohort invitation {invitation.pk}",
    )


# -- learners ---------------------------------------------------------------------------------


@transaction.atomic
def cohort_join(*, token: str, learner, counted_in_statistics: bool, named_to_staff: bool) -> Enrolment:
    """Join by the cohort's link or a personal invitation, with the learner's two choices.
    Joining again changes nothing but the choices."""
    joining = find_joining(token)
    if joining is None:
        raise CohortError("This link has expired, has been used or has been switched off. Ask for a new one.")
    if joining.invitation is not None:
        invitation = CohortInvitation.objects.select_for_update().get(pk=joining.invitation.pk)
        if invitation.accepted_at is not None:
            raise CohortError("This invitation has already been used.")
        if normalise_email(invitation.email) != normalise_email(learner.email):
            raise CohortError(
                f"This invitation was sent to {invitation.email}, but you are signed in as {learner.email}. "
                "Sign out and sign in (or sign up) with the invited address."
            )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    enrolment, created = Enrolment.objects.get_or_create(
        cohort=joining.cohort,
        learner=learner,
        defaults={
            "counted_in_statistics": counted_in_statistics,
            "named_to_staff": named_to_staff,
            "consents_changed_at": timezone.now(),
        },
    )
    if not created:
        enrolment = enrolment_consents_set(
            enrolment=enrolment, counted_in_statistics=counted_in_statistics, named_to_staff=named_to_staff
        )
    return enrolment


@transaction.atomic
def enrolment_consents_set(
    *, enrolment: Enrolment, counted_in_statistics: bool, named_to_staff: bool
) -> Enrolment:
    """The learner's two choices; the report reads them on every request, so a change shows at once."""
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    locked.counted_in_statistics = counted_in_statistics
    locked.named_to_staff = named_to_staff
    locked.consents_changed_at = timezone.now()
    locked.save(update_fields=["counted_in_statistics", "named_to_staff", "consents_changed_at"])
    return locked


# -- windows ----------------------------------------------------------------------------------


@transaction.atomic
def window_set(
    *, cohort: Cohort, phase: str, kind: str, opens_on: date, closes_on: date, then_rating: bool = False
) -> AssessmentWindow:
    """Open (or change) the cohort's pre or post window. Pre and post are the same kind of
    assessment, so that the two can be compared, and the kind cannot change once someone started."""
    if phase not in Phase.values:
        raise CohortError("Choose pre- or post-programme.")
    if kind not in Kind.values:
        raise CohortError("Choose a quick or a full assessment.")
    _check_dates(opens_on, closes_on, "window")
    if then_rating and phase != Phase.POST:
        raise CohortError("The retrospective “then” rating is asked at post time only.")
    windows = {w.phase: w for w in AssessmentWindow.objects.select_for_update().filter(cohort=cohort)}
    other = windows.get(Phase.POST if phase == Phase.PRE else Phase.PRE)
    if other is not None and other.kind != kind:
        raise CohortError(
            f"The {other.get_phase_display().lower()} assessment is {other.get_kind_display().lower()}: "
            "use the same kind, so that the two can be compared."
        )
    if other is not None and phase == Phase.POST and opens_on < other.opens_on:
        raise CohortError("The post-programme window must open after the pre-programme one.")
    if other is not None and phase == Phase.PRE and other.opens_on < opens_on:
        raise CohortError("The pre-programme window must open before the post-programme one.")
    window = windows.get(phase)
    if window is None:
        return AssessmentWindow.objects.create(
            cohort=cohort,
            phase=phase,
            kind=kind,
            opens_on=opens_on,
            closes_on=closes_on,
            then_rating=then_rating,
        )
    if window.kind != kind and window.cohort_assessments.exists():
        raise CohortError("Learners have started this assessment, so its kind can no longer change.")
    window.kind, window.opens_on, window.closes_on, window.then_rating = (
        kind,
        opens_on,
        closes_on,
        then_rating,
    )
    window.save()
    return window


@transaction.atomic
def window_assessment_start(*, enrolment: Enrolment, window: AssessmentWindow, today: date) -> Assessment:
    """The learner's assessment for this window: the one already linked, or a new (or their
    in-progress) assessment of the window's kind, linked to it. Only while the window is open."""
    if window.cohort_id != enrolment.cohort_id:
        raise CohortError("That assessment belongs to another cohort.")
    link = (
        CohortAssessment.objects.filter(enrolment=enrolment, window=window)
        .select_related("assessment")
        .first()
    )
    if link is not None:
        return link.assessment
    if not window.is_open(today):
        raise CohortError(
            f"The {window.get_phase_display().lower()} assessment is open from "
            f"{window.opens_on:%-d %B %Y} to {window.closes_on:%-d %B %Y}."
        )
    assessment = assessments.start_assessment(owner=enrolment.learner, kind=window.kind)
    if CohortAssessment.objects.filter(assessment=assessment).exists():
        raise CohortError(
            f"Your {window.get_kind_display().lower()} assessment in progress belongs to another cohort "
            "window. Submit it (or discard it) first, then start this one."
        )
    try:
        with transaction.atomic():
            CohortAssessment.objects.create(enrolment=enrolment, window=window, assessment=assessment)
    except IntegrityError:  # a second tab linked it a moment ago
        return CohortAssessment.objects.get(enrolment=enrolment, window=window).assessment
    return assessment


def then_scale(link: CohortAssessment) -> tuple[list, list]:
    """(competencies, scale levels) a then rating is asked on: the post assessment's framework version."""
    framework = framework_of(link.assessment)
    return list(framework.competencies), list(framework.scale.levels)


@transaction.atomic
def then_ratings_save(*, link: CohortAssessment, posted: dict[str, str], today: date) -> int:
    """Save the retrospective ratings given (competency id → level or "na"; blanks are left as
    they are), all or none. Returns how many were saved."""
    window = link.window
    if window.phase != Phase.POST or not window.then_rating:
        raise CohortError("This cohort does not ask for a retrospective rating.")
    if not window.is_open(today):
        raise CohortError("The post-programme window is closed, so the ratings can no longer change.")
    competencies, levels = then_scale(link)
    values = {str(level.value): level.value for level in levels}
    rows = []
    for competency in competencies:
        raw = posted.get(competency.id, "")
        if raw == "":
            continue
        if raw == NOT_APPLICABLE:
            rows.append((competency.id, None, True))
        elif raw in values:
            rows.append((competency.id, values[raw], False))
        else:
            raise CohortError(f"Choose one of the levels for {competency.name}.")
    ThenRating.objects.bulk_create(
        [
            ThenRating(post=link, competency_id=competency_id, level=level, not_applicable=not_applicable)
            for competency_id, level, not_applicable in rows
        ],
        update_conflicts=True,
        unique_fields=["post", "competency_id"],
        update_fields=["level", "not_applicable", "updated_at"],
    )
    return len(rows)


def submitted(assessment: Assessment) -> bool:
    return assessment.status == AssessmentStatus.SUBMITTED
