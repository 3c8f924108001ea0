"""Write the archive's contents as the demo fixture (see `make fixtures`)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from articles.demo import demo_fixture_json


class Command(BaseCommand):
    help = "Write the current archive as a loaddata fixture with stable keys."

    def add_arguments(self, parser):
        parser.add_argument("output", help="path of the JSON file to write")

    def handle(self, *args, **options):
        Path(options["output"]).write_text(demo_fixture_json(), encoding="utf-8")
        self.stdout.write(f"Đã ghi {options['output']}")
