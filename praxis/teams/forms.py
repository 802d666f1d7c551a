"""Typed input for the team pages."""

from __future__ import annotations

from django import forms

from praxis.accounts.models import Role
from praxis.core.inputs import IdField, IsoDateField, NameField, TextField, TickField, validate_no_nul

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


class GrowthForm(FilterForm):
    first = IsoDateField(label="End of the first period", required=False)
    second = IsoDateField(label="End of the second period", required=False)
