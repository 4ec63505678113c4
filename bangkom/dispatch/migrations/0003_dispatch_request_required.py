"""Separate from 0002: PostgreSQL refuses to alter a table whose rows the same transaction updated."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dispatch", "0002_dispatch_request"),
    ]

    operations = [
        migrations.AlterField(
            model_name="dispatch",
            name="request",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dispatch",
                to="services.servicerequest",
                verbose_name="permohonan layanan",
            ),
        ),
        migrations.RemoveField(model_name="dispatch", name="due_on"),
        migrations.RemoveField(model_name="dispatch", name="completed_on"),
    ]
