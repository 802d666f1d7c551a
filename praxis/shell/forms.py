from django import forms
from django.contrib.auth import authenticate

from praxis.core.forms import PlainLabels
from praxis.core.inputs import TextField


class AccountDeleteForm(PlainLabels, forms.Form):
    """The person's password again, checked like a sign-in (wrong guesses count towards a pause)."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        checked = authenticate(self.request, username=user.email, password=password)
        if checked is None or checked.pk != user.pk:
            raise forms.ValidationError("That is not your password. Check it and try again.")
        return password


class FocusLogForm(forms.Form):
    """The one line of "log something for this focus" on the dashboard."""

    text = TextField(
        max_length=200,
        error_messages={
            "required": "Write a line about what you did or noticed, then log it.",
            "max_length": "Keep it to %(limit_value)d characters here; you can add details to the entry "
            "afterwards (you typed %(show_value)d).",
        },
    )


class DigestPreferenceForm(forms.Form):
    """A checkbox: "on" when ticked, absent when not; anything else is refused."""

    weekly = forms.ChoiceField(choices=[("on", "Send me a weekly digest by e-mail")], required=False)
