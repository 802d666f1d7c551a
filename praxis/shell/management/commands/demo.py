"""``praxis demo``: a demo organisation with people and assessment history. Safe to run again."""

from __future__ import annotations

import random
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from praxis.accounts import services as accounts
from praxis.accounts.models import Membership, Organisation, Role, ShareAudience, User
from praxis.assessments import services as assessments
from praxis.assessments.models import Assessment, Kind
from praxis.core.frameworks import current_framework
from praxis.feedback import services as feedback
from praxis.programmes.demo import demo_programme
from praxis.teams import services as teams
from praxis.teams.models import TeamMember

PASSWORD = "praxis-demo-2026"
ORGANISATION = "Riverside Implementation Centre"
PEOPLE = [
    ("lead", "Helen Okafor", "Director of implementation support", Role.LEAD),
    ("supervisor", "Tomás Byrne", "Practice lead", Role.SUPERVISOR),
    ("amira", "Amira Haddad", "Implementation specialist", Role.PRACTITIONER),
    ("ben", "Ben Adeyemi", "Improvement advisor", Role.PRACTITIONER),
    ("chloe", "Chloé Martin", "Technical assistance provider", Role.PRACTITIONER),
    ("dev", "Dev Patel", "Implementation coach", Role.PRACTITIONER),
    ("erin", "Erin Walsh", "Knowledge broker", Role.PRACTITIONER),
    ("farid", "Farid Rahimi", "Facilitator", Role.PRACTITIONER),
]

TEAMS = [("Coaching", ("amira", "ben", "chloe")), ("Knowledge exchange", ("dev", "erin", "farid"))]


def email_for(handle: str) -> str:
    return f"{handle}@demo.praxis.example"


class Command(BaseCommand):
    help = "Create a demo organisation with a lead, a supervisor and six practitioners with history."

    def handle(self, *args, **options):
        if Organisation.objects.filter(name=ORGANISATION).exists():
            self.stdout.write("The demo organisation is already there.")
        else:
            self._create()
            self.stdout.write(f"Created the demo organisation {ORGANISATION}.")
        self.stdout.write(f"\nDemo sign-ins (password for all: {PASSWORD})")
        for handle, name, _title, role in PEOPLE:
            self.stdout.write(f"  {email_for(handle):32} {name} — {Role(role).label.lower()}")

    @transaction.atomic
    def _create(self):
        people = {}
        for handle, name, title, _ in PEOPLE:
            # created confirmed, unlike a sign-up, so the demo people can invite and ask for feedback
            user = User.objects.filter(email=email_for(handle)).first() or User.objects.create_user(
                email=email_for(handle), full_name=name, password=PASSWORD
            )
            accounts.update_profile(user, full_name=name, job_title=title, role_title=title.lower())
            people[handle] = user
        organisation = accounts.create_organisation(creator=people["lead"], name=ORGANISATION)
        for handle, _, _, role in PEOPLE[1:]:
            Membership.objects.create(user=people[handle], organisation=organisation, role=role)
        # Five practitioners agreed that their de-identified answers may be used for research.
        for handle in ("amira", "ben", "chloe", "dev", "erin"):
            accounts.research_consent_set(user=people[handle], organisation=organisation, consent=True)
        # The lead proposes the supervisor; four practitioners have confirmed, Erin and Farid have
        # not yet (their dashboards ask them).
        for handle in ("amira", "ben", "chloe", "dev", "erin", "farid"):
            link = accounts.link_supervisor(
                organisation=organisation,
                by=people["lead"],
                supervisor=people["supervisor"],
                supervisee=people[handle],
            )
            if handle not in ("erin", "farid"):
                accounts.supervision_confirm(supervisee=people[handle], link_id=link.pk)
        demo_programme(organisation=organisation, lead=people["lead"], tutor=people["supervisor"])

        competencies = [c.id for c in current_framework().competencies]
        now = timezone.now()
        for n, (handle, *_rest) in enumerate(PEOPLE[2:]):
            rng = random.Random(handle)  # the same demo data every time
            levels = {c: rng.choice([2, 2, 3, 3, 3, 4]) for c in competencies}
            not_applicable = rng.choice(competencies)
            for months_ago, growth in ((7, 0), (1, 1)):
                assessment = assessments.start_assessment(owner=people[handle], kind=Kind.QUICK)
                for competency in competencies:
                    if competency == not_applicable:
                        raw = "na"
                    else:
                        raw = str(min(5, levels[competency] + (growth if rng.random() < 0.5 else 0)))
                    assessments.save_answer(assessment=assessment, item_id=competency, raw=raw)
                for principle in current_framework().principles:
                    assessments.save_principle_reflection(
                        assessment=assessment,
                        principle_id=principle.id,
                        strength=str(rng.randint(2, 4)),
                        example="",
                    )
                assessment = assessments.submit(assessment=assessment)
                when = now - timedelta(days=30 * months_ago + n)
                Assessment.objects.filter(pk=assessment.pk).update(created_at=when, submitted_at=when)
                if months_ago == 1 and handle == "amira":
                    self._feedback_round(people["amira"], rng)
                if months_ago == 1 and handle != "farid":
                    audience = (
                        ShareAudience.ORGANISATION
                        if handle in ("amira", "erin")
                        else ShareAudience.SUPERVISORS
                    )
                    accounts.share_set(
                        owner=people[handle], obj=assessment, organisation=organisation, audience=audience
                    )

        self._teams(organisation, people, now)

    def _teams(self, organisation, people, now):
        """Two teams, placed before anyone assessed; everyone counted in team statistics, four
        named to the lead on the heat map (Erin and Farid chose not to be)."""
        placed_at = now - timedelta(days=30 * 8)
        for name, handles in TEAMS:
            team = teams.team_create(organisation=organisation, by=people["lead"], name=name)
            for handle in handles:
                membership = Membership.objects.get(organisation=organisation, user=people[handle])
                teams.team_member_add(team=team, by=people["lead"], membership=membership)
            TeamMember.objects.filter(team=team).update(added_at=placed_at)
        for handle, *_rest in PEOPLE[2:]:
            accounts.consents_set(
                user=people[handle],
                organisation=organisation,
                named_to_leads=handle not in ("erin", "farid"),
                counted_in_statistics=True,
            )

    def _feedback_round(self, owner, rng):
        """A closed round: three peers, one stakeholder (kept hidden by the threshold) and a supervisor."""

        competencies = [c.id for c in current_framework().competencies]
        round_ = feedback.create_round(
            owner=owner,
            title="Feedback after the spring pilot",
            message="Thank you for taking the time.",
            closes_on=timezone.localdate() + timedelta(days=7),
            competency_ids=competencies,
            include_relationship=True,
        )
        raters = [
            ("peer", "Clear and patient facilitator."),
            ("peer", "Brings data alive in meetings."),
            ("peer", "Could involve frontline staff earlier."),
            ("stakeholder", "A stakeholder's words."),
            ("supervisor", ""),
        ]
        for n, (relationship, comment) in enumerate(raters):
            _, token = feedback.add_rater(
                round_=round_,
                email=f"rater{n}@demo.praxis.example",
                name="",
                relationship=relationship,
                notify=False,
            )
            if relationship == "supervisor":
                continue  # did not respond
            posted = {c: str(rng.choice([2, 3, 3, 4, 4, 5])) for c in competencies}
            posted.update({t: str(rng.choice([3, 4, 5])) for t in ("trust.reliable", "trust.same-aims")})
            feedback.save_response(
                token=token, posted=posted, comment=comment, identifiable=False, submit=True
            )
        feedback.close_round(round_=round_)
