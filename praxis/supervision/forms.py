"""Forms for supervision. Every posted value is typed here (praxis.core.inputs) before a service
sees it; a form that does not validate is shown again with its errors beside the fields, as typed."""

from django import forms

from praxis.core.forms import PlainLabels, date_input
from praxis.core.inputs import ChoiceField, IdField, IsoDateField, TextField
from praxis.core.limits import TEXT_MAX

from .models import STEP_TEXT_MAX, Visibility


class NoteForm(PlainLabels, forms.Form):
    text = TextField(label="Note", max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    visibility = ChoiceField(
        label="Who can read it",
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "note-%s")  # two forms on one page: ids of their own
        super().__init__(*args, **kwargs)


class ActionForm(PlainLabels, forms.Form):
    text = TextField(label="Agreed action", max_length=STEP_TEXT_MAX)
    due_on = IsoDateField(label="Due by (optional)", required=False, widget=date_input())
    competency = ChoiceField(label="Competency it develops (optional)", required=False)

    def __init__(self, *args, competencies, focus_ids=(), **kwargs):
        kwargs.setdefault("auto_id", "action-%s")
        super().__init__(*args, **kwargs)
        focus = [(c.id, c.name) for c in competencies if c.id in focus_ids]
        other = [(c.id, c.name) for c in competencies if c.id not in focus_ids]
        choices = [("", "None in particular")]
        if focus:
            choices.append(("Focuses of their plan", focus))
        choices.append(("Other competencies" if focus else "Competencies", other))
        self.fields["competency"].choices = choices


class AcceptForm(forms.Form):
    focus = IdField(required=False)
