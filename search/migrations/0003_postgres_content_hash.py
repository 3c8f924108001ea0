"""Give the PostgreSQL search index rows the content hash `check_index` compares."""

from django.db import migrations


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends.postgres import schema

    for statement in schema.add_content_hash_sql():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_index")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
