"""Generated letters move out of the database: each row's DOCX, PDF and paper scan is written to the
storage backend under its SHA-256 (bangkom.core.stored) and the row keeps only the name. Rows are
read a hundred at a time, so an archive of thousands of letters moves in flat memory; going back
reads each file into its row again."""

from django.core.files.storage import default_storage
from django.db import migrations

from bangkom.core.stored import content_read, content_store

# (model, binary column, file column, folder, extension)
MOVES = [
    ("Document", "docx", "docx_file", "documents/docx", "docx"),
    ("Document", "pdf", "pdf_file", "documents/pdf", "pdf"),
    ("Document", "paper_scan", "paper_scan_file", "documents/scans", ""),
    ("DocumentVersion", "docx", "docx_file", "documents/docx", "docx"),
    ("DocumentVersion", "pdf", "pdf_file", "documents/pdf", "pdf"),
]


BATCH = 100


def _rows(model, *columns):  # type: ignore[no-untyped-def]
    """The rows in primary-key order, a batch at a time (flat memory, no cursor held open while
    the same table is written)."""
    last = 0
    while True:
        batch = list(model.objects.filter(pk__gt=last).order_by("pk").values_list("pk", *columns)[:BATCH])
        yield from batch
        if len(batch) < BATCH:
            return
        last = batch[-1][0]


def to_storage(apps, schema_editor):  # type: ignore[no-untyped-def]
    for model_name, binary, file, folder, extension in MOVES:
        model = apps.get_model("documents", model_name)
        for pk, content in _rows(model, binary):
            name = content_store(default_storage, folder, bytes(content or b""), extension)
            model.objects.filter(pk=pk).update(**{file: name})


def to_database(apps, schema_editor):  # type: ignore[no-untyped-def]
    for model_name, binary, file, _folder, _extension in MOVES:
        model = apps.get_model("documents", model_name)
        for pk, name in _rows(model, file):
            model.objects.filter(pk=pk).update(**{binary: content_read(default_storage, name)})


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0014_generated_files_in_storage"),
    ]

    operations = [
        migrations.RunPython(to_storage, to_database, elidable=False),
    ]
