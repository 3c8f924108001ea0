"""Give the PostgreSQL search index one column for syllables and pairs, its
statistics, title postings and the trigger that keeps them (computed from the
rows already there). Going back gives back an empty column of pairs: rebuild
the index after."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends.postgres import schema

    for statement in [schema.merge_pairs_sql(), *schema.create_stats_sql()]:
        schema_editor.execute(statement, None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search.backends.postgres import schema

    for statement in [*schema.drop_stats_sql(), *schema.split_pairs_sql()]:
        schema_editor.execute(statement, None)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_content_hash")]

    operations = [migrations.RunPython(create, drop)]
