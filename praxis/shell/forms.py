from django import forms
from django.contrib.auth import authenticate

from praxis.core.forms import PlainLabels


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
