from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from praxis.core.forms import PlainLabels
from praxis.core.inputs import NameField, ObjectField, VersionField, WholeNumberField

from . import policy
from .models import Role, User


class SignUpForm(PlainLabels, forms.Form):
    full_name = NameField(label="Your name", max_length=150)
    email = forms.EmailField(label="E-mail address", help_text="You will use it to sign in.")
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters; avoid common words and all-number passwords.",
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
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
        min_value=3,
        max_value=10,
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


class SupervisionForm(PlainLabels, forms.Form):
    supervisor = ObjectField(queryset=User.objects.none(), label="Supervisor")
    supervisee = ObjectField(queryset=User.objects.none(), label="Supervises")

    def __init__(self, *args, organisation, by, **kwargs):
        super().__init__(*args, **kwargs)
        members = User.objects.filter(memberships__organisation=organisation).order_by("full_name")
        # who may be proposed is the policy's: supervisors and leads here, never the lead asking
        self.fields["supervisor"].queryset = policy.possible_supervisors(organisation, by)
        self.fields["supervisee"].queryset = members


class RoleForm(PlainLabels, forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)
