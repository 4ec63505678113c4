"""Name search on PostgreSQL: a trigram index on UPPER(name) serves `name__icontains` (Django writes it
as UPPER(name) LIKE UPPER('%…%')), so a search costs the matches, not the registry. pg_trgm is a
trusted extension (PostgreSQL 13+): the database's owner may create it. SQLite has no such index; its
scan stays fast at the sizes an embedded installation holds."""

from django.db import migrations

INDEX = "employee_name_trgm_idx"


def create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_employee USING gin (UPPER(name) gin_trgm_ops)")


def drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("people", "0010_figures")]
    operations = [migrations.RunPython(create, drop)]
