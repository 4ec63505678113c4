"""Exports and downloads of personal data are logged (who, what, when, how many rows) and visible to
the administrator; admin-site edits keep the old and the new value."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from bangkom.core.models import DataAccess, DataAccessAction
from bangkom.core.tests.exports import exported
from bangkom.people.models import Unit
from bangkom.people.services import document_add
from conftest import SAMPLE_PDF

pytestmark = pytest.mark.django_db


@override_settings(BANGKOM_TRUSTED_PROXIES=["127.0.0.1"])
def test_exports_and_downloads_are_logged(users, people, tmp_path) -> None:
    with override_settings(MEDIA_ROOT=tmp_path):
        paper = document_add(
            actor=users["admin"],
            employee=people.teacher,
            kind="spmt",
            upload=SimpleUploadedFile("spmt.pdf", SAMPLE_PDF),
        )
        client = Client()
        client.force_login(users["operator"])
        job, response = exported(
            client, reverse("people:export"), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.1.2.3"
        )
        assert response.status_code == 200
        client.get(reverse("core:job", args=[job.pk]))  # the job's page: not a file, not logged
        client.get(reverse("people:document", args=[people.teacher.nip, paper.pk]))
        client.get(reverse("people:list"))  # a page, not a file: not logged
    export, download = DataAccess.objects.order_by("id")
    assert (export.user, export.action, export.rows, export.address) == (
        users["operator"],
        DataAccessAction.EXPORT,
        2,
        "10.1.2.3",
    )
    assert export.what.startswith("pegawai-") and export.what.endswith(".xlsx")
    assert (download.action, download.what) == (DataAccessAction.DOWNLOAD, f"spmt-{people.teacher.nip}.pdf")
    assert DataAccess.objects.count() == 2


def test_the_administrator_reads_the_log_and_nobody_edits_it(users, people) -> None:
    client = Client()
    client.force_login(users["operator"])
    exported(client, reverse("people:export"))
    admin = Client()
    admin.force_login(users["admin"])
    page = admin.get(reverse("admin:core_dataaccess_changelist"))
    assert page.status_code == 200 and "u_operator" in page.content.decode()
    entry = DataAccess.objects.get()
    assert admin.post(reverse("admin:core_dataaccess_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert DataAccess.objects.count() == 1
    for role in ("operator", "kabid", "pimpinan"):
        other = Client()
        other.force_login(users[role])
        assert other.get(reverse("admin:core_dataaccess_changelist")).status_code in (302, 403)


def test_admin_edits_keep_old_and_new_values(users, tree) -> None:
    client = Client()
    client.force_login(users["admin"])
    url = reverse("admin:people_unit_change", args=[tree.dinkes.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"name": "Dinas Kesehatan dan KB", "parent": tree.root.pk})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert Unit.objects.get(pk=tree.dinkes.pk).name == "Dinas Kesehatan dan KB"
    entry = LogEntry.objects.get(object_id=str(tree.dinkes.pk))
    assert "Dinas Kesehatan → Dinas Kesehatan dan KB" in entry.get_change_message()
