from django import forms

from praxis.core.inputs import ChoiceField

SURVEY_MAX_BYTES = 10 * 1024 * 1024  # on the page; larger files: `praxis score-survey` (a job, later)
MAPPING_MAX_BYTES = 1024 * 1024


def _size_check(upload, limit: int, what: str):
    if upload.size > limit:
        raise forms.ValidationError(
            f"This {what} is {upload.size / 1_048_576:.1f} MB; the page takes files up to "
            f"{limit // 1_048_576} MB. Score a larger file with the command: praxis score-survey."
        )
    return upload


class SurveyUploadForm(forms.Form):
    survey = forms.FileField(
        label="Survey export",
        help_text="A CSV file exported from REDCap (raw values or labels) or Qualtrics "
        "(with its three header rows).",
    )
    mapping = forms.FileField(
        label="Mapping",
        help_text="A CSV file with the columns column, item, labels and not_applicable: which survey "
        "column rates which key activity.",
    )
    format = ChoiceField(
        label="Spreadsheet format",
        choices=[("csv", "CSV"), ("xlsx", "Excel (XLSX)")],
        initial="csv",
        widget=forms.RadioSelect,
    )

    def clean_survey(self):
        return _size_check(self.cleaned_data["survey"], SURVEY_MAX_BYTES, "survey export")

    def clean_mapping(self):
        return _size_check(self.cleaned_data["mapping"], MAPPING_MAX_BYTES, "mapping")
