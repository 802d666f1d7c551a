"""Typed input for the team pages."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from praxis.accounts.models import Role
from praxis.core.inputs import IdField, NameField, TextField, TickField, validate_no_nul

from .models import Team

TEAM_NAME_MAX = Team._meta.get_field("name").max_length
TEAM_DESCRIPTION_MAX = Team._meta.get_field("description").max_length


class TeamForm(forms.Form):
    name = NameField(label="Team name", max_length=TEAM_NAME_MAX)
    description = TextField(
        label="What the team does (optional)",
        max_length=TEAM_DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[validate_no_nul],
    )


class PlaceForm(forms.Form):
    membership = IdField(label="Member")


class ConsentForm(forms.Form):
    named_to_leads = TickField(required=False)
    counted_in_statistics = TickField(required=False)
    support_work_counted = TickField(required=False)


ROLE_CHOICES = [("", "Every role"), *Role.choices]


class FilterForm(forms.Form):
    """The filters of the heat map, statistics and growth pages (GET); anything invalid is ignored."""

    team = IdField(required=False)
    role = forms.ChoiceField(choices=ROLE_CHOICES, required=False)


class MonthField(forms.CharField):
    """A month as the growth page's selects send it (2026-11), as a month index (year × 12 +
    month − 1); anything else is invalid."""

    default_error_messages = {"invalid": "Choose a month from the list."}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        found = re.fullmatch(r"([0-9]{4})-([0-9]{2})", value)
        if not found or not 1 <= int(found[2]) <= 12:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(found[1]) * 12 + int(found[2]) - 1


class GrowthForm(FilterForm):
    first = MonthField(label="First month end", required=False)
    second = MonthField(label="Second month end", required=False)
