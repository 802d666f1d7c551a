"""Forms for programmes. Every posted value is typed here (praxis.core.inputs) before a service sees
it; a form that does not validate is shown again with its errors beside the fields, as typed."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from praxis.core.forms import PlainLabels
from praxis.core.inputs import ChoiceField, NameField, TextField, TickField, WholeNumberField
from praxis.core.limits import TEXT_MAX

from .mapping_files import MAX_BYTES
from .models import DEFAULT_MAPPING_LEVELS, StaffRole
from .services import MappingEntry, ProgrammeError, mapping_levels_parse

_HOURS = re.compile(r"[0-9]{1,4}(\.[0-9])?\Z")


class ProgrammeForm(PlainLabels, forms.Form):
    organisation = ChoiceField(label="Organisation")
    name = NameField(label="Name of the programme", max_length=200)
    description = TextField(
        label="Description (optional)",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    levels = TextField(
        label="Mapping scale",
        max_length=500,
        initial="\n".join(DEFAULT_MAPPING_LEVELS),
        help_text="One level per line, lowest first (2 to 7 levels). A module addresses a competency at one "
        "of these levels. The scale cannot change once modules are mapped to it.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, organisations=(), editing=False, **kwargs):
        kwargs.setdefault("auto_id", "programme-%s")
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]
            if len(organisations) == 1:
                self.fields["organisation"].initial = str(organisations[0].pk)
                self.fields["organisation"].widget = forms.HiddenInput()

    def clean_levels(self) -> list[str]:
        try:
            return mapping_levels_parse(self.cleaned_data["levels"])
        except ProgrammeError as error:
            raise ValidationError(str(error)) from error


class HoursField(TextField):
    """Hours as ASCII digits with at most one decimal place (Decimal would read '٣' as 3)."""

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        if not _HOURS.match(text):
            raise ValidationError("Write the hours in digits, for example 12 or 7.5.")
        return Decimal(text)


class ModuleForm(PlainLabels, forms.Form):
    name = NameField(label="Module name", max_length=200)
    order = WholeNumberField(
        label="Position in the programme",
        min_value=1,
        max_value=999,
        required=False,
        help_text="1 for the first module. Leave it empty to put a new module last.",
    )
    hours = HoursField(
        label="Hours (optional)",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 6, "inputmode": "decimal"}),
    )
    description = TextField(
        label="Description (optional)",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, prefix_id="module", **kwargs):
        kwargs.setdefault("auto_id", f"{prefix_id}-%s")
        super().__init__(*args, **kwargs)


class StaffForm(PlainLabels, forms.Form):
    email = forms.EmailField(
        label="Their e-mail address", help_text="A member of the programme's organisation."
    )
    role = ChoiceField(
        label="Role", choices=StaffRole.choices, initial=StaffRole.TUTOR, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "staff-%s")
        super().__init__(*args, **kwargs)


class ImportForm(PlainLabels, forms.Form):
    file = forms.FileField(
        label="Mapping file (CSV or XLSX)",
        help_text="Columns: module, competency, key activity (optional), level, assessed (yes or no). "
        "Importing replaces the whole mapping of this programme; a file with any error changes nothing.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                f"The file is larger than {MAX_BYTES // 1_000_000} MB. Keep only the mapping in it."
            )
        return upload


class ModuleMappingForm(forms.Form):
    """One level field per competency and per key activity (empty: not addressed), and an
    "assessed here" box per competency. Field names: `level:<id>`, `assessed:<competency id>`."""

    def __init__(self, *args, framework, levels, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not addressed"), *[(str(i), name) for i, name in enumerate(levels)]]
        self.framework = framework
        for competency in framework.competencies:
            self.fields[f"level:{competency.id}"] = ChoiceField(
                label=competency.name, choices=choices, required=False
            )
            self.fields[f"assessed:{competency.id}"] = TickField(label="Assessed here", required=False)
            for activity in competency.all_key_activities():
                self.fields[f"level:{activity.id}"] = ChoiceField(
                    label=activity.text, choices=choices, required=False
                )

    def clean(self):
        data = super().clean()
        for competency in self.framework.competencies:
            if data.get(f"assessed:{competency.id}") and not data.get(f"level:{competency.id}"):
                self.add_error(
                    f"level:{competency.id}",
                    "Choose the level at which this module addresses it, or untick “assessed here”.",
                )
        return data

    def entries(self) -> list[MappingEntry]:
        """The mapping as service entries (call after is_valid)."""
        data, found = self.cleaned_data, []
        for competency in self.framework.competencies:
            level = data.get(f"level:{competency.id}")
            if level:
                found.append(
                    MappingEntry(competency.id, int(level), bool(data.get(f"assessed:{competency.id}")))
                )
            for activity in competency.all_key_activities():
                level = data.get(f"level:{activity.id}")
                if level:
                    found.append(MappingEntry(competency.id, int(level), False, activity.id))
        return found
