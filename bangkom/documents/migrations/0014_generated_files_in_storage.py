"""Generated letters move out of the database (0014 adds the file columns, 0015 moves each row's
bytes to the storage backend, 0016 drops the old columns: three steps, each its own transaction, so
PostgreSQL never alters a table with the move's updates pending)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0013_waiting_step"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="docx_file",
            field=models.FileField(blank=True, max_length=255, upload_to=""),
        ),
        migrations.AddField(
            model_name="document",
            name="paper_scan_file",
            field=models.FileField(
                blank=True,
                editable=False,
                max_length=255,
                upload_to="",
                verbose_name="pindaian naskah bertanda tangan",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="pdf_file",
            field=models.FileField(blank=True, max_length=255, upload_to=""),
        ),
        migrations.AddField(
            model_name="documentversion",
            name="docx_file",
            field=models.FileField(blank=True, max_length=255, upload_to=""),
        ),
        migrations.AddField(
            model_name="documentversion",
            name="pdf_file",
            field=models.FileField(blank=True, max_length=255, upload_to=""),
        ),
        # The old columns become optional first, so that going back can add them to existing rows.
        migrations.AlterField(model_name="document", name="docx", field=models.BinaryField(default=b"")),
        migrations.AlterField(model_name="document", name="pdf", field=models.BinaryField(default=b"")),
        migrations.AlterField(model_name="documentversion", name="docx", field=models.BinaryField(default=b"")),
        migrations.AlterField(model_name="documentversion", name="pdf", field=models.BinaryField(default=b"")),
    ]
