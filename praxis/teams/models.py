"""Teams: named groups of an organisation's members. A member may be in several teams; leaving
the organisation (deleting the membership) takes them out of every team."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from praxis.accounts.models import Membership, Organisation
from praxis.core.limits import LONG_TEXT_MAX


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique")]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="team_places")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "membership"], name="team_member_once")]

    def __str__(self) -> str:
        return f"{self.membership.user} in {self.team}"


# -- learning from colleagues and the support offer (issue 11.5-6) ------------------------------


class LearningWish(models.Model):
    """ "I'd like to learn this from a colleague": a member's explicit wish, in one organisation.

    It is their consent to be matched: the organisation's leads see the wish next to the peer
    mentors who opted in, and may introduce them. Tied to the membership, so leaving the
    organisation takes every wish made there with it."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="learning_wishes")
    competency_id = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "competency_id"], name="learning_wish_once"),
        ]

    def __str__(self) -> str:
        return f"{self.membership.user} would like to learn {self.competency_id}"


class Introduction(models.Model):
    """An introduction e-mail a lead sent to a learner and a peer mentor: recorded, so a pair is
    introduced at most once in `praxis.teams.matches.INTRODUCTION_DAYS`."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    competency_id = models.CharField(max_length=200)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["organisation", "learner", "mentor", "sent_at"], name="introduction_pair")
        ]

    def __str__(self) -> str:
        return f"{self.learner} introduced to {self.mentor} ({self.competency_id})"


class OfferStatement(models.Model):
    """The implementation support offer of an organisation, or of one of its teams, kept in
    versions. Its public page (`/offer/<slug>/`) shows the published version, to anyone."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="offer_statements")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="offers")
    slug = models.SlugField(max_length=120, unique=True)
    published = models.ForeignKey(
        "OfferVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(team__isnull=True), name="offer_once_per_organisation"
            ),
            models.UniqueConstraint(fields=["organisation", "team"], name="offer_once_per_team"),
        ]

    def __str__(self) -> str:
        return f"Offer of {self.team or self.organisation}"


class OfferVersion(models.Model):
    """One saved text of a statement. Versions are never changed: each save, draft or restore
    adds one, so every earlier text can be read and brought back."""

    statement = models.ForeignKey(OfferStatement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=LONG_TEXT_MAX)  # Markdown, rendered sanitised
    note = models.CharField(max_length=200, blank=True)  # e.g. "Drafted from the team's profile"
    # Kept when the author deletes their account, without the author (the organisation's record).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "number"], name="offer_version_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.statement}, version {self.number}"
