"""Print precision and recall of posts, holdings and events on hand-checked pages."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.positions_report import MissingTexts, evaluate

GOLD = Path("tests/data/positions/gold.json")
TEXTS = Path("tests/data/extraction/real")


class Command(BaseCommand):
    help = (
        "Score the posts, holdings and appointment events read from real pages "
        "against a hand-checked gold file, without touching the database; print JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--gold", type=Path, help=f"gold file (default {GOLD})")
        parser.add_argument(
            "--texts",
            type=Path,
            help=f"folder the gold's pages are in (default {TEXTS})",
        )
        parser.add_argument(
            "--summary", action="store_true", help="leave out the per-page errors"
        )

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR)
        gold = options["gold"] or base / GOLD
        texts = options["texts"] or base / TEXTS
        if not Path(gold).is_file():
            raise CommandError(f"không tìm thấy tệp vàng {gold}", returncode=2)
        try:
            report = evaluate(gold, texts)
        except MissingTexts as exc:
            raise CommandError(str(exc), returncode=2) from None
        except (ValueError, KeyError, TypeError) as exc:
            raise CommandError(
                f"tệp vàng {gold} không hợp lệ: {exc}", returncode=2
            ) from None
        if options["summary"]:
            report.pop("errors", None)
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
