from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from praxis.core.frameworks import current_framework

from .selectors import dashboard_for


def home(request):
    if request.user.is_authenticated:
        return redirect("shell:dashboard")
    framework = current_framework()
    return render(request, "shell/home.html", {"definitions": {d.id: d for d in framework.definitions}})


@login_required
def dashboard(request):
    return render(
        request, "shell/dashboard.html", {"d": dashboard_for(request.user), "today": timezone.localdate()}
    )


def not_found(request, exception=None):
    return render(request, "shell/404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "shell/403.html", status=403)
