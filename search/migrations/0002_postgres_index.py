"""Create the PostgreSQL search backend's tables (nothing on other databases)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends.postgres import schema

    for statement in schema.create_all_sql():
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends.postgres import schema

    for statement in schema.drop_all_sql():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
