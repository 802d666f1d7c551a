"""Typed input for the gaps, learning-match and offer pages (praxis.core.inputs fields only)."""

from __future__ import annotations

from django import forms

from praxis.core.frameworks import current_framework
from praxis.core.inputs import ChoiceField, IdField, TextField, VersionField, WholeNumberField
from praxis.core.limits import LONG_TEXT_MAX


def _competency_choices():
    return [(c.id, c.name) for c in current_framework().competencies]


class TeamFilterForm(forms.Form):
    team = IdField(required=False)


class WishForm(forms.Form):
    competency = ChoiceField(label="Competency", choices=_competency_choices)


class IntroductionForm(forms.Form):
    learner = IdField()
    mentor = IdField()
    competency = ChoiceField(choices=_competency_choices)


class StartForm(forms.Form):
    team = IdField(required=False)


class OfferEditForm(forms.Form):
    title = TextField(label="Title", max_length=200)
    body = TextField(
        label="Statement",
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text="Markdown: ## for a heading, - for a list, **bold**, _italic_, [a link](https://…). "
        "Never name a person or give a score here.",
    )
    based_on = VersionField()


class VersionNumberForm(forms.Form):
    number = WholeNumberField(min_value=1, max_value=2**31 - 1)
