"""Typed input at the boundary: every posted id, number, date, choice and text is parsed here.

Python is generous with digits: ``'²'.isdigit()`` is true yet ``int('²')`` fails, and ``int('٣')``
is 3. A form field that trusts either lets a tampered request reach the database (a 500, or an
object picked by an Arabic-Indic digit). So numbers here are ASCII digits only (``[0-9]+``) with
their range checked, dates are ISO (``2026-11-30``) in ASCII, and text refuses NUL (PostgreSQL
cannot store it). Names refuse line breaks and every other control character, because a name ends
up in an e-mail header.

Use the fields in forms. Where a view has no form of its own, `parse` runs a few fields over the
posted data; `object_id` reads one id and answers 404 for anything that is not one.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.http import Http404
from django.urls import register_converter
from django.utils.deconstruct import deconstructible
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from .text import typed

ID_MAX = 2**63 - 1  # the largest primary key PostgreSQL's bigint holds
_ASCII_WHOLE = re.compile(r"[0-9]+\Z")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def whole_number(value, *, low: int | None = None, high: int | None = None) -> int | None:
    """A whole number written in ASCII digits within [low, high]; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value) if value is not None else ""
        if not _ASCII_WHOLE.match(text) or len(text) > 19:
            return None
        number = int(text)
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number


def as_id(value) -> int | None:
    """A primary key: ASCII digits from 1 to 2**63-1, or None."""
    return whole_number(value, low=1, high=ID_MAX)


def iso_date(value) -> date | None:
    """An ISO date (2026-11-30) in ASCII digits, or None."""
    if isinstance(value, date):
        return value
    text = str(value) if value is not None else ""
    if not _ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# -- validators -----------------------------------------------------------------------------------


def _is_control(char: str) -> bool:
    # Cc: C0/C1 controls (NUL, tab, line feed, NEL...); Zl/Zp: Unicode line and paragraph separators
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")


@deconstructible
class NameValidator:
    """A person's or organisation's name: one line, no control characters. A name is put in e-mail
    subjects and headers, where a line break is refused by the mail library (after the row is saved)."""

    message = "Write the name on one line, without special characters."
    code = "invalid_name"

    def __call__(self, value) -> None:
        if any(_is_control(c) for c in str(value)):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, NameValidator)


validate_name = NameValidator()


@deconstructible
class NoNulValidator:
    message = "Remove the invisible NUL character from the text."
    code = "null_characters_not_allowed"

    def __call__(self, value) -> None:
        if "\x00" in str(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, NoNulValidator)


validate_no_nul = NoNulValidator()


# -- form fields ----------------------------------------------------------------------------------


class ObjectField(forms.ModelChoiceField):
    """A choice among objects, by id. Django's own would look up '٣' as pk 3."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if as_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdField(forms.Field):
    """An object's id: ASCII digits from 1 to 2**63-1. Views answer 404 when it finds nothing."""

    default_error_messages = {"invalid": "Choose one of the options shown."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = as_id(value)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class WholeNumberField(forms.IntegerField):
    """Django's IntegerField takes any Unicode digit ('٣' is 3); this one takes ASCII digits only."""

    default_error_messages = {"invalid": "Enter a whole number, in digits."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = whole_number(str(value).strip() if not isinstance(value, int) else value)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class VersionField(WholeNumberField):
    """The version of a record the form was loaded at (hidden); a stale one is refused by the service."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(**kwargs)


class IsoDateField(forms.DateField):
    """A date as a date picker sends it (2026-11-30), ASCII digits only."""

    default_error_messages = {"invalid": "Enter a date as day, month and year."}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        parsed = iso_date(value.strip() if isinstance(value, str) else value)
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class TextField(forms.CharField):
    """Typed text: trimmed, CR LF counted once, NUL refused (Django's CharField refuses it too)."""

    def to_python(self, value):
        value = super().to_python(value)
        return typed(value) if isinstance(value, str) else value


class NameField(TextField):
    """A name: one line, no control characters."""

    default_validators = [validate_name]


class QuickSelect(forms.Select):
    """Django's select, the same HTML, written in Python rather than through a template per option:
    a form of a hundred and thirty of them (a module's mapping) renders in a fraction of the time,
    and every select here is a little quicker. The default widget of the choice fields below."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _ in widget["optgroups"]:
            html = "".join(_option(option) for option in options)
            groups.append(
                f'<optgroup label="{conditional_escape(group_name)}">{html}</optgroup>'
                if group_name
                else html
            )
        name = conditional_escape(widget["name"])
        return mark_safe(f'<select name="{name}"{flatatt(widget["attrs"])}>{"".join(groups)}</select>')


def _option(option: dict) -> str:
    attrs = flatatt(option["attrs"]) if option["attrs"] else ""  # "selected", when it is
    value, label = conditional_escape(option["value"]), conditional_escape(option["label"])
    return f'<option value="{value}"{attrs}>{label}</option>'


class ChoiceField(forms.ChoiceField):
    """A choice among fixed values; anything else is invalid (Django's behaviour, named here)."""

    widget = QuickSelect


class TypedChoiceField(forms.TypedChoiceField):
    widget = QuickSelect


class _RawCheckbox(forms.CheckboxInput):
    def value_from_datadict(self, data, files, name):
        return data.get(name)  # as posted: Django's CheckboxInput would turn any text into True


class TickField(forms.BooleanField):
    """A tick box: "on" (what a browser sends), or nothing. Any other text is refused rather than
    taken for a yes, so a consent is given only by ticking."""

    widget = _RawCheckbox

    def to_python(self, value):
        if value in (None, "", False):
            return False
        if value in ("on", True):
            return True
        raise forms.ValidationError("Tick the box or leave it empty.", code="invalid")


# -- parsing without a form of its own ------------------------------------------------------------


class InvalidInput(Exception):
    """Posted data that does not parse; `errors` maps each field to its messages."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))

    @property
    def message(self) -> str:
        return next((m for messages in self.errors.values() for m in messages), "Check what you entered.")


def parse(data, **fields: forms.Field) -> dict:
    """Run the given fields over `data` (request.POST or request.GET); the cleaned values, or
    InvalidInput. Fields not given are ignored."""
    form = type("Parsed", (forms.Form,), dict(fields))(data)
    if not form.is_valid():
        raise InvalidInput({k: list(v) for k, v in form.errors.items()})
    return form.cleaned_data


def object_id(data, name: str) -> int:
    """The id posted as `name`, or 404: a tampered form never causes a 500."""
    number = as_id(data.get(name, ""))
    if number is None:
        raise Http404(f"No such {name}")
    return number


# -- URL converter ---------------------------------------------------------------------------------


class IdConverter:
    """`<id:pk>` in a URL: ASCII digits within a primary key's range (else the URL does not match)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = as_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")


def has_nul(data) -> bool:
    """Whether any posted name or value holds a NUL character (PostgreSQL cannot store one), for
    views that hand raw text to a service; a form refuses it by itself."""
    return any("\x00" in key or any("\x00" in v for v in data.getlist(key)) for key in data)
