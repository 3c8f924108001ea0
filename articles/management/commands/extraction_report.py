"""Precision, recall and F1 of metadata extraction against a gold file."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.evaluation import MissingTexts, aggregate, evaluate

SET_FIELDS = ("persons", "titles", "document_codes", "bylines")
DATE_FIELDS = ("event_date", "published")


class Command(BaseCommand):
    help = "Score extraction against a gold JSON file without touching the database."

    def add_arguments(self, parser):
        parser.add_argument("--gold", required=True, help="gold JSON file")
        parser.add_argument(
            "--texts", help="folder of the named raw pages (default: the gold's folder)"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--summary",
            action="store_true",
            help="aggregate figures only, without per-file errors",
        )

    def handle(self, *args, **options):
        gold = Path(options["gold"])
        if not gold.is_file():
            raise CommandError(f"Không tìm thấy tệp gold: {gold}")
        texts = Path(options["texts"]) if options["texts"] else None
        try:
            report = evaluate(gold, texts)
        except MissingTexts as exc:
            raise CommandError(f"Thiếu văn bản để chấm điểm: {exc}") from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"Tệp gold không hợp lệ: {exc}") from exc
        if options["summary"]:
            report = aggregate(report)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        for field in SET_FIELDS:
            m = report[field]
            self.stdout.write(
                f"{field:15} P={m['precision']:.3f} R={m['recall']:.3f}"
                f" F1={m['f1']:.3f}"
            )
        for field in DATE_FIELDS:
            m = report[field]
            self.stdout.write(
                f"{field:15} accuracy={m['accuracy']:.3f} (n={m['total']})"
            )
        h = report["headline"]
        self.stdout.write(
            f"{'headline':15} exact={h['exact']:.3f} (n={h['total']})"
            f" derived_for_real={h['derived_for_real']}"
            f" real_for_none={h['real_for_none']} (of {h['pages_without']})"
        )
        for error in report.get("errors", []):
            self.stdout.write(
                f"  {error['file']}: {error['field']} {error['kind']}"
                f" expected={error.get('expected')!r} got={error.get('got')!r}"
            )
