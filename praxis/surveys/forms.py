from django import forms

from praxis.core.inputs import ChoiceField

# Up to 100 MB on the page: a 10,000-respondent x 115-item export is about 2.5 MB, so this leaves room
# for exports with many more columns (free text, metadata) while keeping what one upload can take
# on disk and in the worker's memory bounded (the whole file is read). Larger: `praxis score-survey`.
SURVEY_MAX_BYTES = 100 * 1024 * 1024
# Above this size the page stores the file and scores it in a background job (praxis.core.jobs).
SURVEY_BACKGROUND_BYTES = 1024 * 1024
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
