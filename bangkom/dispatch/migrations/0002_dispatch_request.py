"""A dispatch runs on a service request (the Bekasi standard's clock and steps) instead of keeping its
own due date. Dispatches made before this get their request here, with the due date they already had."""

import json
from pathlib import Path

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

SERVICE_CODE = "pengiriman-diklatpim-ii"
CATALOGUE = Path(__file__).resolve().parents[2] / "desk" / "data" / "catalogue"
# As in models.STEPS_DONE when this migration was written (a migration must not follow later edits).
STEPS_DONE = {"usulan": 2, "kerja_sama": 5, "pelaksanaan": 7, "hasil_diterima": 8, "dievaluasi": 9, "dibatalkan": 0}
REQUEST_STATUS = {"dievaluasi": "selesai", "dibatalkan": "dibatalkan"}


def _service(apps):
    Service = apps.get_model("services", "Service")
    service = Service.objects.filter(code=SERVICE_CODE).first()
    if service is not None:
        return service
    for path in sorted(CATALOGUE.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["code"] == SERVICE_CODE:
            completion = data["completion"]
            return Service.objects.create(
                code=data["code"], name=data["name"], provider=data["provider"], legal_basis=data["legal_basis"],
                requirements=data["requirements"], steps=data["steps"], completion_amount=completion["amount"],
                completion_unit=completion["unit"], completion_text=completion["text"],
                completion_notes=data.get("completion_notes", []), cost=data["cost"], products=data["products"],
                complaint_channels=data["complaints"], warn_days=data.get("warn_days", 2),
            )  # fmt: skip
    raise RuntimeError(f"{SERVICE_CODE}: service standard not found in {CATALOGUE}")


def link_requests(apps, schema_editor):
    Dispatch = apps.get_model("dispatch", "Dispatch")
    dispatches = list(Dispatch.objects.filter(request__isnull=True).order_by("id"))
    if not dispatches:
        return
    ServiceRequest = apps.get_model("services", "ServiceRequest")
    RequestChange = apps.get_model("services", "RequestChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    service = _service(apps)
    dispatch_type, _created = ContentType.objects.get_or_create(app_label="dispatch", model="dispatch")
    for dispatch in dispatches:
        status = REQUEST_STATUS.get(dispatch.status, "diproses")
        done = STEPS_DONE[dispatch.status]
        last_change = dispatch.status_changes.order_by("-changed_at", "-id").first()
        finished_on = dispatch.completed_on
        if status != "diproses" and finished_on is None:
            finished_on = timezone.localdate(last_change.changed_at) if last_change else dispatch.requested_on
        request = ServiceRequest.objects.create(
            service=service, title=dispatch.training_name, applicant=dispatch.institution,
            received_on=dispatch.requested_on, due_on=dispatch.due_on, steps=list(service.steps),
            step=min(done + 1, len(service.steps) + 1), step_started_at=timezone.now(), status=status,
            finished_on=finished_on, subject_type=dispatch_type, subject_id=dispatch.pk,
            created_by_id=dispatch.created_by_id,
        )  # fmt: skip
        RequestChange.objects.create(
            request=request,
            from_status="",
            to_status=status,
            changed_by_id=dispatch.created_by_id,
            note="Dicatat dari pengiriman peserta yang sudah berjalan",
        )
        dispatch.request = request
        dispatch.save(update_fields=["request"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("dispatch", "0001_initial"),
        ("services", "0003_request_cancelled"),
    ]

    operations = [
        migrations.AddField(
            model_name="dispatch",
            name="request",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dispatch",
                to="services.servicerequest",
                verbose_name="permohonan layanan",
            ),
        ),
        migrations.RunPython(link_requests, migrations.RunPython.noop),
    ]
