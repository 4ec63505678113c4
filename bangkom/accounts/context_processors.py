"""Navigation by role: a link appears only when the user may open it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bangkom.core.waiting import waiting_count
from bangkom.notifications.selectors import unread_count
from bangkom.services.selectors import may_see_assessments, may_see_complaints, my_participations
from bangkom.studies.selectors import may_open as may_open_studies
from bangkom.training.selectors import may_open_programs

from .roles import ROLES, role_group_name


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": []}
    items = [(_("Beranda"), reverse("core:dashboard"))]
    sees_others = user.has_perm("people.view_all_employees") or user.has_perm("people.view_unit_employees")
    if user.employee_id and sees_others:  # for everyone else the home itself is theirs
        items.append((_("Bangkom saya"), reverse("selfservice:home")))
    if user.employee_id and not user.has_perm("people.view_all_employees"):
        items.append((_("Data saya"), reverse("people:detail", args=[user.employee.nip])))
    if user.has_perm("people.view_all_employees") or user.has_perm("people.view_unit_employees"):
        items.append((_("Pegawai"), reverse("people:list")))
    if user.has_perm("selection.view_selectionround"):
        items.append((_("Seleksi Diklatpim"), reverse("selection:list")))
    if user.has_perm("selection.view_selectionround"):
        items.append((_("TSPDI"), reverse("selection:teams")))
    if user.has_perm("dispatch.view_dispatch"):
        items.append((_("Pengiriman"), reverse("dispatch:list")))
    if user.has_perm("planning.view_planningcycle"):
        items.append((_("Perencanaan"), reverse("planning:list")))
    if may_open_programs(user):
        items.append((_("Program pelatihan"), reverse("training:list")))
    if may_open_studies(user):
        items.append((_("Tugas belajar"), reverse("studies:list")))
        items.append((_("Luar negeri"), reverse("studies:overseas-list")))
    if user.has_perm("workflow.send_disposition"):
        items.append((_("Disposisi"), reverse("workflow:inbox")))
    if user.has_perm("services.view_servicerequest"):
        items.append((_("Layanan"), reverse("services:requests")))
    if may_see_assessments(user):
        items.append((_("Asesmen JPT"), reverse("services:assessments")))
    elif user.employee_id and my_participations(user).exists():
        items.append((_("Asesmen saya"), reverse("services:my-assessments")))
    if may_see_complaints(user):
        items.append((_("Pengaduan"), reverse("services:complaints")))
    if user.has_perm("planning.view_jp_report"):
        items.append((_("Rekap JP"), reverse("planning:jp")))
    if user.has_perm("documents.view_document"):
        items.append((_("Dokumen"), reverse("documents:list")))
    if user.has_perm("selection.assess_candidates"):
        items.append((_("Penilaian saya"), reverse("selection:assessments")))
    if any(user.has_perm(p) for p in (
        "selfservice.verify_learning_report", "selfservice.decide_correction", "studies.propose_studies",
    )):  # fmt: skip
        items.append((_("Permintaan pegawai"), reverse("selfservice:queue")))
    if user.has_perm("accounts.open_employee_accounts"):
        items.append((_("Akun pegawai"), reverse("accounts:employee-accounts")))
    if user.has_perm("people.import_employees"):
        items.append((_("Impor data"), reverse("people:import")))
    if user.is_staff:
        items.append((_("Data referensi"), reverse("admin:index")))
    names = {g.name for g in user.groups.all()}
    roles = [str(role.name) for role in ROLES if role_group_name(role) in names]
    return {
        "nav_items": items, "user_roles": roles, "unread_notifications": unread_count(user),
        "waiting_count": waiting_count(user, timezone.localdate()),
    }  # fmt: skip
