"""Typed input for cohorts: every posted date, choice, file and consent is parsed here."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from praxis.assessments.models import Kind
from praxis.core.inputs import ChoiceField, IsoDateField, NameField, TextField, TickField

from .cohorts import MAX_LIST, Listed

LIST_MAX_BYTES = 200_000
_SEPARATORS = re.compile(r"[,;\s]+")


class CohortForm(forms.Form):
    name = NameField(label="Name of the cohort", max_length=200, help_text="For example “Spring 2027”.")
    starts_on = IsoDateField(label="Starts on", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = IsoDateField(label="Ends on", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "Choose an end date on or after the start date.")
        return data


class WindowForm(forms.Form):
    kind = ChoiceField(
        label="Assessment",
        choices=[(Kind.QUICK, "Quick (one rating per competency)"), (Kind.FULL, "Full (every key activity)")],
        widget=forms.RadioSelect,
    )
    opens_on = IsoDateField(label="Opens on", widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = IsoDateField(label="Closes on", widget=forms.DateInput(attrs={"type": "date"}))
    then_rating = forms.BooleanField(
        label="Also ask, for each competency, “Looking back, where were you before the programme?”",
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", "Choose a closing date on or after the opening date.")
        return data


class InviteListForm(forms.Form):
    """E-mail addresses, uploaded as a file (one per line, or a CSV whose cells hold them) or pasted."""

    file = forms.FileField(
        label="A file of e-mail addresses",
        required=False,
        help_text="A .txt or .csv file: one address per line, or separated by commas.",
    )
    addresses = TextField(
        label="Or paste the addresses",
        required=False,
        max_length=LIST_MAX_BYTES,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > LIST_MAX_BYTES:
                raise ValidationError({"file": f"The file is larger than {LIST_MAX_BYTES // 1000} KB."})
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError(
                    {"file": "Save the file as text (UTF-8) and upload it again."}
                ) from None
            if "\x00" in text:
                raise ValidationError({"file": "This is not a text file."})
            field = "file"
        else:
            text, field = data.get("addresses") or "", "addresses"
        listed, problems = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            for cell in _SEPARATORS.split(line.strip().strip('"')):
                cell = cell.strip().strip('"').strip()
                if not cell or (number == 1 and "@" not in cell):  # a header row ("email")
                    continue
                try:
                    validate_email(cell)
                except ValidationError:
                    problems.append(f"line {number}: “{cell[:80]}” is not an e-mail address")
                else:
                    listed.append(Listed(number, cell))
        if problems:
            shown = "; ".join(problems[:10]) + (
                f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
            )
            raise ValidationError({field: f"Nobody was invited. Correct these and try again: {shown}."})
        if not listed:
            raise ValidationError({field: "Upload a file or paste at least one e-mail address."})
        if len(listed) > MAX_LIST:
            raise ValidationError(
                {field: f"A list may hold at most {MAX_LIST} addresses; this one has {len(listed)}."}
            )
        data["listed"] = listed
        return data


class ConsentsForm(forms.Form):
    counted_in_statistics = TickField(
        label="Count my results, without my name, in this cohort’s statistics", required=False
    )
    named_to_staff = TickField(
        label="Show my results in this cohort, with my name, to the programme’s staff", required=False
    )


class JoinLinkForm(forms.Form):
    action = ChoiceField(choices=[("renew", "renew"), ("close", "close"), ("open", "open")])
