"""Precision, recall and F1 of metadata extraction against a gold file."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.evaluation import MissingTexts, aggregate, evaluate, load_gold
from articles.progress import in_user_language

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

    @in_user_language
    def handle(self, *args, **options):
        gold = Path(options["gold"])
        if not gold.is_file():
            raise CommandError(
                _("Không tìm thấy tệp gold: %(path)s") % {"path": gold}, returncode=2
            )
        texts = Path(options["texts"]) if options["texts"] else None
        if texts is not None and not texts.is_dir():
            raise CommandError(
                _("Không tìm thấy thư mục văn bản: %(path)s") % {"path": texts},
                returncode=2,
            )
        try:
            if not load_gold(gold):
                raise CommandError(
                    _("Tệp gold không có mục nào: %(path)s") % {"path": gold},
                    returncode=2,
                )
            report = evaluate(gold, texts)
        except MissingTexts as exc:
            # Pages that are not there would score as zeros: refuse instead.
            raise CommandError(
                _(
                    "Thiếu văn bản để chấm điểm: %(n)d tệp gold nêu không có trong "
                    "%(folder)s (%(files)s); hãy chỉ thư mục chứa các trang bằng "
                    "--texts."
                )
                % {
                    "n": len(exc.missing),
                    "folder": exc.folder,
                    "files": ", ".join(exc.missing[:5])
                    + (" …" if len(exc.missing) > 5 else ""),
                },
                returncode=2,
            ) from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise CommandError(
                _("Tệp gold không hợp lệ: %(error)s") % {"error": exc}, returncode=2
            ) from exc
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
