"""Thin views over the people selectors and services."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.core.errors import ServiceError
from bangkom.core.forms import SEARCH_SEPARATOR, search_option
from bangkom.core.keyset import page_for_request
from bangkom.core.routers import reads_from_replica
from bangkom.core.web import AuthenticatedRequest, job_started, query_text
from bangkom.studies.selectors import study_standing

from . import selectors, services
from .forms import HISTORY_FORMS, DocumentForm, EmployeeFilterForm, EmployeeForm, ImportForm
from .importer import ImportFileError
from .jobs import employee_export_queue, import_job_start
from .models import Employee, EmployeeDocument

PAGE_SIZE = 25


def list_access_required(view: Any) -> Any:
    """Only roles that see more than their own record get the registry's list pages."""

    @wraps(view)
    @login_required
    def wrapper(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (user.has_perm("people.view_all_employees") or user.has_perm("people.view_unit_employees")):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _filters(request: AuthenticatedRequest) -> tuple[EmployeeFilterForm, selectors.EmployeeFilter]:
    form = EmployeeFilterForm(request.GET or None, choices=selectors.filter_choices(request.user))
    if form.is_bound and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        return form, selectors.EmployeeFilter(**data)
    return form, selectors.EmployeeFilter()


@list_access_required
@reads_from_replica
def employee_list(request: AuthenticatedRequest) -> HttpResponse:
    form, filters = _filters(request)
    page, query = page_for_request(
        request,
        selectors.employee_pages(request.user, filters),
        selectors.employee_ordering(filters),
        size=PAGE_SIZE,
        start=selectors.employee_jump(filters, request.GET.get("dari", "")),
    )
    count, more = selectors.employee_count(request.user, filters)
    without_sort = QueryDict(query, mutable=True)
    without_sort.pop("sort", None)
    sort_headers = [("nip", _("NIP")), ("name", _("Nama")), ("golongan", _("Golongan")), ("unit", _("Unit kerja"))]
    return render(
        request,
        "people/employee_list.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.employee_rows(page.rows),
            "count": count,
            "more": more,
            "jump": filters.sort.lstrip("-") in ("name", "nip") and not filters.q.strip(),
            "filters": filters,
            "query": query,
            "query_without_sort": without_sort.urlencode(),
            "sort_headers": sort_headers,
        },
    )


@require_POST
@list_access_required
@permission_required("people.export_employees", raise_exception=True)
def employee_export(request: AuthenticatedRequest) -> HttpResponse:
    """Start the export of the list as filtered (the query string of the list page) and open its
    progress; the file is downloaded from there when it is written."""
    _form, filters = _filters(request)
    return job_started(
        request,
        lambda: employee_export_queue(actor=request.user, filters=filters),
        lambda: redirect(f"{reverse('people:list')}?{request.GET.urlencode()}"),
    )


def _visible_employee(request: AuthenticatedRequest, nip: str) -> Employee:
    try:
        return selectors.employee_for(request.user, nip)
    except Employee.DoesNotExist:
        raise Http404(_("Pegawai tidak ditemukan.")) from None


@login_required
def employee_audit(request: AuthenticatedRequest, nip: str) -> HttpResponse:
    """The record's trail of changes, for whoever may open the record; read when asked (the detail
    page's "Tampilkan jejak perubahan" puts it in place): over the employee and its seven history
    tables it is nine queries, which every view of the record paid before (issue 20)."""
    employee = _visible_employee(request, nip)
    template = "people/_audit.html" if request.htmx else "people/employee_audit.html"
    return render(request, template, {"employee": employee, "audit": selectors.employee_audit_trail(employee)})


def _editable_employee(request: AuthenticatedRequest, nip: str, permission: str) -> Employee:
    employee = _visible_employee(request, nip)
    if not request.user.has_perm(permission) or not selectors.employee_editable_by(
        request.user, employee, in_scope=True
    ):
        raise PermissionDenied
    return employee


@login_required
def employee_detail(request: AuthenticatedRequest, nip: str) -> HttpResponse:
    employee = _visible_employee(request, nip)
    histories = selectors.employee_histories(employee)
    histories.documents = selectors.readable_documents(request.user, histories.documents)
    today = timezone.localdate()
    study = study_standing(employee, today)
    facts = selectors.employee_facts(
        employee, histories.trainings, today, selectors.bup_rules(), jp_norm=selectors.jp_norm(today.year)
    )
    return render(
        request,
        "people/employee_detail.html",
        {
            "employee": employee,
            "history_tables": selectors.history_tables(employee, histories),
            "facts": facts,
            # While on study assignment the employee is relieved of their post (R7).
            "studying": study.current,
            "study_upcoming": study.upcoming,
            "can_edit": selectors.employee_editable_by(request.user, employee, in_scope=True),
            "history_forms": [(slug, title) for slug, (_form, title) in HISTORY_FORMS.items()],
        },
    )


@login_required
@permission_required("people.add_employee", raise_exception=True)
def employee_create(request: AuthenticatedRequest) -> HttpResponse:
    form = EmployeeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        employee = services.employee_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Pegawai %(name)s ditambahkan.") % {"name": employee.full_name})
        return redirect("people:detail", nip=employee.nip)
    return render(request, "people/form.html", {"form": form, "title": _("Tambah pegawai")})


@login_required
def employee_edit(request: AuthenticatedRequest, nip: str) -> HttpResponse:
    employee = _editable_employee(request, nip, "people.change_employee")
    form = EmployeeForm(request.POST or None, instance=employee, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "nip"}
        # Validation has already put the new values on the form's instance; the service gets the
        # stored record, so that it sees (and audits) what changes.
        services.employee_update(actor=request.user, employee=selectors.employee_for(request.user, nip), **fields)
        messages.success(request, _("Data pegawai disimpan."))
        return redirect("people:detail", nip=nip)
    return render(request, "people/form.html", {"form": form, "title": _("Ubah data pegawai"), "employee": employee})


@login_required
def history_add(request: AuthenticatedRequest, nip: str, kind: str) -> HttpResponse:
    if kind not in HISTORY_FORMS:
        raise Http404
    form_class, title = HISTORY_FORMS[kind]
    model = form_class._meta.model
    employee = _editable_employee(request, nip, f"people.add_{model._meta.model_name}")
    form = form_class(request.POST or None, instance=model(employee=employee), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.history_add(actor=request.user, row=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Riwayat ditambahkan."))
            return redirect("people:detail", nip=nip)
    return render(request, "people/form.html", {"form": form, "title": title, "employee": employee})


@login_required
def document_add(request: AuthenticatedRequest, nip: str) -> HttpResponse:
    employee = _editable_employee(request, nip, "people.add_employeedocument")
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(
                actor=request.user,
                employee=employee,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                valid_until=form.cleaned_data["valid_until"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Dokumen diunggah."))
            return redirect("people:detail", nip=nip)
    return render(
        request,
        "people/form.html",
        {"form": form, "title": _("Unggah dokumen"), "employee": employee, "multipart": True},
    )


@login_required
def document_download(request: AuthenticatedRequest, nip: str, document_id: int) -> HttpResponseBase:
    try:
        document = selectors.document_for(request.user, nip, document_id)
    except EmployeeDocument.DoesNotExist:
        raise Http404 from None
    filename = f"{document.kind}-{nip}.{document.extension}"
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=filename, content_type=document.content_type
    )


@login_required
@permission_required("people.import_employees", raise_exception=True)
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_start(actor=request.user, upload=form.cleaned_data["file"])
        except (ImportFileError, ServiceError) as error:
            form.add_error("file", str(error))
        else:
            return redirect("core:job", job_id=job.pk)
    return render(request, "people/import.html", {"form": form})


SEARCH_SUGGESTIONS = 20


@login_required
def functional_positions(request: AuthenticatedRequest) -> HttpResponse:
    """Suggestions for a functional position field: the first matches of what was typed (whatever the
    field's name, so any form may use it), by name or SIASN code."""
    typed = next((name for name, value in request.GET.items() if str(value).strip()), "q")
    term = query_text(request.GET, typed, 100).split(SEARCH_SEPARATOR, 1)[0].strip()
    if len(term) < 2:
        return HttpResponse("")
    matches = selectors.functional_positions_matching(term)[:SEARCH_SUGGESTIONS]
    return HttpResponse(
        format_html_join("", '<option value="{}"></option>', ((search_option(p.pk, p.name),) for p in matches))
    )
