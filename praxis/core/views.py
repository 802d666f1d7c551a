from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from praxis.assessments.selectors import dashboard_for

from .frameworks import current_framework


def home(request):
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    framework = current_framework()
    return render(request, "core/home.html", {"definitions": {d.id: d for d in framework.definitions}})


@login_required
def dashboard(request):
    from django.utils import timezone

    return render(
        request, "core/dashboard.html", {"d": dashboard_for(request.user), "today": timezone.localdate()}
    )


def not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "core/403.html", status=403)
