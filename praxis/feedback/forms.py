from datetime import timedelta

from django import forms
from django.utils import timezone

from praxis.core.forms import PlainLabels, date_input
from praxis.core.frameworks import current_framework
from praxis.core.inputs import IsoDateField, NameField
from praxis.core.limits import TEXT_MAX

from .models import Relationship


class RoundForm(PlainLabels, forms.Form):
    title = forms.CharField(max_length=200, initial="Feedback on my implementation support")
    message = forms.CharField(
        label="Your message to the people you ask",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why you are asking and what you will do with it. It appears in the e-mail and the form.",
    )
    closes_on = IsoDateField(label="Closing date", widget=date_input())
    competencies = forms.MultipleChoiceField(
        label="Competencies to ask about", widget=forms.CheckboxSelectMultiple
    )
    include_relationship = forms.BooleanField(
        label="Include five questions about our working relationship (trust)", required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        framework = current_framework()
        self.fields["competencies"].choices = [(c.id, c.name) for c in framework.competencies]
        self.fields["competencies"].initial = [c.id for c in framework.competencies]
        self.fields["closes_on"].initial = timezone.localdate() + timedelta(days=21)


class RaterForm(PlainLabels, forms.Form):
    email = forms.EmailField(label="Their e-mail address")
    name = NameField(label="Their name (optional)", required=False, max_length=200)
    relationship = forms.ChoiceField(label="How they know your work", choices=Relationship.choices)
