"""Title search in the queue: a trigram index on PostgreSQL (icontains compares UPPER(title::text)).

Skipped on other databases, and where the role may not create the pg_trgm extension (the search then
scans, which is correct, only slower)."""
from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS revision_title_trgm ON moderation_revision USING gin ((UPPER(title::text)) gin_trgm_ops)"


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        cursor.execute("SAVEPOINT trgm")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # noqa: BLE001 — no privilege: keep the scan
            cursor.execute("ROLLBACK TO SAVEPOINT trgm")
            return
        cursor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS revision_title_trgm")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0009_decision_serious")]
    operations = [migrations.RunPython(create_index, drop_index)]
