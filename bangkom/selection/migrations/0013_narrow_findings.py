"""A round's shared findings kept once (RoundFinding), each candidate referring to them by number.

The column keeps what it holds: findings written out in full are valid references too (a candidate's
own findings), so existing rounds read as before until they are screened again."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("selection", "0012_temporal_rules"),
    ]

    operations = [
        migrations.RenameField(model_name="roundcandidate", old_name="findings", new_name="finding_refs"),
        migrations.CreateModel(
            name="RoundFinding",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField()),
                ("code", models.CharField(max_length=40)),
                ("status", models.CharField(max_length=30)),
                ("explanation", models.TextField()),
                ("source", models.TextField(blank=True)),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="shared_findings",
                        to="selection.selectionround",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("round", "number"), name="uniq_round_finding_number")
                ],
            },
        ),
    ]
