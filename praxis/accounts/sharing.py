"""Sharing from an object's own page, the same way for every kind (assessments, plans, journal
entries, and whatever comes next): a form naming one of the owner's organisations and who there
may see it, applied by `services.share_set`. Each app's sharing view is three lines around this."""

from __future__ import annotations

from django import forms

from praxis.core.inputs import ChoiceField, ObjectField

from . import policy
from .models import ShareAudience
from .services import AccountsError, share_set


class ShareForm(forms.Form):
    organisation = ObjectField(queryset=None)
    audience = ChoiceField(required=False)

    def __init__(self, data, *, owner, obj):
        super().__init__(data)
        self.fields["organisation"].queryset = policy.organisations_for(owner)
        self.fields["audience"].choices = [("", "Nobody (private)")] + [
            (audience.value, audience.label) for audience in type(obj).share_audiences
        ]


def share_from_post(request, obj) -> str:
    """Apply what the owner chose on the page; returns the message to show them. AccountsError
    (nothing changed) when the choice is not one they can make."""
    form = ShareForm(request.POST, owner=request.user, obj=obj)
    if not form.is_valid():
        raise AccountsError("Choose one of your organisations and who there may see it.")
    organisation = form.cleaned_data["organisation"]
    audience = form.cleaned_data["audience"] or None
    share_set(owner=request.user, obj=obj, organisation=organisation, audience=audience)
    if audience is None:
        return f"No longer shared with {organisation}."
    return f"Shared with {organisation}: {ShareAudience(audience).label.lower()}."
