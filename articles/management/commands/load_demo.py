"""Load the demo fixture; safe to run again in any state of the archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.demo import load_demo_file
from articles.importing import finish_writes

DEMO_FILE = "demo.json"


def demo_fixture_path() -> Path | None:
    """Return the demo fixture in the fixture folders, or None."""
    for folder in settings.FIXTURE_DIRS:
        if (path := Path(folder) / DEMO_FILE).is_file():
            return path
    return None


class Command(BaseCommand):
    help = (
        "Load the demo articles with their metadata, resetting demo articles an "
        "editor changed and leaving every other article as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fixture", help="demo fixture file (default: demo.json)")

    def handle(self, *args, **options):
        path = Path(options["fixture"]) if options["fixture"] else demo_fixture_path()
        if path is None or not path.is_file():
            raise CommandError(
                _("Không tìm thấy tệp dữ liệu mẫu %(path)s.")
                % {"path": path or DEMO_FILE},
                returncode=2,
            )
        result = load_demo_file(path)
        # Apply the index updates the load queued before the process exits.
        for problem in finish_writes(self):
            self.stderr.write(problem)
        if options["verbosity"]:
            self.stdout.write(
                _("Dữ liệu mẫu: %(created)d bài thêm mới, %(reset)d bài đặt lại.")
                % {"created": result.created, "reset": result.reset}
            )
