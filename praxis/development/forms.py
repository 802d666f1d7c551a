"""One form per change to a plan. Every posted value is typed here (praxis.core.inputs) before a
service sees it; a form that does not validate is shown again beside its fields, as typed."""

from django import forms

from praxis.core.forms import PlainLabels
from praxis.core.inputs import (
    ChoiceField,
    IdField,
    IsoDateField,
    NameField,
    TextField,
    TypedChoiceField,
    VersionField,
)
from praxis.core.limits import TEXT_MAX

from .models import Horizon, ResourceSource, StepStatus


class NewPlanForm(forms.Form):
    from_assessment = IdField(required=False)


class PlanForm(PlainLabels, forms.Form):
    title = TextField(label="Title", max_length=200, required=False)
    horizon = TypedChoiceField(label="Horizon", choices=Horizon.choices, coerce=int)
    version = VersionField()


class AddFocusForm(PlainLabels, forms.Form):
    """A focus and, optionally, its first next step: one form, one save."""

    competency = ChoiceField(label="Competency")
    why_now = TextField(label="Why it matters now (optional)", max_length=TEXT_MAX, required=False)
    text = TextField(label="A first next step (optional)", max_length=500, required=False)
    due_on = IsoDateField(label="Due by (optional)", required=False)

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [(c.id, c.name) for c in framework.competencies]


class AddAreasForm(forms.Form):
    """Development areas of an assessment to add to the plan already open."""

    from_assessment = IdField()
    competency = forms.MultipleChoiceField(label="Areas to add")

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [(c.id, c.name) for c in framework.competencies]


class FocusForm(PlainLabels, forms.Form):
    why_now = TextField(label="Why it matters now", max_length=TEXT_MAX, required=False)
    version = VersionField()


class FrameworkResourceForm(forms.Form):
    resource_id = ChoiceField(label="From the framework’s resources")

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource_id"].choices = [(r.id, r.title) for r in framework.resources]


class OwnResourceForm(PlainLabels, forms.Form):
    source = ChoiceField(
        label="Or your own, or your organisation’s",
        choices=[(ResourceSource.OWN, "My own"), (ResourceSource.ORGANISATION, "From my organisation")],
    )
    title = TextField(label="Name", max_length=300)
    url = TextField(label="Link (optional)", max_length=500, required=False)


class PersonForm(PlainLabels, forms.Form):
    name = NameField(label="Name, and how you know them", max_length=200)
    note = TextField(label="Note", max_length=300, required=False)


class MentorForm(forms.Form):
    mentor = IdField()


class MentorsAskedForm(forms.Form):
    """`?mentors=<focus>` on the plan page: show that focus's suggested peer mentors."""

    mentors = IdField(required=False)


class StepForm(PlainLabels, forms.Form):
    text = TextField(label="A next step", max_length=500)
    due_on = IsoDateField(label="Due by (optional)", required=False)


class StepStatusForm(PlainLabels, forms.Form):
    status = ChoiceField(label="Status", choices=StepStatus.choices)
    reason = TextField(label="Reason, if dropped", max_length=500, required=False)


class CommentForm(forms.Form):
    text = TextField(label="Comment", max_length=TEXT_MAX)
    check_in = IdField(required=False)


class CheckInForm(PlainLabels, forms.Form):
    held_on = IsoDateField(label="Held on", required=False)
    next_on = IsoDateField(label="Next check-in", required=False)

    def __init__(self, *args, focuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.focus_ids = [f.pk for f in focuses]
        for pk in self.focus_ids:
            self.fields[f"note-{pk}"] = TextField(max_length=TEXT_MAX, required=False)

    def note_errors(self) -> dict[int, list]:
        return {pk: self.errors[f"note-{pk}"] for pk in self.focus_ids if f"note-{pk}" in self.errors}

    def notes(self) -> dict[int, str]:
        return {pk: self.cleaned_data.get(f"note-{pk}", "") for pk in self.focus_ids}


class EvidenceForm(forms.Form):
    focus = IdField()
    entry = IdField()
