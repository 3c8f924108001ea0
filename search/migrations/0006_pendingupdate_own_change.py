"""Tell a queue row queued by the article's own change from one queued on its
behalf (articles citing an edited document), so a writer serves saves first."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0005_postgres_position_facets")]

    operations = [
        migrations.AddField(
            model_name="pendingupdate",
            name="own_change",
            field=models.BooleanField(default=False),
        ),
    ]
