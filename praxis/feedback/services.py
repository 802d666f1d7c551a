"""Writes for multi-rater feedback: one function per use case, each transactional."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from praxis.accounts import outgoing
from praxis.accounts.models import Organisation
from praxis.core.errors import PraxisError
from praxis.core.frameworks import current_framework, current_framework_version
from praxis.core.limits import TEXT_MAX
from praxis.core.mail import mail_sent
from praxis.core.text import typed
from praxis.core.tokens import hash_token, new_token, reissue
from praxis.scoring import disclosure

from . import policy
from .instrument import AGREEMENT_SCALE, TRUST_IDS, framework_of, items_for
from .models import Rater, Rating, Relationship, Round

MAX_RATERS = 40


class FeedbackError(PraxisError):
    """A change that cannot be made; the message is written for the person making it."""


def _organisation_for(owner) -> tuple[Organisation | None, int]:
    """The organisation whose rules apply to the owner's new round, and the minimum group size.

    The minimum is the strictest of the owner's organisations (never below Praxis's floor of 3);
    the organisation is one that requires a supervisor's approval of rater lists if any does, else
    the one with the strictest minimum."""
    organisations = list(Organisation.objects.filter(memberships__user=owner).order_by("name"))
    minimum = disclosure.threshold(max((o.min_group_size for o in organisations), default=None))
    chosen = max(organisations, key=lambda o: (o.rater_list_approval, o.min_group_size), default=None)
    return chosen, minimum


@transaction.atomic
def create_round(
    *, owner, title: str, message: str, closes_on: date, competency_ids: list[str], include_relationship: bool
) -> Round:
    if closes_on <= timezone.localdate():
        raise FeedbackError("Choose a closing date after today, so people have time to respond.")
    if closes_on > timezone.localdate() + timedelta(days=180):
        raise FeedbackError("Choose a closing date within six months.")
    known = [c.id for c in current_framework().competencies]
    chosen = [c for c in known if c in set(competency_ids)]
    if not chosen:
        raise FeedbackError("Choose at least one competency to ask about.")
    if len(chosen) != len(set(competency_ids)):
        raise FeedbackError("Choose competencies from the framework.")
    organisation, minimum = _organisation_for(owner)
    return Round.objects.create(
        owner=owner,
        title=title.strip() or "Feedback on my implementation support",
        message=message.strip(),
        closes_on=closes_on,
        competency_ids=chosen,
        include_relationship=include_relationship,
        min_group_size=minimum,
        organisation=organisation,
        approval_required=bool(organisation and organisation.rater_list_approval),
        framework_version=current_framework_version(),
    )


def _send_invitation(rater: Rater, token: str, *, reminder: bool = False) -> bool:
    """Send the link; whether it went. Runs after the transaction commits, so a mail server that
    fails leaves the rater saved with `email_sent_at` empty, and the owner can send it again."""
    round_ = rater.round
    context = {
        "rater": rater,
        "round": round_,
        "link": f"{settings.SITE_URL}/feedback/r/{token}/",
        "owner": round_.owner,
        "reminder": reminder,
        "threshold": disclosure.threshold(round_.min_group_size),
    }
    subject = (
        f"Reminder: {round_.owner} would value your feedback"
        if reminder
        else f"{round_.owner} would value your feedback on their implementation support"
    )
    if not mail_sent(
        to=rater.email,
        subject=subject,
        template="feedback/email/invitation.txt",
        context=context,
        about=f"Feedback invitation to rater {rater.pk}",
    ):
        return False  # the owner may send it again
    if not reminder:
        Rater.objects.filter(pk=rater.pk).update(email_sent_at=timezone.now())
    return True


def mailbox(email: str) -> str:
    """The mailbox an address delivers to, for telling addresses apart: case never matters, and
    "name+anything@host" reaches the same inbox as "name@host"."""
    local, _, host = email.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{host}"


@transaction.atomic
def add_rater(
    *,
    round_: Round,
    email: str,
    name: str,
    relationship: str,
    notify: bool = True,
    address: str | None = None,
) -> tuple[Rater, str]:
    """Add a rater and e-mail them their private link once the transaction commits (unless told not to,
    as the demo data does). Every rater is a different mailbox and never the owner's own: a round's
    groups are only as anonymous as its raters are real people. Where the round needs a supervisor's
    approval, the invitation waits for it (see rater_list_approve). The e-mail goes only from a
    confirmed account, within the limits per account and per client `address` (praxis.accounts.outgoing)."""
    if not round_.is_open:
        raise FeedbackError("This round is closed. Extend it to add more people.")
    if relationship not in Relationship.values:
        raise FeedbackError("Say how this person knows your work.")
    email = email.strip().lower()
    if mailbox(email) == mailbox(round_.owner.email):
        raise FeedbackError("Your own view is your self-assessment; invite other people here.")
    same = [r for r in round_.raters.select_related("round") if mailbox(r.email) == mailbox(email)]
    unsent = next(
        (r for r in same if not r.revoked_at and not r.email_sent_at and not r.waiting_for_approval), None
    )
    if unsent is not None and notify:  # the first e-mail failed: adding them again sends it again
        return unsent, resend_rater(round_=round_, rater_id=unsent.pk, address=address)
    if same:
        raise FeedbackError(f"{email} is already invited to this round.")
    if round_.raters.count() >= MAX_RATERS:
        raise FeedbackError(f"A round can have at most {MAX_RATERS} raters.")
    if notify and (refused := outgoing.refusal(outgoing.RATER_EMAIL, user=round_.owner, address=address)):
        raise FeedbackError(refused)
    token, token_hash = new_token()
    try:
        with transaction.atomic():
            rater = Rater.objects.create(
                round=round_,
                email=email,
                name=name.strip()[:200],
                relationship=relationship,
                token_hash=token_hash,
            )
    except IntegrityError:  # the same person added twice at once (a double click)
        raise FeedbackError(f"{email} is already invited to this round.") from None
    if notify and not round_.approval_required:
        transaction.on_commit(lambda: _send_invitation(rater, token))
    return rater, token


class RaterListError(FeedbackError):
    """A pasted list that cannot be added as it is; `problems` names each bad line."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


@transaction.atomic
def raters_add_many(*, round_: Round, people, notify: bool = True, address: str | None = None) -> list[Rater]:
    """Add several raters at once (`people`: forms.Invitee rows, each with its line number), all or
    none: every line is checked against the round first, and any problem adds nobody and sends
    nothing. The rules are add_rater's: distinct mailboxes, never the owner's, at most MAX_RATERS,
    the day's sending limit counted for the whole list at once, and invitations waiting for a
    supervisor where the round needs one."""
    if not round_.is_open:
        raise FeedbackError("This round is closed. Extend it to add more people.")
    owner_box = mailbox(round_.owner.email)
    invited = {mailbox(r.email) for r in round_.raters.all()}
    problems = []
    for person in people:
        if person.relationship not in Relationship.values:
            problems.append(f"Line {person.line}: say how {person.email} knows your work.")
        elif mailbox(person.email) == owner_box:
            problems.append(
                f"Line {person.line}: that is your own address; your own view is your self-assessment."
            )
        elif mailbox(person.email) in invited:
            problems.append(f"Line {person.line}: {person.email} is already invited to this round.")
    if not problems and len(invited) + len(people) > MAX_RATERS:
        problems.append(
            f"A round can have at most {MAX_RATERS} raters: {len(invited)} invited already, "
            f"{len(people)} on this list."
        )
    if problems:
        raise RaterListError(problems)
    if notify and (
        refused := outgoing.refusal(
            outgoing.RATER_EMAIL, user=round_.owner, address=address, count=len(people)
        )
    ):
        if outgoing.may_send_on_behalf(round_.owner) and len(people) > 1:
            refused = (
                f"Praxis sends at most {outgoing.RATER_EMAIL.limit} feedback requests a day from one "
                f"account or one network, and these {len(people)} would go over today’s. Nobody was "
                "added: invite fewer people now and the others tomorrow."
            )
        raise RaterListError([refused])
    created = []
    try:
        with transaction.atomic():
            for person in people:
                token, token_hash = new_token()
                rater = Rater.objects.create(
                    round=round_,
                    email=person.email,
                    name=person.name.strip()[:200],
                    relationship=person.relationship,
                    token_hash=token_hash,
                )
                created.append((rater, token))
    except IntegrityError:  # someone on the list was added at the same moment (another tab)
        raise RaterListError(
            ["Someone on this list was added meanwhile. Nobody was added: try again."]
        ) from None
    if notify and not round_.approval_required:
        for rater, token in created:
            transaction.on_commit(lambda rater=rater, token=token: _send_invitation(rater, token))
    return [rater for rater, _ in created]


@transaction.atomic
def rater_list_approve(*, round_: Round, approver, notify: bool = True) -> int:
    """A supervisor approves the raters waiting on a round's list; their invitations go out now,
    each with a fresh link (the stored hash cannot be turned back into one). Returns how many."""
    if not policy.may_approve(approver, round_):
        raise FeedbackError("Only a supervisor of this person in their organisation can approve the list.")
    if not round_.is_open:
        raise FeedbackError("This round has closed.")
    waiting = list(
        Rater.objects.select_for_update()
        .select_related("round__owner")
        .filter(round=round_, approved_at__isnull=True, revoked_at__isnull=True)
    )
    now = timezone.now()
    for rater in waiting:
        token, rater.token_hash = new_token()
        rater.approved_at, rater.approved_by = now, approver
        rater.save(update_fields=["approved_at", "approved_by", "token_hash"])
        if notify:
            transaction.on_commit(lambda rater=rater, token=token: _send_invitation(rater, token))
    return len(waiting)


@transaction.atomic
def resend_rater(*, round_: Round, rater_id: int, address: str | None = None) -> str:
    """Send a rater's link again (after a failed e-mail). The stored hash cannot be turned back into
    a link, so the rater gets a fresh one and the old one stops working. Returns the new token."""
    if not round_.is_open:
        raise FeedbackError("This round is closed. Extend it to send links again.")
    if refused := outgoing.refusal(outgoing.RATER_EMAIL, user=round_.owner, address=address):
        raise FeedbackError(refused)
    rater = (
        Rater.objects.select_for_update(of=("self",))
        .select_related("round__owner")
        .filter(round=round_, pk=rater_id, revoked_at__isnull=True)  # never says who answered
        .first()
    )
    if rater is None:
        raise FeedbackError("That link can no longer be sent.")
    return reissue(rater, _send_invitation)


def revoke_rater(*, round_: Round, rater_id: int) -> None:
    """Withdraw a link. Answers already sent still count, and no count changes either way:
    otherwise withdrawing someone and watching the figures would show whether (and what) they answered."""
    Rater.objects.filter(round=round_, pk=rater_id, revoked_at__isnull=True).update(revoked_at=timezone.now())


def close_round(*, round_: Round) -> Round:
    if round_.closed_at is None:
        round_.closed_at = timezone.now()
        round_.save(update_fields=["closed_at"])
    return round_


def extend_round(*, round_: Round, closes_on: date) -> Round:
    """Move the closing date of an open round. A closed round stays closed: reopening it after its
    report was read would let new answers be picked out by comparing two reports."""
    if not round_.is_open:
        raise FeedbackError(
            "This round has closed and its report may have been read, so it cannot reopen. "
            "Start a new round to ask again."
        )
    if closes_on <= timezone.localdate():
        raise FeedbackError("Choose a new closing date after today.")
    if closes_on > timezone.localdate() + timedelta(days=180):
        raise FeedbackError("Choose a closing date within six months.")
    round_.closes_on = closes_on
    round_.save(update_fields=["closes_on"])
    return round_


def find_rater(token: str) -> Rater | None:
    """The rater a token opens while it may still be used; None for anything else."""
    if not token or len(token) > 100:
        return None
    rater = Rater.objects.select_related("round__owner").filter(token_hash=hash_token(token)).first()
    if rater is None or rater.revoked_at or rater.submitted_at or not rater.round.is_open:
        return None
    if rater.waiting_for_approval:
        return None
    return rater


def allowed_levels(round_: Round) -> dict[str, set[int]]:
    """Item id → the level values a rater may give: the round's framework scale for competencies,
    the agreement scale for the questions about the working relationship."""
    levels = {level.value for level in framework_of(round_).scale.levels}
    agreement = {level.value for level in AGREEMENT_SCALE}
    return {item_id: (agreement if item_id in TRUST_IDS else levels) for item_id in items_for(round_)}


def _parse(round_: Round, posted: dict[str, str]) -> dict[str, int | None]:
    values = {}
    for item_id, allowed in allowed_levels(round_).items():
        raw = posted.get(item_id, "")
        if raw in ("", None):
            continue
        if raw == "none":
            values[item_id] = None
            continue
        if not (raw.isascii() and raw.isdigit() and int(raw) in allowed):
            raise FeedbackError("Choose one of the options shown for each question.")
        values[item_id] = int(raw)
    return values


@transaction.atomic
def save_response(
    *, token: str, posted: dict[str, str], comment: str, identifiable: bool, submit: bool
) -> Rater:
    """Save a rater's answers (per item), and submit them if asked. A link submits once."""
    found = find_rater(token)
    rater = Rater.objects.select_for_update().filter(pk=found.pk).first() if found else None
    if rater is None or rater.submitted_at or rater.revoked_at:
        raise FeedbackError("This link can no longer be used.")
    values = _parse(rater.round, posted)
    comment = typed(comment)
    if len(comment) > TEXT_MAX:
        raise FeedbackError("Keep comments under 4,000 characters.")
    for item_id, value in values.items():
        Rating.objects.update_or_create(rater=rater, item_id=item_id, defaults={"value": value})
    rater.comment = comment
    rater.identifiable = identifiable and rater.relationship == Relationship.SUPERVISOR
    if submit:
        if not values and not rater.ratings.exists():
            raise FeedbackError("Answer at least one question before sending your feedback.")
        rater.submitted_at = timezone.now()
    rater.save(update_fields=["comment", "identifiable", "submitted_at"])
    return rater


class RaterLinkGone(FeedbackError):
    """The link was withdrawn, used, or its round closed since the page was opened."""


def _rater_for_saving(token: str) -> Rater:
    """The token's rater, locked until the transaction ends, while it may still answer. Locking the
    rater row makes every save of one rater wait for the one before: a save that was answered
    "saved" has happened, and none lands after the answers were sent."""
    found = find_rater(token)
    rater = (
        Rater.objects.select_for_update().select_related("round").filter(pk=found.pk).first()
        if found
        else None
    )
    if rater is None or rater.submitted_at or rater.revoked_at or not rater.round.is_open:
        raise RaterLinkGone("This link can no longer be used.")
    return rater


@transaction.atomic
def rating_autosave(*, token: str, item_id: str, raw: str) -> Rating:
    """Save one answer as soon as the rater chooses it: a level, or "none" (not observed / can't
    say). Returns the stored rating. One row per (rater, item),
    written by update_or_create under the rater's lock, so two saves of the same item at once
    leave one row holding the later value."""
    rater = _rater_for_saving(token)
    if item_id not in allowed_levels(rater.round):
        raise FeedbackError("That question is not part of this form.")
    values = _parse(rater.round, {item_id: raw})
    if item_id not in values:
        raise FeedbackError("Choose one of the options shown for each question.")
    rating, _ = Rating.objects.update_or_create(
        rater=rater, item_id=item_id, defaults={"value": values[item_id]}
    )
    return rating


@transaction.atomic
def comment_autosave(*, token: str, comment: str) -> str:
    """Save the rater's comment as they type it. Returns what is stored."""
    rater = _rater_for_saving(token)
    comment = typed(comment)
    if len(comment) > TEXT_MAX:
        raise FeedbackError("Keep comments under 4,000 characters.")
    Rater.objects.filter(pk=rater.pk).update(comment=comment)
    return comment


def send_reminders(today: date | None = None) -> int:
    """E-mail each rater who has not responded, once, when their round closes within the reminder
    window. Safe to run again (for cron): a reminded rater is never reminded twice."""
    today = today or timezone.localdate()
    window = today + timedelta(days=settings.PRAXIS_FEEDBACK_REMINDER_DAYS)
    sent = 0
    pending = (
        Rater.objects.select_related("round__owner")
        .filter(
            round__closed_at__isnull=True,
            round__closes_on__gte=today,
            round__closes_on__lte=window,
            submitted_at__isnull=True,
            revoked_at__isnull=True,
            reminded_at__isnull=True,
        )
        .exclude(round__approval_required=True, approved_at__isnull=True)
    )
    for rater in pending:
        with transaction.atomic():
            claimed = Rater.objects.filter(pk=rater.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not claimed:
                continue
            # The stored hash cannot be turned back into a link, so reminders carry a fresh one.
            token, token_hash = new_token()
            Rater.objects.filter(pk=rater.pk).update(token_hash=token_hash)
            _send_invitation(rater, token, reminder=True)
            sent += 1
    return sent
