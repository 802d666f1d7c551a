"""Seed a database at organisation scale for bench/pages.py. Not part of the test suite.

Bulk inserts through the models (bulk_create in batches, never a service call per answer), with
realistic shapes: organisations of 250-2,000 members (the first has 2,000, or all practitioners
if fewer), one lead and a supervisor per ~40 practitioners in each (in the first, one supervisor
of 500), 5% peer mentors, three submitted full assessments per practitioner (every key activity
answered, some "not applicable"), shares of the latest assessment / plan / some entries, a plan
per practitioner (2-3 focuses, steps, a check-in, a supervisor comment), two journal entries each
plus journals of 100 / 1,000 / 10,000 entries for three people, and a feedback round for one
practitioner in ten.

The database is emptied first: the SQLite file is deleted, or PostgreSQL's public schema is
dropped and created again, then migrated. The people bench/pages.py signs in as are listed in
PEOPLE (fixed e-mail addresses).

    .venv/bin/python bench/seed.py --practitioners 10000                    # SQLite in /tmp/praxis-bench
    .venv/bin/python bench/seed.py --practitioners 10000 --database-url postgres://…

Share creation and stored-score creation are one small function each (create_shares,
create_stored_scores): adapt them when the models change.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_VAR_DIR = "/tmp/praxis-bench"
BATCH = 5000
CHUNK = 500  # practitioners per transaction
PASSWORD = "bench-password"

PEOPLE = {
    "journal_10000": "journal10000@bench.example",  # 10,000 entries; draft assessment; plan; round
    "journal_1000": "journal1000@bench.example",
    "journal_100": "journal100@bench.example",
    "supervisor_500": "supervisor500@bench.example",  # supervises 500 in the first organisation
    "lead": "lead0@bench.example",  # lead of the first (2,000-member) organisation
    "colleague": "colleague@bench.example",  # a 3-focus plan; peer mentors among colleagues
}
JOURNAL_SIZES = {"journal_100": 100, "journal_1000": 1000, "journal_10000": 10000}


def setup(database_url: str | None, var_dir: str) -> None:
    """Django for a benchmark in this process: `database_url`, or SQLite in `var_dir` (named
    here, not taken from the environment, so a bench never writes to the database of a real
    install); MD5 passwords and the test client's host; static files without a manifest; DEBUG off."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["PRAXIS_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praxis.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False  # even with PRAXIS_DEBUG=1: DEBUG keeps every query in memory
    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practitioners", type=int, default=2000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--var-dir", default=DEFAULT_VAR_DIR, help="where the SQLite file goes")
    args = parser.parse_args()
    if not args.database_url:
        Path(args.var_dir).mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(args.var_dir, "praxis.sqlite3" + suffix).unlink(missing_ok=True)
    setup(args.database_url, args.var_dir)
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":  # a throwaway file: no fsync while seeding
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA journal_mode = MEMORY")

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    counts = Seeder(args.practitioners).run()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"seeded {connection.vendor} in {time.perf_counter() - started:.0f} s: {counts}")


class Seeder:
    def __init__(self, practitioners: int) -> None:
        from praxis.core.frameworks import current_framework, current_framework_version

        self.n = practitioners
        self.rng = random.Random(14)
        self.framework = current_framework()
        self.version = current_framework_version()
        self.key_activities = [a.id for c in self.framework.competencies for a in c.key_activities]
        self.competency_of = {a.id: c.id for c in self.framework.competencies for a in c.key_activities}
        self.competencies = [c.id for c in self.framework.competencies]
        self.principles = [p.id for p in self.framework.principles]
        self.texts, self.labelled = load_texts()
        self.today = date.today()
        self.counts: dict[str, int] = {}

    def count(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def run(self) -> dict[str, int]:
        from django.contrib.auth.hashers import make_password
        from django.db import transaction

        self.password = make_password(PASSWORD)
        sizes = organisation_sizes(self.n, self.rng)
        number = 0
        for index, size in enumerate(sizes):
            with transaction.atomic():
                org, lead, supervisors = self.organisation(index, size)
            members = []
            for start in range(0, size, CHUNK):
                with transaction.atomic():
                    people = self.practitioners(index, org, number, min(CHUNK, size - start))
                    number += len(people)
                    members += people
                    self.links(org, supervisors, people, index, start)
                    self.assessments(org, people)
                    self.plans(org, people, supervisors)
                    self.journals(org, people, [(p, 2) for p in people])
                    self.rounds(people)
            if index == 0:
                with transaction.atomic():
                    self.special_people(org, members)
                    self.teams(org, lead, members)
            print(f"  organisation {index + 1}/{len(sizes)}: {size} practitioners", flush=True)
        return self.counts

    # -- people --------------------------------------------------------------------------------

    def user(self, email: str, name: str):
        from praxis.accounts.models import User

        return User(email=email, full_name=name, password=self.password)

    def organisation(self, index: int, size: int):
        from praxis.accounts.models import Membership, Organisation, User

        org = Organisation.objects.create(name=f"Organisation {index}", slug=f"org-{index}")
        lead = self.user(f"lead{index}@bench.example", f"Lead {index}")
        supervisors = [
            self.user(
                PEOPLE["supervisor_500"] if index == 0 and s == 0 else f"sup{index}-{s}@bench.example",
                f"Supervisor {index}-{s}",
            )
            for s in range(max(1, size // 40))
        ]
        User.objects.bulk_create([lead, *supervisors], batch_size=BATCH)
        Membership.objects.bulk_create(
            [Membership(user=lead, organisation=org, role="lead")]
            + [Membership(user=s, organisation=org, role="supervisor") for s in supervisors]
        )
        self.count("users", 1 + len(supervisors))
        return org, lead, supervisors

    def practitioners(self, org_index: int, org, first: int, n: int) -> list:
        from praxis.accounts.models import Membership, User

        people = [self.user(f"p{first + i}@bench.example", f"Practitioner {first + i}") for i in range(n)]
        User.objects.bulk_create(people, batch_size=BATCH)
        Membership.objects.bulk_create(
            [
                Membership(
                    user=p, organisation=org, role="practitioner", peer_mentor=self.rng.random() < 0.05
                )
                for p in people
            ],
            batch_size=BATCH,
        )
        self.count("users", n)
        return people

    def links(self, org, supervisors, people, org_index: int, start: int) -> None:
        """Supervisor 0 of the first organisation takes its first 500 practitioners; the others ~40 each.
        Every link is confirmed by its supervisee (a pending link gives access to nothing)."""
        from django.utils.timezone import now

        from praxis.accounts.models import SupervisionLink

        links = []
        for i, person in enumerate(people):
            position = start + i
            if org_index == 0 and position < 500:
                supervisor = supervisors[0]
            else:
                supervisor = (
                    supervisors[1 + position % (len(supervisors) - 1)]
                    if len(supervisors) > 1
                    else supervisors[0]
                )
            links.append(
                SupervisionLink(
                    organisation=org, supervisor=supervisor, supervisee=person, confirmed_at=now()
                )
            )
        SupervisionLink.objects.bulk_create(links, batch_size=BATCH)

    # -- assessments -----------------------------------------------------------------------------

    def assessments(self, org, people, share_all: bool = False) -> None:
        from django.utils import timezone

        from praxis.assessments.models import Answer, Assessment, Status

        now = timezone.now()
        assessments = [
            Assessment(
                owner=p,
                kind="full",
                framework_version=self.version,
                status=Status.SUBMITTED,
                submitted_at=now - timedelta(days=365 * (2 - cycle) + self.rng.randint(0, 60)),
            )
            for p in people
            for cycle in range(3)
        ]
        Assessment.objects.bulk_create(assessments, batch_size=BATCH)
        answers = []
        for assessment in assessments:
            base = self.rng.randint(1, 4)
            for item in self.key_activities:
                if self.rng.random() < 0.05:
                    answers.append(Answer(assessment=assessment, item_id=item, not_applicable=True))
                else:
                    level = min(5, max(1, base + self.rng.randint(-1, 2)))
                    answers.append(Answer(assessment=assessment, item_id=item, level=level))
            if len(answers) >= 50_000:
                Answer.objects.bulk_create(answers, batch_size=BATCH)
                self.count("answers", len(answers))
                answers = []
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        self.count("answers", len(answers))
        self.count("assessments", len(assessments))
        create_stored_scores(assessments)
        latest = assessments[2::3]
        if share_all:
            create_shares("assessment", org, [(a, "organisation") for a in latest])
        else:
            create_shares(
                "assessment", org, [(a, self.share_audience()) for a in latest if self.rng.random() < 0.7]
            )

    def share_audience(self) -> str:
        return "organisation" if self.rng.random() < 0.5 else "supervisors"

    # -- plans -----------------------------------------------------------------------------------

    def plans(self, org, people, supervisors, focuses: int | None = None) -> list:
        from django.utils import timezone

        from praxis.development.models import CheckIn, CheckInNote, Comment, Focus, NextStep, Plan

        now = timezone.now()
        plans = [
            Plan(
                owner=p,
                status="active",
                activated_at=now - timedelta(days=120),
                next_check_in_on=self.today + timedelta(days=30),
            )
            for p in people
        ]
        Plan.objects.bulk_create(plans, batch_size=BATCH)
        focus_rows = []
        for plan in plans:
            for position, cid in enumerate(
                self.rng.sample(self.competencies, focuses or self.rng.choice((2, 3)))
            ):
                focus_rows.append(
                    Focus(
                        plan=plan,
                        competency_id=cid,
                        position=position,
                        why_now=self.rng.choice(self.texts)[:300],
                    )
                )
        Focus.objects.bulk_create(focus_rows, batch_size=BATCH)
        NextStep.objects.bulk_create(
            [
                NextStep(
                    focus=f,
                    text=f"Step {s} for {f.competency_id}",
                    due_on=self.today + timedelta(days=30 * s),
                    status="done" if s == 0 else "planned",
                )
                for f in focus_rows
                for s in range(3)
            ],
            batch_size=BATCH,
        )
        check_ins = [
            CheckIn(
                plan=p,
                held_on=self.today - timedelta(days=60),
                next_check_in_on=self.today + timedelta(days=30),
            )
            for p in plans
        ]
        CheckIn.objects.bulk_create(check_ins, batch_size=BATCH)
        by_plan = {c.plan_id: c for c in check_ins}
        CheckInNote.objects.bulk_create(
            [CheckInNote(check_in=by_plan[f.plan_id], focus=f, text="Making progress.") for f in focus_rows],
            batch_size=BATCH,
        )
        shared = [p for p in plans if self.rng.random() < 0.5]
        create_shares("plan", org, [(p, None) for p in shared])
        Comment.objects.bulk_create(
            [Comment(plan=p, author=supervisors[0], text="Good progress, keep going.") for p in shared],
            batch_size=BATCH,
        )
        self.count("plans", len(plans))
        return plans

    # -- journal ---------------------------------------------------------------------------------

    def journals(self, org, people, sizes: list[tuple]) -> None:
        from praxis.journal import summary
        from praxis.journal.models import Entry, EntryTag

        modes = ["onsite", "virtual", "hybrid", "asynchronous"]
        sites = [f"Site {s}" for s in range(30)]
        entries, labels = [], []
        for person, n in sizes:
            for i in range(n):
                text, competencies = self.rng.choice(self.labelled)
                kind = self.rng.choice(("support", "support", "reflection", "learning"))
                entry = Entry(
                    owner=person,
                    kind=kind,
                    occurred_on=self.today - timedelta(days=(i * 3650) // max(n, 1) + self.rng.randint(0, 3)),
                    title=text[:60].rsplit(" ", 1)[0],
                    body=text,
                )
                if kind == "support":
                    entry.duration_minutes = self.rng.choice((30, 45, 60, 90, 120))
                    entry.mode = self.rng.choice(modes)
                    entry.site = self.rng.choice(sites)
                    entry.stakeholder_groups = "managers, practitioners"
                    entry.what_i_did = self.rng.choice(self.texts)[:400]
                elif kind == "learning":
                    entry.learning_type = "reading"
                    entry.hours = 2
                entries.append(entry)
                labels.append(competencies)
        Entry.objects.bulk_create(entries, batch_size=BATCH)
        tags = []
        for entry, competencies in zip(entries, labels, strict=True):
            for cid in competencies:
                tags.append(EntryTag(entry=entry, kind="competency", item_id=cid, competency_id=cid))
            activity = self.rng.choice(self.key_activities)
            if activity not in competencies:
                tags.append(
                    EntryTag(
                        entry=entry,
                        kind="key-activity",
                        item_id=activity,
                        competency_id=self.competency_of[activity],
                    )
                )
            tags.append(EntryTag(entry=entry, kind="principle", item_id=self.rng.choice(self.principles)))
        EntryTag.objects.bulk_create(tags, batch_size=BATCH)
        summary.rebuild({person.pk for person, _ in sizes})  # derived figures, as writes keep them
        create_shares("entry", org, [(e, None) for e in entries if self.rng.random() < 0.1])
        self.count("entries", len(entries))
        self.count("tags", len(tags))

    # -- feedback --------------------------------------------------------------------------------

    def rounds(self, people, everyone: bool = False) -> None:
        from django.utils import timezone

        from praxis.feedback.instrument import TRUST_IDS
        from praxis.feedback.models import Rater, Rating, Round

        owners = people if everyone else [p for p in people if self.rng.random() < 0.1]
        rounds = [
            Round(
                owner=p,
                title="Feedback after the spring work",
                closes_on=self.today - timedelta(days=10),
                competency_ids=self.rng.sample(self.competencies, 5),
                closed_at=timezone.now() - timedelta(days=10),
            )
            for p in owners
        ]
        Round.objects.bulk_create(rounds, batch_size=BATCH)
        raters = [
            Rater(
                round=r,
                email=f"rater{j}-{r.owner.email}",
                relationship=(
                    "supervisor",
                    "peer",
                    "peer",
                    "peer",
                    "stakeholder",
                    "stakeholder",
                    "stakeholder",
                    "other",
                )[j],
                token_hash=f"{r.owner.email}-{j}",
                comment="Clear and kind; helped us see what to do next.",
                submitted_at=timezone.now() - timedelta(days=12),
            )
            for r in rounds
            for j in range(8)
        ]
        Rater.objects.bulk_create(raters, batch_size=BATCH)
        ratings = [
            Rating(
                rater=rater, item_id=item, value=None if self.rng.random() < 0.1 else self.rng.randint(1, 5)
            )
            for rater in raters
            for item in [*rater.round.competency_ids, *TRUST_IDS]
        ]
        Rating.objects.bulk_create(ratings, batch_size=BATCH)
        self.count("rounds", len(rounds))
        self.count("ratings", len(ratings))

    # -- the people pages.py signs in as ---------------------------------------------------------

    def special_people(self, org, members) -> None:
        """Journals of 100 / 1,000 / 10,000, a draft, a round, and a colleague with a 3-focus plan.

        They are extra practitioners in the first organisation, supervised by the supervisor of 500
        (who then supervises 500 + these few)."""
        from django.utils.timezone import now

        from praxis.accounts.models import Membership, SupervisionLink, User
        from praxis.assessments.models import Answer, Assessment

        supervisor = User.objects.get(email=PEOPLE["supervisor_500"])
        keys = [*JOURNAL_SIZES, "colleague"]
        people = [self.user(PEOPLE[k], k.replace("_", " ").title()) for k in keys]
        User.objects.bulk_create(people)
        Membership.objects.bulk_create([Membership(user=p, organisation=org) for p in people])
        SupervisionLink.objects.bulk_create(
            [
                SupervisionLink(organisation=org, supervisor=supervisor, supervisee=p, confirmed_at=now())
                for p in people
            ]
        )
        by_key = dict(zip(keys, people, strict=True))
        self.assessments(org, people, share_all=True)
        for key in keys:
            self.plans(org, [by_key[key]], [supervisor], focuses=3)
        self.journals(org, people, [(by_key[k], n) for k, n in JOURNAL_SIZES.items()])
        self.rounds([by_key["journal_10000"]], everyone=True)
        draft = Assessment.objects.create(
            owner=by_key["journal_10000"], kind="full", framework_version=self.version
        )
        Answer.objects.bulk_create(
            Answer(assessment=draft, item_id=i, level=3) for i in self.key_activities[:60]
        )
        # make sure the colleague's organisation has peer mentors sharing with leads
        Membership.objects.filter(organisation=org, user__in=members[:100]).update(peer_mentor=True)

    def teams(self, org, lead, members) -> None:
        """Teams of about 30 in the first organisation, placed three years ago (before any
        assessment); four in five members counted in team statistics, half named to the leads."""
        from datetime import timedelta

        from django.utils.timezone import now

        from praxis.accounts.models import Membership
        from praxis.teams.models import Team, TeamMember

        teams = Team.objects.bulk_create(
            [Team(organisation=org, name=f"Team {n:03}") for n in range(max(1, len(members) // 30))]
        )
        memberships = dict(Membership.objects.filter(organisation=org).values_list("user_id", "pk"))
        TeamMember.objects.bulk_create(
            [TeamMember(team=self.rng.choice(teams), membership_id=memberships[p.pk]) for p in members]
        )
        TeamMember.objects.filter(team__organisation=org).update(added_at=now() - timedelta(days=3 * 365))
        counted = [memberships[p.pk] for p in members if self.rng.random() < 0.8]
        Membership.objects.filter(pk__in=counted).update(counted_in_statistics=True)
        named = [memberships[p.pk] for p in members if self.rng.random() < 0.5]
        Membership.objects.filter(pk__in=named).update(named_to_leads=True)
        self.count("teams", len(teams))


def load_texts() -> tuple[list[str], list[tuple[str, list[str]]]]:
    import yaml

    entries = yaml.safe_load((ROOT / "bench" / "data" / "journal_entries.yaml").read_text(encoding="utf-8"))
    labelled = [(" ".join(e["text"].split()), e["competencies"]) for e in entries]
    return [text for text, _ in labelled], labelled


def organisation_sizes(n: int, rng: random.Random) -> list[int]:
    sizes = [min(n, 2000)]
    while sum(sizes) < n:
        sizes.append(min(rng.randint(250, 2000), n - sum(sizes)))
    return sizes


# -- adapt these two when the models change ------------------------------------------------------


def create_shares(kind: str, organisation, items: list[tuple]) -> None:
    """SHARES: share each (object, audience) with `organisation` through the one Share model.
    kind: assessment, plan or entry; an audience of None means "supervisors"."""
    from django.contrib.contenttypes.models import ContentType

    from praxis.accounts.models import Share, ShareAudience
    from praxis.assessments.models import Assessment
    from praxis.development.models import Plan
    from praxis.journal.models import Entry

    model = {"assessment": Assessment, "plan": Plan, "entry": Entry}[kind]
    content_type = ContentType.objects.get_for_model(model)
    Share.objects.bulk_create(
        [
            Share(
                owner_id=obj.owner_id,
                organisation=organisation,
                audience=audience or ShareAudience.SUPERVISORS,
                content_type=content_type,
                object_id=obj.pk,
            )
            for obj, audience in items
        ],
        batch_size=BATCH,
    )


def create_stored_scores(assessments: list) -> None:
    """STORED SCORES: the per-competency rows submission writes, from the answers just inserted."""
    from praxis.assessments import scores
    from praxis.assessments.models import Answer, CompetencyResult

    submitted = [a for a in assessments if a.status == "submitted"]
    answers: dict[int, list] = {a.pk: [] for a in submitted}
    for answer in Answer.objects.filter(assessment__in=[a.pk for a in submitted]):
        answers[answer.assessment_id].append(answer)
    CompetencyResult.objects.bulk_create(
        [row for a in submitted for row in scores.results_to_store(a, answers[a.pk])], batch_size=BATCH
    )


if __name__ == "__main__":
    main()
