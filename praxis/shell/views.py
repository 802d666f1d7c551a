from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from praxis.core.frameworks import current_framework
from praxis.core.inputs import whole_number
from praxis.core.text import typed

from . import personal_data, services
from .forms import AccountDeleteForm
from .selectors import dashboard_for


def home(request):
    if request.user.is_authenticated:
        return redirect("shell:dashboard")
    framework = current_framework()
    return render(request, "shell/home.html", {"definitions": {d.id: d for d in framework.definitions}})


@login_required
def dashboard(request):
    name = typed(request.GET.get("supervisee", "").replace("\x00", ""))[:100]
    page = whole_number(request.GET.get("people", ""), low=1, high=10**6) or 1
    d = dashboard_for(request.user, supervisee_name=name, supervisee_page=page)
    query = urlencode({"supervisee": name}) if name else ""
    return render(request, "shell/dashboard.html", {"d": d, "today": timezone.localdate(), "query": query})


@login_required
@require_GET
def personal_data_download(request):
    """Everything the person owns, as a zip. Reads only."""
    response = HttpResponse(personal_data.archive(request.user), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{personal_data.archive_name(request.user)}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(user=request.user)
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(
                request, "Your account and everything in it have been deleted. Thank you for using Praxis."
            )
            return redirect("shell:home")
    return render(request, "shell/account_delete.html", {"form": form})


def not_found(request, exception=None):
    return render(request, "shell/404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "shell/403.html", status=403)
