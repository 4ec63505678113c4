"""The letters' bytes now live in the storage backend (0015): the old columns go."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0015_generated_files_moved"),
    ]

    operations = [
        migrations.RemoveField(model_name="document", name="docx"),
        migrations.RemoveField(model_name="document", name="paper_scan"),
        migrations.RemoveField(model_name="document", name="pdf"),
        migrations.RemoveField(model_name="documentversion", name="docx"),
        migrations.RemoveField(model_name="documentversion", name="pdf"),
    ]
