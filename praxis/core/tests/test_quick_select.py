"""QuickSelect writes the same select as Django's Select, whatever the value and attributes."""

import pytest
from django import forms
from django.test.html import parse_html

from praxis.core.inputs import ChoiceField, QuickSelect

CHOICES = [("", "Not addressed"), ("0", "Introduced"), ("1", "Reinforced & <b>revisited</b>")]
GROUPED = [("", "Any"), ("Shared <yours>", [("1", "One"), ("2", "Two")]), ("Others", [("3", "Three")])]


@pytest.mark.parametrize("value", [None, "", "0", "1", 1, "not a choice", ["1"]])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_level"},
        {"id": "id_level", "aria-invalid": "true", "required": True, "disabled": False},
    ],
)
def test_the_html_is_django_selects(value, attrs):
    ours = QuickSelect(choices=CHOICES).render("level:co-design", value, attrs)
    django = forms.Select(choices=CHOICES).render("level:co-design", value, attrs)
    assert parse_html(ours) == parse_html(django)
    assert "&lt;b&gt;" in ours  # labels escaped


@pytest.mark.parametrize("value", [None, "2", "3"])
def test_grouped_choices_keep_their_groups(value):
    ours = QuickSelect(choices=GROUPED).render("who", value, {"id": "id_who"})
    assert parse_html(ours) == parse_html(
        forms.Select(choices=GROUPED).render("who", value, {"id": "id_who"})
    )
    assert ours.count("<optgroup") == 2


def test_in_a_form_with_an_error_it_carries_what_the_field_adds():
    class Mapping(forms.Form):
        level = ChoiceField(choices=CHOICES)  # QuickSelect by default

    class Reference(forms.Form):
        level = forms.ChoiceField(choices=CHOICES)

    data = {"level": "9"}  # not a choice: the field is invalid and says so to assistive technology
    ours, django = Mapping(data), Reference(data)
    assert not ours.is_valid() and not django.is_valid()
    assert 'aria-invalid="true"' in str(ours["level"])
    assert parse_html(str(ours["level"])) == parse_html(str(django["level"]))
