"""Django's loaddata, then the index updates of the loaded articles are applied."""

from django.core.management.commands import loaddata

from search.indexing.sync import flush_after_command


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        super().handle(*fixture_labels, **options)
        # Raw saves were queued on commit; apply them before the process exits.
        if problem := flush_after_command():
            self.stderr.write(problem)
