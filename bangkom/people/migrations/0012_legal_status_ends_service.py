import csv
from pathlib import Path

from django.db import migrations, models

DEPARTED = Path(__file__).resolve().parents[1] / "data" / "departed_legal_status.csv"


def mark_departed(apps, schema_editor):
    """Statuses already loaded learn which of them end a person's service (and close their account)."""
    with DEPARTED.open(newline="", encoding="utf-8") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    apps.get_model("people", "LegalStatus").objects.filter(pk__in=ids).update(ends_service=True)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0011_name_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="legalstatus",
            name="ends_service",
            field=models.BooleanField(default=False, verbose_name="berhenti sebagai PNS"),
        ),
        migrations.RunPython(mark_departed, migrations.RunPython.noop),
    ]
