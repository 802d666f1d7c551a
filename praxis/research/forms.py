from django import forms

from praxis.core.forms import PlainLabels
from praxis.core.inputs import ChoiceField, TickField

from .export import KINDS


class ExportForm(PlainLabels, forms.Form):
    kind = ChoiceField(
        label="Which assessments",
        choices=[(value, label.capitalize()) for value, label in KINDS.items()],
        initial="full",
        widget=forms.RadioSelect,
    )
    free_text = TickField(
        label="Include notes, for members who also agreed to that",
        required=False,
        help_text="Notes are passed on as written and may name people or places: read them before sharing.",
    )
