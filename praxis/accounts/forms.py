from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)

from praxis.core.forms import PlainLabels
from praxis.core.inputs import NameField, TickField, VersionField, WholeNumberField, as_id
from praxis.core.limits import GROUP_SIZE_SETTING_MAX
from praxis.scoring.disclosure import FLOOR

from . import policy
from .models import Role, User, normalise_email

PASSWORD_HELP = "At least 8 characters; avoid common words and all-number passwords."


class SignUpForm(PlainLabels, forms.Form):
    full_name = NameField(label="Your name", max_length=150)
    email = forms.EmailField(label="E-mail address", help_text="You will use it to sign in.")
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_HELP,
    )

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this e-mail address already exists. Try signing in instead."
            )
        return email

    def clean(self):
        data = super().clean()
        if data.get("password"):
            candidate = User(email=data.get("email", ""), full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(data["password"], candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class SignInForm(PlainLabels, AuthenticationForm):
    username = forms.EmailField(label="E-mail address", widget=forms.EmailInput(attrs={"autofocus": True}))

    error_messages = {
        "invalid_login": "That e-mail address and password don’t match an account. Check both and try again.",
        "inactive": "This account has been switched off.",
    }

    def clean_username(self):
        return normalise_email(self.cleaned_data["username"])


def throttled_email(request, credentials=None) -> str | None:
    """The e-mail address django-axes counts sign-in failures against (AXES_USERNAME_CALLABLE):
    lower-cased, so "Alice@x.org" and "alice@x.org" share one counter."""
    source = credentials or getattr(request, "POST", {})
    value = source.get("username")
    return normalise_email(value) if value else value


def _new_password_in_our_words(form):
    form.fields["new_password1"].label = "New password"
    form.fields["new_password1"].help_text = PASSWORD_HELP
    form.fields["new_password2"].label = "The new password again"
    form.fields["new_password2"].help_text = ""


NEW_PASSWORD_MISMATCH = "The two new passwords are different. Type the same one twice."


class PasswordChange(PlainLabels, PasswordChangeForm):
    """Django's form (the current password, then the new one twice) in Praxis's words."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "That is not your current password. Type it again.",
        "password_mismatch": NEW_PASSWORD_MISMATCH,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Your current password"
        _new_password_in_our_words(self)


class NewPassword(PlainLabels, SetPasswordForm):
    """Choosing a new password from a reset link: Django's form in the same words as changing it
    (no "New password confirmation", no list of rules in Django's voice)."""

    error_messages = {**SetPasswordForm.error_messages, "password_mismatch": NEW_PASSWORD_MISMATCH}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _new_password_in_our_words(self)


class PasswordReset(PlainLabels, PasswordResetForm):
    email = forms.EmailField(
        label="E-mail address", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class ProfileForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "job_title", "role_title"]
        labels = {"full_name": "Your name"}


class OrganisationForm(PlainLabels, forms.Form):
    name = NameField(label="Organisation name", max_length=200)


class OrganisationSettingsForm(PlainLabels, forms.Form):
    """The lead's feedback settings. ``version`` is the settings version the page was loaded at,
    so a save made after someone else's changes nothing (see services.organisation_settings_update)."""

    min_group_size = WholeNumberField(
        label="Show a group’s feedback only from this many responses",
        min_value=FLOOR,
        max_value=GROUP_SIZE_SETTING_MAX,
        help_text="Applies to feedback rounds started from now on. 3 is the default and the lowest allowed.",
    )
    rater_list_approval = forms.BooleanField(
        label="A supervisor approves each feedback round’s list of raters before invitations go out",
        required=False,
        help_text="One of the person’s supervisors here sees the addresses and relationships first, "
        "so nobody can fill a group with addresses of their own.",
    )
    version = VersionField()

    @classmethod
    def for_organisation(cls, organisation):
        return cls(
            initial={
                "min_group_size": organisation.min_group_size,
                "rater_list_approval": organisation.rater_list_approval,
                "version": organisation.settings_version,
            }
        )


class InvitationForm(PlainLabels, forms.Form):
    email = forms.EmailField(label="Their e-mail address")
    role = forms.ChoiceField(label="Their role", choices=Role.choices, initial=Role.PRACTITIONER)


class PersonField(forms.CharField):
    """A member chosen by e-mail address (what the type-ahead fills in, and what anyone can type
    without JavaScript) or by id; looked up in the field's queryset, so nobody outside it is found."""

    default_error_messages = {
        "required": "Type the person’s e-mail address.",
        "not_found": "Nobody with that e-mail address can be chosen here.",
    }

    def __init__(self, *, queryset, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)
        self.queryset = queryset

    def widget_attrs(self, widget):
        return super().widget_attrs(widget) | {
            "inputmode": "email",
            "autocomplete": "off",
            "spellcheck": "false",
        }

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        number = as_id(text)
        if number is not None:
            found = self.queryset.filter(pk=number)
        elif "@" in text:
            found = self.queryset.filter(email__iexact=normalise_email(text))
        else:
            found = self.queryset.none()
        person = found.first()
        if person is None:
            raise forms.ValidationError(self.error_messages["not_found"], code="not_found")
        return person


class SupervisionForm(PlainLabels, forms.Form):
    supervisor = PersonField(
        queryset=User.objects.none(),
        label="Supervisor",
        help_text="Their e-mail address: a supervisor or lead here. Start typing a name to see suggestions.",
        error_messages={
            "not_found": "Nobody with that e-mail address can supervise here. Choose a supervisor or lead "
            "of this organisation other than yourself."
        },
    )
    supervisee = PersonField(
        queryset=User.objects.none(),
        label="Supervises",
        help_text="Their e-mail address: a member here. Start typing a name to see suggestions.",
        error_messages={
            "not_found": "Nobody with that e-mail address is a member here. Choose one of the members."
        },
    )

    def __init__(self, *args, organisation, by, **kwargs):
        super().__init__(*args, **kwargs)
        # who may be proposed is the policy's: supervisors and leads here, never the lead asking
        self.fields["supervisor"].queryset = policy.possible_supervisors(organisation, by)
        self.fields["supervisee"].queryset = User.objects.filter(memberships__organisation=organisation)


class ResearchConsentForm(PlainLabels, forms.Form):
    consent = TickField(label="My de-identified answers may be used for research", required=False)
    free_text = TickField(
        label="Include what I wrote in my notes too",
        required=False,
        help_text="Notes are passed on as you wrote them: leave this unticked if they name people or places.",
    )


class RoleForm(PlainLabels, forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)
