from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from praxis.core.inputs import validate_name
from praxis.scoring.disclosure import FLOOR


def normalise_email(value: str | None) -> str:
    """E-mail addresses are stored and compared in lower case: "Alice@X.org" is alice@x.org."""
    return (value or "").strip().lower()


class UserManager(BaseUserManager):
    """People created here (by a command, the admin or a test) are trusted with their e-mail address;
    sign-up, the public way in, creates them unverified (`services.sign_up`)."""

    use_in_migrations = True

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("An e-mail address is required")
        fields.setdefault("email_verified_at", timezone.now())
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)

    def get_by_natural_key(self, username):
        """Signing in ignores case, as sign-up does."""
        return self.get(**{self.model.USERNAME_FIELD: normalise_email(username)})


class User(AbstractBaseUser, PermissionsMixin):
    """A person using Praxis. They sign in with their e-mail address."""

    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField("full name", max_length=150, validators=[validate_name])
    job_title = models.CharField("job title", max_length=150, blank=True)
    role_title = models.CharField(
        "what you call your role",
        max_length=150,
        blank=True,
        help_text="For example coach, facilitator or implementation specialist.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    email_verified_at = models.DateTimeField(
        "e-mail address confirmed",
        null=True,
        blank=True,
        help_text="Until it is, Praxis sends no invitations or feedback requests on this person's behalf.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Organisation(models.Model):
    """An intermediary organisation, internal implementation unit or team using Praxis together."""

    name = models.CharField(max_length=200, validators=[validate_name])
    slug = models.SlugField(max_length=80, unique=True)
    min_group_size = models.PositiveSmallIntegerField(
        default=FLOOR,
        help_text="The fewest people whose answers may be shown together (never below 3).",
    )
    rater_list_approval = models.BooleanField(
        "a supervisor approves each feedback round's rater list",
        default=False,
        help_text="Invitations wait until one of the person's supervisors here has seen who is asked.",
    )
    # Raised by every save of the settings above, so a save based on an older page changes nothing.
    settings_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_group_size__gte=FLOOR), name="organisation_min_group_size_at_least_3"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    SUPERVISOR = "supervisor", "Supervisor"
    LEAD = "lead", "Organisation lead"


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRACTITIONER)
    peer_mentor = models.BooleanField(
        "open to being suggested as a peer mentor",
        default=False,
        help_text="Colleagues planning to develop a competency you are proficient in may be pointed to you. "
        "Your scores are never shown.",
    )
    # Three separate choices a member makes per organisation, all off by default and changeable
    # at any time with immediate effect (the teams and research apps read them through policy code).
    named_to_leads = models.BooleanField(
        "show my latest submitted assessment, with my name, to this organisation's leads",
        default=False,
    )
    counted_in_statistics = models.BooleanField(
        "let my latest submitted assessment count, without my name, in team statistics",
        default=False,
    )
    support_work_counted = models.BooleanField(
        "let the mode, site and length of my support activities count, without my name, "
        "in how the team works",
        default=False,
    )
    research_consent = models.BooleanField(
        "my de-identified answers may be used for research",
        default=False,
    )
    # A second, separate tick: free text can name people and places, so agreeing to share ratings
    # does not agree to share what one wrote. Only ever on together with research_consent.
    research_free_text = models.BooleanField(
        "what I wrote in my assessments' notes may be included too",
        default=False,
    )
    consents_changed_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation} ({self.get_role_display()})"


class SupervisionLink(models.Model):
    """Within an organisation, who supervises whom.

    A lead makes the link; it counts only once the supervisee confirms it (`confirmed_at`), so
    nobody reads what a practitioner shares with their supervisors without the practitioner
    knowing who that is. A pending link gives access to nothing.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="supervision_links")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervisee_links"
    )
    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervisor_links"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the supervisee confirmed the link; empty while pending."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "supervisor", "supervisee"], name="supervision_link_unique"
            ),
            models.CheckConstraint(condition=~Q(supervisor=F("supervisee")), name="supervision_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} supervises {self.supervisee}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ShareAudience(models.TextChoices):
    SUPERVISORS = "supervisors", "My supervisors"
    ORGANISATION = "organisation", "My supervisors and the organisation's leads"


class Share(models.Model):
    """The owner's explicit choice to let an organisation's supervisors (or also its leads) see one
    of their things: an assessment, a plan, a journal entry, or any later kind.

    One model for every kind, pointing at the object through a content type. A kind takes part by
    giving its model an `owner`, a `GenericRelation(Share, related_query_name=...)` named `shares`
    (so deleting the object deletes its shares), a `share_audiences` tuple saying which audiences
    it allows, and a `shareable` property (False for drafts) with an `unshareable_message`.
    Writes go through `praxis.accounts.services.share_set`; access through
    `praxis.accounts.policy.shared_object_ids`.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="shares")
    audience = models.CharField(max_length=20, choices=ShareAudience.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    shared = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "organisation"], name="share_once_per_organisation"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "owner", "content_type"], name="share_by_owner")]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} shared with {self.organisation} ({self.audience})"


class Invitation(models.Model):
    """A single-use, expiring link to join an organisation. Only a hash of the token is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRACTITIONER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    email_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty until the e-mail went out; the lead can send it again."
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
