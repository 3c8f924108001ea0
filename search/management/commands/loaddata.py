"""Django's loaddata, then the index updates of the loaded articles are applied.

`loaddata demo` runs `load_demo`, which matches the demo rows by natural keys
instead of writing them by primary key, so it can be run again in any state.
"""

from django.core.management import call_command
from django.core.management.commands import loaddata

from search.indexing.sync import flush_after_command


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        if fixture_labels in (("demo",), ("demo.json",)):
            call_command(
                "load_demo",
                verbosity=options["verbosity"],
                stdout=self.stdout,
                stderr=self.stderr,
            )
            return
        super().handle(*fixture_labels, **options)
        # Raw saves were queued on commit; apply them before the process exits.
        if problem := flush_after_command():
            self.stderr.write(problem)
