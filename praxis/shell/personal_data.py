"""Everything a person owns, as one zip: JSON for completeness, CSV for spreadsheets, a README.

One function per app gathers that app's data through its own models and selectors; `archive`
puts them together. Only the person's own things go in. From feedback rounds they asked for,
only what the report page shows them: the aggregate from praxis.feedback.selectors.report_for,
which already applies the anonymity rules. A rater's own answers (Rating rows) and comments never
leave except as that report shows them.

Times are UTC in ISO 8601; dates are ISO dates. Nothing here writes to the database.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import defaultdict
from datetime import UTC, datetime
from importlib import metadata

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone

from praxis.accounts.models import Membership, SupervisionLink
from praxis.assessments import policy as assessment_policy
from praxis.assessments import scores
from praxis.core import trash
from praxis.core.frameworks import current_framework
from praxis.core.models import Deleted
from praxis.core.spreadsheet import csv_text
from praxis.development import policy as plan_policy
from praxis.development.models import CheckIn, Comment, Focus
from praxis.feedback import selectors as feedback
from praxis.feedback.instrument import AGREEMENT_SCALE, CANNOT_SAY, NOT_OBSERVED, rater_levels
from praxis.journal import selectors as journal
from praxis.journal.models import EntryTag
from praxis.programmes.cohort_selectors import export_for as cohorts_data
from praxis.supervision.selectors import export_for as supervision_data
from praxis.teams.models import Introduction, LearningWish

from .models import DigestPreference

FORMER_MEMBER = "A former member"


def _iso(when: datetime | None) -> str:
    """A moment in UTC, to the microsecond: 2026-03-01T09:30:00.123456Z."""
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z") if when else ""


class _Encoder(DjangoJSONEncoder):
    """Django's encoder (dates, decimals), with times kept to the microsecond rather than cut to the
    millisecond, so every stored value comes out exactly."""

    def default(self, o):
        if isinstance(o, datetime):
            return _iso(o)
        return super().default(o)


def _shares(shares, extra=lambda share: {}) -> list[dict]:
    return [{"organisation": s.organisation.name, "since": s.created_at, **extra(s)} for s in shares]


# -- profile and organisations --------------------------------------------------------------------


def profile_data(user) -> dict:
    digest = DigestPreference.objects.filter(user=user).first()
    return {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": user.job_title,
        "role_title": user.role_title,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "weekly_digest": bool(digest and digest.weekly),
        "weekly_digest_last_sent_week": digest.sent_week.isoformat() if digest and digest.sent_week else None,
    }


MEMBERSHIP_COLUMNS = [
    "organisation",
    "role",
    "open_to_being_a_peer_mentor",
    "shown_by_name_to_leads",
    "counted_in_team_statistics",
    "support_activities_counted_in_how_the_team_works",
    "research_use",
    "team_choices_changed_at",
    "joined_at",
    "you_supervise",
    "supervised_by",
]


def membership_rows(user) -> list[list]:
    """One row per organisation, with whom the person supervises there and who supervises them."""
    supervise, supervised_by = defaultdict(list), defaultdict(list)
    links = SupervisionLink.objects.filter(supervisor=user) | SupervisionLink.objects.filter(supervisee=user)
    for link in links.select_related("supervisor", "supervisee").order_by("pk"):
        if link.supervisor_id == user.pk:
            supervise[link.organisation_id].append(link.supervisee.full_name)
        else:
            supervised_by[link.organisation_id].append(link.supervisor.full_name)
    return [
        [
            m.organisation.name,
            m.get_role_display(),
            "yes" if m.peer_mentor else "no",
            "yes" if m.named_to_leads else "no",
            "yes" if m.counted_in_statistics else "no",
            "yes" if m.support_work_counted else "no",
            "yes" if m.research_consent else "no",
            _iso(m.consents_changed_at),
            _iso(m.joined_at),
            "; ".join(supervise[m.organisation_id]),
            "; ".join(supervised_by[m.organisation_id]),
        ]
        for m in Membership.objects.filter(user=user).select_related("organisation").order_by("joined_at")
    ]


# -- self-assessments -----------------------------------------------------------------------------


ANSWER_COLUMNS = [
    "assessment_id",
    "assessment_kind",
    "assessment_status",
    "submitted_at",
    "framework",
    "framework_version",
    "competency_id",
    "item_id",
    "item",
    "level",
    "level_label",
    "not_applicable",
]


def _scale(framework) -> dict:
    scale = framework.scale
    return {
        "name": scale.name,
        "levels": [
            {"level": level.value, "label": level.label, "proficient": level.proficient}
            for level in scale.levels
        ],
        "not_applicable": scale.not_applicable.label,
    }


def assessments_data(user) -> tuple[dict, list[list]]:
    """Every assessment (drafts too) with every answer, note, principle reflection, score and share;
    and the answers again as CSV rows."""
    assessments = (
        assessment_policy.own_assessments(user)
        .select_related("framework_version")
        .prefetch_related("answers", "notes", "principle_reflections", "shares__organisation")
        .order_by("created_at", "pk")
    )
    out, rows, scales = [], [], {}
    assessments = list(assessments)
    scored = scores.scores_of_many(assessments)
    for a in assessments:
        framework, plan = scores.framework_of(a), scores.questionnaire_of(a)
        version = a.framework_version
        scales[f"{version.framework_key} {version.version} ({version.checksum[:8]})"] = _scale(framework)
        labels = {level.value: level.label for level in framework.scale.levels}
        answers = sorted(a.answers.all(), key=lambda x: x.item_id)
        competency_scores = scored[a.pk]
        items = []
        for answer in answers:
            item = plan.items.get(answer.item_id)
            record = {
                "competency_id": item.competency_id if item else "",
                "item_id": answer.item_id,
                "item": item.text if item else "",
                "level": answer.level,
                "level_label": labels.get(answer.level, "") if answer.level else "",
                "not_applicable": answer.not_applicable,
                "updated_at": answer.updated_at,
            }
            items.append(record)
            rows.append(
                [
                    a.pk,
                    a.kind,
                    a.status,
                    _iso(a.submitted_at),
                    version.framework_key,
                    version.version,
                    record["competency_id"],
                    answer.item_id,
                    record["item"],
                    answer.level or "",
                    record["level_label"],
                    "yes" if answer.not_applicable else "no",
                ]
            )
        out.append(
            {
                "id": a.pk,
                "kind": a.kind,
                "status": a.status,
                "framework": {
                    "id": version.framework_key,
                    "version": version.version,
                    "checksum": version.checksum,
                },
                "started_from_assessment": a.started_from_id,
                "created_at": a.created_at,
                "updated_at": a.updated_at,
                "submitted_at": a.submitted_at,
                "answers": items,
                "competency_scores": {
                    cid: {
                        "score": s.score,
                        "status": str(s.status),
                        "items": s.items,
                        "rated": s.rated,
                        "not_applicable": s.not_applicable,
                    }
                    for cid, s in competency_scores.items()
                },
                "notes": [
                    {"competency_id": n.competency_id, "text": n.text, "updated_at": n.updated_at}
                    for n in sorted(a.notes.all(), key=lambda n: n.competency_id)
                ],
                "principle_reflections": [
                    {
                        "principle_id": r.principle_id,
                        "strength": r.strength,
                        "example": r.example,
                        "updated_at": r.updated_at,
                    }
                    for r in sorted(a.principle_reflections.all(), key=lambda r: r.principle_id)
                ],
                "shared_with": _shares(
                    a.shares.all(), extra=lambda s: {"audience": s.get_audience_display()}
                ),
            }
        )
    return {"scales": scales, "assessments": out}, rows


# -- development plans ----------------------------------------------------------------------------


def _author(comment, user) -> str:
    if comment.author_id is None:
        return FORMER_MEMBER
    return "You" if comment.author_id == user.pk else comment.author.full_name


def plans_data(user) -> dict:
    """Every plan with its focuses, resources, people, steps, evidence, check-ins, comments (as the
    plan page shows them) and shares; and the comments the person wrote on other people's plans."""
    framework = current_framework()
    plans = (
        plan_policy.own_plans(user)
        .prefetch_related(
            Prefetch(
                "focuses",
                queryset=Focus.objects.prefetch_related("resources", "people", "steps", "evidence__entry"),
            ),
            Prefetch("check_ins", queryset=CheckIn.objects.prefetch_related("notes__focus")),
            Prefetch("comments", queryset=Comment.objects.select_related("author", "check_in")),
            "shares__organisation",
        )
        .order_by("created_at", "pk")
    )

    out = []
    for p in plans:
        out.append(
            {
                "id": p.pk,
                "title": p.title,
                "status": p.status,
                "horizon_months": p.horizon_months,
                "from_assessment": p.from_assessment_id,
                "next_check_in_on": p.next_check_in_on,
                "created_at": p.created_at,
                "updated_at": p.updated_at,
                "activated_at": p.activated_at,
                "completed_at": p.completed_at,
                "focuses": [
                    {
                        "competency_id": f.competency_id,
                        "competency": _competency_name(framework, f.competency_id),
                        "why_now": f.why_now,
                        "score_at_start": f.score_at_start,
                        "score_at_completion": f.score_at_completion,
                        "resources": [
                            {"source": r.source, "resource_id": r.resource_id, "title": r.title, "url": r.url}
                            for r in f.resources.all()
                        ],
                        "people_to_learn_from": [
                            {"name": x.name, "note": x.note, "colleague_on_praxis": x.user_id is not None}
                            for x in f.people.all()
                        ],
                        "next_steps": [
                            {
                                "text": s.text,
                                "due_on": s.due_on,
                                "status": s.status,
                                "dropped_reason": s.dropped_reason,
                                "created_at": s.created_at,
                            }
                            for s in f.steps.all()
                        ],
                        "evidence": [
                            {
                                "journal_entry_id": e.entry_id,
                                "title": e.entry.title,
                                "linked_at": e.created_at,
                            }
                            for e in f.evidence.all()
                        ],
                    }
                    for f in p.focuses.all()
                ],
                "check_ins": [
                    {
                        "held_on": c.held_on,
                        "next_check_in_on": c.next_check_in_on,
                        "created_at": c.created_at,
                        "notes": [
                            {"competency_id": n.focus.competency_id, "text": n.text} for n in c.notes.all()
                        ],
                    }
                    for c in p.check_ins.all()
                ],
                "comments": [
                    {
                        "author": _author(c, user),
                        "on_check_in_held_on": c.check_in.held_on if c.check_in else None,
                        "text": c.text,
                        "created_at": c.created_at,
                    }
                    for c in p.comments.all()
                ],
                "shared_with_supervisors_in": _shares(p.shares.all()),
            }
        )
    written = Comment.objects.filter(author=user).exclude(plan__owner=user).order_by("created_at", "pk")
    return {
        "plans": out,
        "comments_you_wrote_on_other_peoples_plans": [
            {"text": c.text, "created_at": c.created_at} for c in written
        ],
    }


# -- journal ------------------------------------------------------------------------------------


def journal_data(user) -> tuple[list[dict], str]:
    """Every entry with its tags and shares, and the journal's own CSV export."""
    entries = list(
        journal.export_rows(user).prefetch_related("shares__organisation").order_by("occurred_on", "pk")
    )
    tag_kinds = dict(EntryTag._meta.get_field("kind").choices)
    data = [
        {
            "id": e.pk,
            "kind": e.kind,
            "occurred_on": e.occurred_on,
            "title": e.title,
            "notes": e.body,
            "duration_minutes": e.duration_minutes,
            "mode": e.mode,
            "site": e.site,
            "stakeholder_groups": e.stakeholder_groups,
            "what_i_did": e.what_i_did,
            "what_happened": e.what_happened,
            "what_i_would_do_differently": e.do_differently,
            "learning_type": e.learning_type,
            "hours": e.hours,
            "guided_answers": e.answers,
            "dilemma_id": e.dilemma_id,
            "created_at": e.created_at,
            "updated_at": e.updated_at,
            "tags": [
                {
                    "kind": tag_kinds.get(t.kind, t.kind),
                    "item_id": t.item_id,
                    "competency_id": t.competency_id,
                }
                for t in e.tags.all()
            ],
            "shared_with_supervisors_in": _shares(e.shares.all()),
        }
        for e in entries
    ]
    return data, csv_text(journal.EXPORT_COLUMNS, map(journal.export_row, entries))


# -- feedback -----------------------------------------------------------------------------------


def _figure(figure) -> dict | None:
    if figure is None:
        return None
    return {"n": figure.n, "mean": round(figure.mean, 2)}


def _report(round_) -> dict:
    """The round's report exactly as its page shows it: only figures the aggregate lets through."""
    r = feedback.report_for(round_)
    groups = list(r.aggregate.visible_groups)
    return {
        "responses": r.aggregate.total_responses,
        "minimum_group_size": r.aggregate.threshold,
        "groups_shown": {g: r.group_labels.get(g, g) for g in groups},
        "competencies": [
            {
                "competency_id": row.competency.id,
                "competency": row.competency.name,
                "you": row.comparison.self_score,
                "all_others": _figure(row.result.all_others),
                "groups": {g: _figure(row.result.groups.get(g)) for g in groups},
                "others_compared_with_you": _figure(row.comparison.others),
                "difference": row.comparison.difference,
                "flag": row.kind,
            }
            for row in r.competencies
        ],
        "working_relationship": [
            {
                "item_id": row.item.id,
                "statement": row.item.text,
                "all_others": _figure(row.result.all_others),
                "groups": {g: _figure(row.result.groups.get(g)) for g in groups},
            }
            for row in r.trust
        ],
        "comments": list(r.aggregate.comments),
    }


def feedback_data(user) -> list[dict]:
    """Every round the person asked for: what they set up, whom they invited, the response counts
    the round page shows, and for a closed round its report. Never a rater's own answers."""
    out = []
    for round_ in (
        feedback.rounds_for(user).prefetch_related("shares__organisation").order_by("created_at", "pk")
    ):
        out.append(
            {
                "id": round_.pk,
                "title": round_.title,
                "message": round_.message,
                "closes_on": round_.closes_on,
                "closed_at": round_.closed_at,
                "created_at": round_.created_at,
                "competency_ids": list(round_.competency_ids),
                "includes_working_relationship": round_.include_relationship,
                "minimum_group_size": round_.min_group_size,
                "open": round_.is_open,
                "invited": [
                    {
                        "name": rater.name,
                        "email": rater.email,
                        "relationship": rater.get_relationship_display(),
                        "invited_at": rater.invited_at,
                        "link_withdrawn_at": rater.revoked_at,
                    }
                    for rater in feedback.invited_raters(round_)
                ],
                "responses_so_far": [
                    {"group": c.label, "invited": c.invited, "enough_to_show": c.enough}
                    for c in feedback.response_counts(round_)
                ],
                "report": None if round_.is_open else _report(round_),
                "report_shared_with_supervisors_in": _shares(round_.shares.all()),
            }
        )
    return out


# -- learning from colleagues -------------------------------------------------------------------


def _competency_name(framework, competency_id: str) -> str:
    """The competency's name, or nothing for one the framework in use no longer has."""
    try:
        return framework.competency(competency_id).name
    except KeyError:
        return ""


def learning_data(user) -> dict:
    """The person's "I'd like to learn this from a colleague" wishes, the introductions a lead made
    between them and a colleague (whom, as the e-mail named them), and the introductions they sent
    as a lead. Three queries."""
    framework = current_framework()

    def person(who) -> str:
        return who.full_name if who is not None else FORMER_MEMBER

    wishes = (
        LearningWish.objects.filter(membership__user=user)
        .select_related("membership__organisation")
        .order_by("created_at", "pk")
    )
    received = (
        Introduction.objects.filter(Q(learner=user) | Q(mentor=user))
        .select_related("organisation", "learner", "mentor", "sent_by")
        .order_by("sent_at", "pk")
    )
    sent = (
        Introduction.objects.filter(sent_by=user)
        .select_related("organisation", "learner", "mentor")
        .order_by("sent_at", "pk")
    )
    return {
        "learning_wishes": [
            {
                "organisation": w.membership.organisation.name,
                "competency_id": w.competency_id,
                "competency": _competency_name(framework, w.competency_id),
                "made_at": w.created_at,
            }
            for w in wishes
        ],
        "introductions": [
            {
                "organisation": i.organisation.name,
                "competency_id": i.competency_id,
                "competency": _competency_name(framework, i.competency_id),
                "you_were": "the learner" if i.learner_id == user.pk else "the peer mentor",
                "introduced_to": person(i.mentor if i.learner_id == user.pk else i.learner),
                "introduced_by": person(i.sent_by),
                "sent_at": i.sent_at,
            }
            for i in received
        ],
        "introductions_you_sent": [
            {
                "organisation": i.organisation.name,
                "competency_id": i.competency_id,
                "competency": _competency_name(framework, i.competency_id),
                "learner": i.learner.full_name,
                "peer_mentor": i.mentor.full_name,
                "sent_at": i.sent_at,
            }
            for i in sent
        ],
    }


# -- recently deleted -----------------------------------------------------------------------------


def deleted_data(user) -> list[dict]:
    """What the person deleted and Praxis still keeps for them to restore, with its contents."""
    restorable = set(trash.recent(user).values_list("pk", flat=True))
    return [
        {
            "label": d.label,
            "kind": d.kind,
            "deleted_at": d.deleted_at,
            "kept_until": trash.expires_at(d),
            "restorable": d.pk in restorable,
            "objects": d.payload.get("objects", []),
        }
        for d in Deleted.objects.filter(owner=user).order_by("deleted_at", "pk")
    ]


# -- the archive --------------------------------------------------------------------------------


def _praxis_version() -> str:
    try:
        return metadata.version("praxis")
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "unknown"


def _json(data) -> str:
    return json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=2) + "\n"


def archive_name(user) -> str:
    return f"praxis-data-{timezone.localdate().isoformat()}.zip"


def archive(user) -> bytes:
    """The zip of everything `user` owns, built in memory."""
    exported_at = timezone.now()
    framework = current_framework()
    assessments, answer_rows = assessments_data(user)
    entries, journal_csv = journal_data(user)
    files = {
        "profile.json": _json({"exported_at": exported_at, **profile_data(user)}),
        "memberships.csv": csv_text(MEMBERSHIP_COLUMNS, membership_rows(user)),
        "assessments.json": _json(assessments),
        "answers.csv": csv_text(ANSWER_COLUMNS, answer_rows),
        "plans.json": _json(plans_data(user)),
        "journal.json": _json(entries),
        "journal.csv": journal_csv,
        "feedback_rounds.json": _json(feedback_data(user)),
        "supervision.json": _json(supervision_data(user)),
        "learning.json": _json(learning_data(user)),
        "cohorts.json": _json(cohorts_data(user)),
        "recently_deleted.json": _json(deleted_data(user)),
    }
    readme = render_to_string(
        "shell/personal_data/README.txt",
        {
            "user": user,
            "exported_at": _iso(exported_at),
            "praxis_version": _praxis_version(),
            "framework": framework,
            "scales": assessments["scales"],
            "rater_scale": rater_levels(framework),
            "agreement_scale": AGREEMENT_SCALE,
            "not_observed": NOT_OBSERVED,
            "cannot_say": CANNOT_SAY,
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("README.txt", readme)
        for name, text in files.items():
            zf.writestr(name, text)
    return buffer.getvalue()
