"""The public portal's full-text search (reports.portal_views.search): a GIN index on
``to_tsvector('simple', COALESCE(search_text, ''))`` — the very expression Django's
``SearchVector("search_text", config="simple")`` writes, so PostgreSQL uses it. Only on
PostgreSQL; SQLite (``make run``) searches with icontains and needs no index."""

from django.db import migrations

INDEX = "reports_report_search_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON reports_report USING gin "
        "(to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
