"""Give the PostgreSQL search index rows the post and Party term facets."""

from django.db import migrations


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends.postgres import schema

    for statement in schema.add_position_facets_sql():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_postgres_statistics")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
