import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from praxis.core.forms import PlainLabels, date_input
from praxis.core.frameworks import current_framework
from praxis.core.inputs import ChoiceField, IdField, IsoDateField, TextField, WholeNumberField
from praxis.core.limits import TEXT_MAX

from .models import Entry, Kind

COMMON = ["occurred_on", "title"]
FIELDS_BY_KIND = {
    Kind.SUPPORT: COMMON
    + [
        "duration_minutes",
        "mode",
        "site",
        "stakeholder_groups",
        "what_i_did",
        "what_happened",
        "do_differently",
        "body",
    ],
    Kind.REFLECTION: COMMON + ["body"],
    Kind.LEARNING: COMMON + ["learning_type", "hours", "body"],
    Kind.GUIDED: COMMON + ["body"],
    Kind.DILEMMA: COMMON + ["dilemma_id", "what_happened", "what_i_did", "body"],
}
LABELS_BY_KIND = {
    Kind.DILEMMA: {
        "what_happened": "How it showed up",
        "what_i_did": "What I did",
        "body": "Further thoughts",
    },
    Kind.LEARNING: {"body": "What I took from it"},
    Kind.REFLECTION: {"body": "Reflection"},
    Kind.GUIDED: {"body": "Anything else"},
}
TEXTAREA_ROWS = {"what_i_did": 4, "what_happened": 4, "do_differently": 3, "body": 6}


def tag_choices():
    framework = current_framework()
    choices = [(c.id, c.name) for c in framework.competencies]
    choices += [(a.id, a.text) for c in framework.competencies for a in c.all_key_activities()]
    choices += [(p.id, p.name) for p in framework.principles]
    return choices


class EntryForm(PlainLabels, forms.ModelForm):
    # Ticked in the "choose yourself" lists (competencies, principles) ...
    tags = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    # ... and ticked among suggestions (competencies, key activities). Kept apart so a refresh of
    # the suggestions can always carry forward what was ticked there; merged when saving.
    suggested_tags = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    # The version of the entry this form was loaded at (editing only): a save from behind is refused.
    loaded_version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    class Meta:
        model = Entry
        fields = sorted({f for fields in FIELDS_BY_KIND.values() for f in fields})
        widgets = {"occurred_on": date_input()}
        field_classes = {"occurred_on": IsoDateField, "duration_minutes": WholeNumberField}  # ASCII digits

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if self.instance.pk is None:  # a new entry is about today unless the person says otherwise
            self.initial.setdefault("occurred_on", timezone.localdate())
        wanted = FIELDS_BY_KIND[kind]
        for name in list(self.fields):
            if name not in wanted and name not in ("tags", "suggested_tags", "loaded_version"):
                del self.fields[name]
        for name, label in LABELS_BY_KIND.get(kind, {}).items():
            self.fields[name].label = label
        for name, rows in TEXTAREA_ROWS.items():
            if name in self.fields:
                self.fields[name].widget.attrs["rows"] = rows
        self.order_fields([*wanted, "tags", "suggested_tags", "loaded_version"])
        framework = current_framework()
        self.fields["tags"].choices = self.fields["suggested_tags"].choices = tag_choices()
        if kind == Kind.SUPPORT:
            self.fields["duration_minutes"].required = True
            self.fields["mode"].required = True
        if kind == Kind.DILEMMA:
            self.fields["dilemma_id"] = forms.ChoiceField(
                label="Which dilemma",
                choices=[("", "Choose a dilemma")] + [(d.id, d.title) for d in framework.dilemmas],
            )
        if kind == Kind.LEARNING:
            self.fields["hours"].required = True
        if kind == Kind.GUIDED:
            self.questions = framework.reflective_questions
            initial = self.instance.answers or {}
            for question in self.questions:
                self.fields[f"q-{question.id}"] = forms.CharField(
                    label=f"{question.number}. {question.text}",
                    required=False,
                    max_length=TEXT_MAX,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=" ".join(s.text for s in question.sub_questions),
                    initial=initial.get(question.id, ""),
                )
            # the ten questions first, "anything else" after them
            self.order_fields(
                [
                    *COMMON,
                    *(f"q-{q.id}" for q in self.questions),
                    "body",
                    "tags",
                    "suggested_tags",
                    "loaded_version",
                ]
            )

    def clean_duration_minutes(self):
        minutes = self.cleaned_data.get("duration_minutes")
        if minutes is not None and not 1 <= minutes <= 24 * 60:
            raise forms.ValidationError("Enter the time in minutes, between 1 and 1,440 (a whole day).")
        return minutes

    def clean_hours(self):
        hours = self.cleaned_data.get("hours")
        if hours is not None and not 0 < hours <= 1000:
            raise forms.ValidationError("Enter the hours spent, more than 0 and at most 1,000.")
        return hours

    def chosen_tags(self) -> list[str]:
        return list(dict.fromkeys([*self.cleaned_data["tags"], *self.cleaned_data["suggested_tags"]]))

    def entry_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in FIELDS_BY_KIND[self.kind]}
        for name in ("mode", "learning_type", "dilemma_id"):
            if name in data and data[name] is None:
                data[name] = ""
        if self.kind == Kind.GUIDED:
            data["answers"] = {q.id: self.cleaned_data.get(f"q-{q.id}", "") for q in self.questions}
        return data

    def text_for_suggestions(self) -> str:
        """Everything typed so far, for tag suggestions (works on unsaved, even invalid, forms)."""
        names = [n for n in self.fields if n in TEXTAREA_ROWS or n == "title" or n.startswith("q-")]
        return "\n".join(str(self.data.get(n, "")) for n in names)


def saved_version_rows(entry: Entry) -> list[tuple[str, str]]:
    """The saved entry field by field, labelled as its form labels them, to show beside an edit
    that was refused because the entry changed elsewhere."""
    form = EntryForm(instance=entry, kind=entry.kind)
    rows = []
    for name, field in form.fields.items():
        if name in ("tags", "suggested_tags", "loaded_version"):
            continue
        value = form[name].value()
        if isinstance(field, forms.ChoiceField):
            value = dict(field.choices).get(value, value)
        elif isinstance(value, datetime.date):
            value = date_format(value, "j F Y")
        rows.append((field.label, "" if value is None else str(value)))
    labels = dict(tag_choices())
    rows.append(("Tags", ", ".join(labels.get(t.item_id, t.item_id) for t in entry.tags.all())))
    return rows


class FilterForm(PlainLabels, forms.Form):
    q = forms.CharField(label="Words", required=False, max_length=200)
    kind = ChoiceField(label="Kind", required=False, choices=[("", "All kinds"), *Kind.choices])
    competency = ChoiceField(label="Competency", required=False)
    date_from = IsoDateField(label="From", required=False, widget=date_input())
    date_to = IsoDateField(label="To", required=False, widget=date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [("", "All competencies")] + [
            (c.id, c.name) for c in current_framework().competencies
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "Choose a date on or after the “From” date.")
        return cleaned

    def filters(self):
        """The filters to apply: every field that is valid (an invalid one is shown with its
        error and left out, so the rest of what was asked still applies)."""
        if self.is_bound:
            self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned.get(name) or ("" if name in ("q", "kind", "competency") else None)
            for name in self.fields
        }


class SharedFilterForm(PlainLabels, forms.Form):
    """Whose shared entries to show: a person (by id, from the list of people) or a name to look for."""

    name = TextField(label="Name", required=False, max_length=200)
    person = IdField(required=False, widget=forms.HiddenInput)
