"""Precision, recall and F1 of metadata extraction against a gold file."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.evaluation import evaluate


class Command(BaseCommand):
    help = "Score extraction against a gold JSON file without touching the database."

    def add_arguments(self, parser):
        parser.add_argument("--gold", required=True, help="gold JSON file")
        parser.add_argument(
            "--texts", help="folder of the named raw pages (default: the gold's folder)"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        gold = Path(options["gold"])
        if not gold.is_file():
            raise CommandError(f"Không tìm thấy tệp gold: {gold}")
        texts = Path(options["texts"]) if options["texts"] else None
        try:
            report = evaluate(gold, texts)
        except (ValueError, KeyError) as exc:
            raise CommandError(f"Tệp gold không hợp lệ: {exc}") from exc
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        for field in ("persons", "document_codes", "bylines"):
            m = report[field]
            self.stdout.write(
                f"{field:15} P={m['precision']:.3f} R={m['recall']:.3f}"
                f" F1={m['f1']:.3f}"
            )
        for field in ("event_date", "published"):
            self.stdout.write(f"{field:15} accuracy={report[field]['accuracy']:.3f}")
        for error in report["errors"]:
            self.stdout.write(
                f"  {error['file']}: {error['field']} {error['kind']}"
                f" expected={error.get('expected')!r} got={error.get('got')!r}"
            )
