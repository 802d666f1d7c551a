"""Programme pages: the list, one programme (modules, staff, settings), one module's mapping, the
coverage matrix with its gaps, and the mapping as a file (export, template, import).

Thin: forms type the input, selectors find what the viewer may see (404 otherwise, 403 for a tutor
asking to change something), services make the changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from praxis.core.frameworks import current_framework
from praxis.core.inputs import whole_number
from praxis.core.pdf import pdf_response

from . import mapping_files, policy, selectors, services
from .forms import ImportForm, ModuleForm, ModuleMappingForm, ProgrammeForm, StaffForm

# -- the list -------------------------------------------------------------------------------------


def _index(request, form=None, status=200):
    organisations = list(policy.organisations_for_new_programmes(request.user))
    return render(
        request,
        "programmes/index.html",
        {
            "programmes": selectors.programmes_for(request.user),
            "form": form or (ProgrammeForm(organisations=organisations) if organisations else None),
        },
        status=status,
    )


@login_required
def index(request):
    return _index(request)


@login_required
@require_POST
def create(request):
    organisations = list(policy.organisations_for_new_programmes(request.user))
    if not organisations:
        raise Http404("No organisation to create a programme in")
    form = ProgrammeForm(request.POST, organisations=organisations)
    if form.is_valid():
        data = form.cleaned_data
        organisation = next(o for o in organisations if str(o.pk) == data["organisation"])
        try:
            programme = services.programme_create(
                by=request.user,
                organisation=organisation,
                name=data["name"],
                description=data["description"],
                levels=data["levels"],
            )
        except services.ProgrammeError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"“{programme.name}” created. Add its modules next.")
            return redirect("programmes:detail", programme.pk)
    return _index(request, form=form, status=422)


# -- one programme --------------------------------------------------------------------------------


def _detail(request, programme, *, settings_form=None, module_form=None, staff_form=None, status=200):
    can_edit = policy.can_edit_programme(request.user, programme)
    modules = selectors.modules_of(programme)
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "can_edit": can_edit,
            "modules": modules,
            "mapped": selectors.mapped_counts(programme),
            "staff": selectors.staff_of(programme),
            "settings_form": settings_form
            or ProgrammeForm(
                editing=True,
                initial={
                    "name": programme.name,
                    "description": programme.description,
                    "levels": "\n".join(programme.mapping_levels),
                },
            ),
            "module_form": module_form or ModuleForm(),
            "staff_form": staff_form or StaffForm(),
        },
        status=status,
    )


@login_required
def detail(request, pk):
    return _detail(request, selectors.programme_for_viewer(request.user, pk))


@login_required
@require_POST
def update(request, pk):
    programme = selectors.programme_for_editing(request.user, pk)
    form = ProgrammeForm(request.POST, editing=True)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.programme_update(
                by=request.user,
                programme=programme,
                name=data["name"],
                description=data["description"],
                levels=data["levels"],
            )
        except services.ProgrammeError as error:
            form.add_error("levels" if "scale" in str(error) else "name", str(error))
        else:
            messages.success(request, "Programme saved.")
            return redirect("programmes:detail", programme.pk)
    programme.refresh_from_db()
    return _detail(request, programme, settings_form=form, status=422)


@login_required
@require_POST
def module_add(request, pk):
    programme = selectors.programme_for_editing(request.user, pk)
    form = ModuleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            module = services.module_add(
                by=request.user,
                programme=programme,
                name=data["name"],
                order=data["order"],
                hours=data["hours"],
                description=data["description"],
            )
        except services.ProgrammeError as error:
            form.add_error("name", str(error))
        else:
            messages.success(
                request, f"Module “{module.name}” added. Map it to the competencies it addresses."
            )
            return redirect("programmes:module", programme.pk, module.pk)
    return _detail(request, programme, module_form=form, status=422)


@login_required
@require_POST
def staff_add(request, pk):
    programme = selectors.programme_for_editing(request.user, pk)
    form = StaffForm(request.POST)
    if form.is_valid():
        try:
            staff = services.staff_add(
                by=request.user,
                programme=programme,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except services.ProgrammeError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"{staff.user.full_name} is now {staff.get_role_display().lower()}.")
            return redirect("programmes:detail", programme.pk)
    return _detail(request, programme, staff_form=form, status=422)


@login_required
@require_POST
def staff_remove(request, pk, staff_pk):
    programme = selectors.programme_for_editing(request.user, pk)
    staff = selectors.staff_member_of(programme, staff_pk)
    try:
        services.staff_remove(by=request.user, staff=staff)
    except services.ProgrammeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{staff.user.full_name} is no longer on the programme's staff.")
    return redirect("programmes:detail", programme.pk)


# -- one module -----------------------------------------------------------------------------------


def _module(request, programme, module, *, module_form=None, mapping_form=None, status=200):
    framework = current_framework()
    if mapping_form is None:
        values = selectors.module_mapping_values(module)
        initial = {}
        for (competency_id, activity_id), row in values.items():
            initial[f"level:{activity_id or competency_id}"] = str(row.level)
            if not activity_id:
                initial[f"assessed:{competency_id}"] = row.assessed
        mapping_form = ModuleMappingForm(
            initial=initial, framework=framework, levels=programme.mapping_levels
        )
    return render(
        request,
        "programmes/module.html",
        {
            "programme": programme,
            "module": module,
            "can_edit": policy.can_edit_programme(request.user, programme),
            "mapping_form": mapping_form,
            "groups": _mapping_groups(mapping_form, framework, programme),
            "module_form": module_form
            or ModuleForm(
                prefix_id="edit",
                initial={
                    "name": module.name,
                    "order": module.order,
                    "hours": "" if module.hours is None else module.hours.normalize(),
                    "description": module.description,
                },
            ),
        },
        status=status,
    )


def _mapping_groups(form, framework, programme):
    """The mapping form laid out by domain and competency, each field with its level in words for
    readers (tutors see the levels, not the controls)."""

    def level_text(name):
        level = whole_number(form[name].value(), low=0, high=programme.top_level)
        return "" if level is None else programme.level_name(level)

    groups = []
    for domain in framework.domains:
        rows = []
        for competency in domain.competencies:
            activities = [
                (activity, form[f"level:{activity.id}"], level_text(f"level:{activity.id}"))
                for activity in competency.all_key_activities()
            ]
            rows.append(
                {
                    "competency": competency,
                    "level": form[f"level:{competency.id}"],
                    "level_text": level_text(f"level:{competency.id}"),
                    "assessed": form[f"assessed:{competency.id}"],
                    "activities": activities,
                    "activities_mapped": sum(1 for _, _, text in activities if text),
                }
            )
        groups.append((domain, rows))
    return groups


@login_required
def module(request, pk, module_pk):
    programme = selectors.programme_for_viewer(request.user, pk)
    return _module(request, programme, selectors.module_of(programme, module_pk))


@login_required
@require_POST
def module_update(request, pk, module_pk):
    programme = selectors.programme_for_editing(request.user, pk)
    module = selectors.module_of(programme, module_pk)
    form = ModuleForm(request.POST, prefix_id="edit")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.module_update(
                by=request.user,
                module=module,
                name=data["name"],
                order=data["order"] or module.order,
                hours=data["hours"],
                description=data["description"],
            )
        except services.ProgrammeError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, "Module saved.")
            return redirect("programmes:module", programme.pk, module.pk)
    module.refresh_from_db()
    return _module(request, programme, module, module_form=form, status=422)


@login_required
@require_POST
def module_mapping(request, pk, module_pk):
    programme = selectors.programme_for_editing(request.user, pk)
    module = selectors.module_of(programme, module_pk)
    framework = current_framework()
    form = ModuleMappingForm(request.POST, framework=framework, levels=programme.mapping_levels)
    if form.is_valid():
        count = services.module_mapping_set(
            by=request.user, module=module, entries=form.entries(), framework=framework
        )
        messages.success(
            request, f"Mapping of “{module.name}” saved ({count} row{'s' if count != 1 else ''})."
        )
        return redirect("programmes:module", programme.pk, module.pk)
    return _module(request, programme, module, mapping_form=form, status=422)


@login_required
@require_POST
def module_delete(request, pk, module_pk):
    programme = selectors.programme_for_editing(request.user, pk)
    module = selectors.module_of(programme, module_pk)
    services.module_delete(by=request.user, module=module)
    messages.success(request, f"Module “{module.name}” and its mapping deleted.")
    return redirect("programmes:detail", programme.pk)


# -- coverage and the mapping as a file ----------------------------------------------------------


@login_required
def coverage(request, pk):
    programme = selectors.programme_for_viewer(request.user, pk)
    page = selectors.coverage_page(programme, current_framework())
    if "format" in request.GET:
        return mapping_files.coverage_table(page).response(request.GET.get("format"))
    return render(
        request,
        "programmes/coverage.html",
        {
            "page": page,
            "programme": programme,
            "can_edit": policy.can_edit_programme(request.user, programme),
        },
    )


@login_required
@require_GET
def coverage_pdf(request, pk):
    """The coverage matrix with its gaps as a PDF (praxis.core.pdf), for whoever may read the page."""
    programme = selectors.programme_for_viewer(request.user, pk)
    page = selectors.coverage_page(programme, current_framework())
    return pdf_response(
        request,
        "pdf/coverage.html",
        {"page": page, "programme": programme, "can_edit": False},
        filename=f"praxis-coverage-{programme.name}",
        title=f"Coverage of {programme.name}",
        about=f"{programme.name}, {programme.organisation.name}",
    )


@login_required
def mapping_export(request, pk):
    programme = selectors.programme_for_viewer(request.user, pk)
    table = mapping_files.mapping_table(programme, selectors.mappings_of(programme), current_framework())
    return table.response(request.GET.get("format"))


@login_required
def mapping_template(request, pk):
    programme = selectors.programme_for_viewer(request.user, pk)
    table = mapping_files.template_table(programme, selectors.modules_of(programme), current_framework())
    return table.response(request.GET.get("format"))


def _import_page(request, programme, form=None, errors=(), status=200):
    return render(
        request,
        "programmes/import.html",
        {
            "programme": programme,
            "form": form or ImportForm(),
            "errors": list(errors),
            "modules": selectors.modules_of(programme),
            "framework": current_framework(),
        },
        status=status,
    )


@login_required
def mapping_import(request, pk):
    """GET: the upload form and how to fill the file in. POST: check the whole file; save it only
    when every row is right, else list each bad row and column and change nothing."""
    if request.method != "POST":
        return _import_page(request, selectors.programme_for_editing(request.user, pk))
    programme = selectors.programme_for_editing(request.user, pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, programme, form=form, status=422)
    framework = current_framework()
    try:
        rows = mapping_files.read_upload(form.cleaned_data["file"])
    except mapping_files.UnreadableFile as error:
        form.add_error("file", str(error))
        return _import_page(request, programme, form=form, status=422)
    parsed = mapping_files.parse_mapping(
        rows, programme=programme, modules=selectors.modules_of(programme), framework=framework
    )
    if parsed.errors:
        count = len(parsed.errors)
        form.add_error(
            "file",
            f"Nothing was imported: {count} problem{'s' if count != 1 else ''} in the file, listed below. "
            "Correct them and upload the file again.",
        )
        return _import_page(request, programme, form=form, errors=parsed.errors, status=422)
    try:
        count = services.programme_mapping_replace(
            by=request.user, programme=programme, rows=parsed.rows, framework=framework
        )
    except services.ProgrammeError as error:
        form.add_error("file", f"Nothing was imported: {error}")
        return _import_page(request, programme, form=form, status=422)
    messages.success(
        request,
        f"Mapping imported: {count} row{'s' if count != 1 else ''}. The coverage below is the new one.",
    )
    return redirect("programmes:coverage", programme.pk)


@login_required
@require_POST
def mapping_clear(request, pk):
    programme = selectors.programme_for_editing(request.user, pk)
    count = services.mapping_clear(by=request.user, programme=programme)
    messages.success(request, f"Mapping cleared ({count} row{'s' if count != 1 else ''} removed).")
    return redirect("programmes:detail", programme.pk)
