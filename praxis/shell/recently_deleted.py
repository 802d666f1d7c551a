"""The "Recently deleted" page and the restore button, over praxis.core.trash.

Lives in the shell because it is the one place that knows every app's pages: after a restore it
shows the object where it belongs (an entry, a draft, the plan a focus or step is part of).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from praxis.core import trash
from praxis.core.errors import PraxisError
from praxis.development.models import Focus


def _plan_of_focus(obj) -> str:
    focus = Focus.objects.filter(pk=obj.focus_id).select_related("plan").first()
    return f"{focus.plan.get_absolute_url()}#focus-{focus.pk}" if focus else ""


PAGES = {
    "journal.entry": lambda obj: reverse("journal:detail", args=[obj.pk]),
    "assessments.assessment": lambda obj: reverse("assessments:resume", args=[obj.pk]),
    "development.focus": lambda obj: f"{obj.plan.get_absolute_url()}#focus-{obj.pk}",
    "development.nextstep": _plan_of_focus,
    "development.focusresource": _plan_of_focus,
    "development.focusperson": _plan_of_focus,
}


@login_required
def index(request):
    items = list(trash.recent(request.user).defer("payload", "contents"))
    for item in items:
        item.expires_at = trash.expires_at(item)
    return render(request, "shell/recently_deleted.html", {"items": items, "days": trash.RETENTION.days})


@login_required
@require_POST
def restore(request, pk):
    deleted = trash.deleted_for_restoring(request.user, pk)
    try:
        obj = trash.restore(deleted)
    except PraxisError as error:
        messages.error(request, str(error))
        return redirect("shell:deleted")
    messages.success(request, f"“{deleted.label}” is back.")
    page = PAGES.get(deleted.model, trash.where)(obj) or reverse("shell:deleted")
    return redirect(page)
