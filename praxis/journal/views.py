from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from praxis.accounts import selectors as accounts_selectors
from praxis.accounts.policy import organisations_for
from praxis.accounts.services import AccountsError
from praxis.accounts.sharing import share_from_post
from praxis.core import trash
from praxis.core.frameworks import current_framework
from praxis.core.inputs import whole_number
from praxis.core.spreadsheet import Table

from . import policy, selectors, services
from .charts import months_chart
from .forms import EntryForm, FilterForm, SharedFilterForm, saved_version_rows, tag_choices
from .models import Kind
from .suggestions import suggest


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def index(request):
    form = FilterForm(request.GET or None)
    chosen = form.filters()
    filters = selectors.Filters(
        query=chosen["q"],
        kind=chosen["kind"],
        competency=chosen["competency"],
        date_from=chosen["date_from"],
        date_to=chosen["date_to"],
    )
    page = selectors.entries_page(request.user, filters, whole_number(request.GET.get("page"), low=1))
    return render(
        request,
        "journal/index.html",
        {
            "form": form,
            "page": page,
            "filters": filters,
            "query": _query_without_page(request),
            "kinds": Kind.choices,
            "shared_count": selectors.shared_count(request.user),
        },
    )


@login_required
def shared(request):
    """Entries others shared with the viewer: the people who shared (found by name), or one
    person's entries, both a page at a time."""
    form = SharedFilterForm(request.GET or None)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    number = whole_number(request.GET.get("page"), low=1)
    context = {"form": form, "query": _query_without_page(request)}
    if cleaned.get("person"):
        page = selectors.shared_entries_page(request.user, cleaned["person"], number)
        if not page.object_list:
            raise Http404("Nothing of theirs is shared with you")
        context.update(page=page, person=page.object_list[0].owner)
    else:
        context.update(people=selectors.sharers_page(request.user, cleaned.get("name", ""), number))
    return render(request, "journal/shared.html", context)


def _entry_form(request, kind, instance=None, data=None):
    initial = {}
    if instance:  # existing tags show in the "choose yourself" lists; the version it was loaded at
        initial = {"tags": [t.item_id for t in instance.tags.all()], "loaded_version": instance.version}
    return EntryForm(data or request.POST or None, instance=instance, kind=kind, initial=initial)


def _suggestion_context(text: str, chosen: list[str]) -> dict:
    """Suggestions for the text, plus whatever was ticked among earlier suggestions but is no
    longer suggested, so a refresh never loses a tick."""

    found = suggest(text)
    shown = {s.competency.id for s in found} | {a.id for s in found for a in s.key_activities}
    labels = dict(tag_choices())
    kept = [(item_id, labels.get(item_id, item_id)) for item_id in chosen if item_id not in shown]
    return {"suggestions": found, "chosen": set(chosen), "kept": kept}


def _save(request, form, entry=None):
    fields = form.entry_fields()
    tags = form.chosen_tags()
    if entry is None:
        return services.create_entry(owner=request.user, kind=form.kind, fields=fields, tags=tags)
    return services.update_entry(
        entry=entry, fields=fields, tags=tags, version=form.cleaned_data.get("loaded_version")
    )


@login_required
def new(request, kind=None):
    if kind is None:
        return render(request, "journal/choose_kind.html", {"kinds": Kind.choices})
    if kind not in Kind.values:
        raise Http404("No such kind of entry")
    form = _entry_form(request, kind)
    return _form_page(request, form, kind)


@login_required
def edit(request, pk):
    entry = selectors.entry_for_editing(request.user, pk)
    form = _entry_form(request, entry.kind, instance=entry)
    return _form_page(request, form, entry.kind, entry)


def _form_page(request, form, kind, entry=None):
    if request.method == "POST":
        chosen = request.POST.getlist("suggested_tags")
        text = form.text_for_suggestions()
    else:
        chosen = form.initial.get("suggested_tags", [])
        text = form.instance.searchable_text() if entry else ""
    suggestions = _suggestion_context(text, chosen)
    saved_version = None
    # "suggest" is the refresh button for browsers without JavaScript: it saves nothing
    if request.method == "POST" and "suggest" not in request.POST and form.is_valid():
        try:
            entry = _save(request, form, entry)
        except services.EntryChanged as changed:
            # Nothing was saved. Keep what was typed; show the saved version beside it; a second
            # "Save entry" now knowingly replaces that version.
            entry, saved_version = changed.current, saved_version_rows(changed.current)
            data = request.POST.copy()
            data["loaded_version"] = str(entry.version)
            form = _entry_form(request, kind, instance=entry, data=data)
            form.is_valid()
            form.add_error(None, str(changed))
        except services.JournalError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, "Your entry is saved. It is private to you.")
            return redirect("journal:detail", pk=entry.pk)
    return render(
        request,
        "journal/form.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": Kind(kind).label,
            "entry": entry,
            "framework": current_framework(),
            "saved_version": saved_version,
            **suggestions,
        },
    )


@login_required
@require_POST
def suggestions(request):
    """htmx: suggested tags for the text typed so far."""
    kind = request.POST.get("kind", Kind.REFLECTION)
    form = EntryForm(request.POST, kind=kind if kind in Kind.values else Kind.REFLECTION)
    context = _suggestion_context(form.text_for_suggestions(), request.POST.getlist("suggested_tags"))
    return render(request, "journal/_suggestions.html", context)


@login_required
def detail(request, pk):
    entry = selectors.entry_for_viewing(request.user, pk)
    is_owner = policy.is_owner(request.user, entry)
    context = {"entry": entry, "is_owner": is_owner, "framework": current_framework()}
    if is_owner:
        shared = accounts_selectors.shared_audiences(entry)
        context["organisations"] = [(o, o.pk in shared) for o in organisations_for(request.user)]
    return render(request, "journal/detail.html", context)


@login_required
@require_POST
def delete(request, pk):
    entry = selectors.entry_for_editing(request.user, pk)
    trash.announce(request, services.delete_entry(entry=entry), "The entry is deleted.")
    return redirect("journal:index")


@login_required
@require_POST
def sharing(request, pk):
    entry = selectors.entry_for_editing(request.user, pk)
    try:
        messages.success(request, share_from_post(request, entry))
    except AccountsError as error:
        messages.error(request, str(error))
    return redirect("journal:detail", pk=pk)


@login_required
def evidence(request, competency_id=None):
    if competency_id is None:
        return render(request, "journal/portfolio.html", {"rows": selectors.portfolio(request.user)})
    try:
        competency = current_framework().competency(competency_id)
    except KeyError:
        raise Http404("No such competency") from None
    form = FilterForm(request.GET or None)
    chosen = form.filters()
    filters = selectors.Filters(
        competency=competency.id,
        kind=chosen["kind"],
        date_from=chosen["date_from"],
        date_to=chosen["date_to"],
    )
    page = selectors.entries_page(request.user, filters, whole_number(request.GET.get("page"), low=1))
    return render(
        request,
        "journal/evidence.html",
        {"competency": competency, "page": page, "form": form, "query": _query_without_page(request)},
    )


@login_required
def summary(request):
    form = FilterForm(request.GET or None)
    chosen = form.filters()
    data = selectors.practice_summary(request.user, chosen["date_from"], chosen["date_to"])

    return render(request, "journal/summary.html", {"s": data, "form": form, "chart": months_chart(data)})


@login_required
def export(request):
    """The whole journal as CSV, or as XLSX with ?format=xlsx."""
    rows = [selectors.export_row(row) for row in selectors.export_rows(request.user)]
    return Table("praxis-journal", list(selectors.EXPORT_COLUMNS), rows).response(request.GET.get("format"))
