from django import forms


class PlainLabels:
    """Form labels without Django's trailing colon, as in the guide's plain style."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def date_input(**attrs):
    """A native date picker. Browsers accept only ISO dates (2026-11-22) as its value, whatever the
    site's locale, so the format is fixed here rather than taken from en-GB's day/month/year."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", **attrs})
