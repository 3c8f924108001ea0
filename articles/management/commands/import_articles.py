"""Import raw news pages (*.txt) and JSON Lines exports (*.jsonl) into the archive."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.importing import finish_writes, import_paths
from articles.progress import (
    Progress,
    add_progress_argument,
    import_summary,
    in_user_language,
)
from articles.services import after_import


class Command(BaseCommand):
    help = "Import raw news pages and JSONL files (files or folders) into the archive."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders to import")
        parser.add_argument(
            "--json", action="store_true", help="print the summary as one JSON object"
        )
        parser.add_argument(
            "--max-page-bytes",
            type=int,
            default=settings.NEWSARCHIVE_MAX_PAGE_BYTES,
            help="largest raw page or JSONL record to read, in bytes",
        )
        add_progress_argument(parser)

    @in_user_language
    def handle(self, *args, **options):
        progress = Progress.for_command(self, options)
        report = import_paths(
            options["paths"],
            max_page_bytes=options["max_page_bytes"],
            after_save=after_import,
            progress=progress,
        )
        # Apply the index updates this run queued: no server may be running.
        problems = finish_writes(self, progress)
        progress.close()
        if options["json"]:
            self.stdout.write(
                json.dumps(report.as_dict(), ensure_ascii=False, indent=2)
            )
        else:
            self.stdout.write(
                f"Tệp đã đọc: {report.files}\n"
                f"Bài mới: {report.created}\n"
                f"Bài trùng bỏ qua: {report.duplicates}\n"
                f"Lỗi: {len(report.failed)}"
            )
            for item in report.articles:
                self.stdout.write(
                    f"  + [{item['id']}] {item['title']} ({item['file']})"
                )
            for item in report.failed:
                self.stderr.write(f"  ! {item['path']}: {item['reason']}")
            for item in report.warnings:
                self.stderr.write(f"  ~ bài {item['id']}: {item['reason']}")
        for problem in problems:
            self.stderr.write(problem)
        summary = import_summary(report, progress.elapsed, problems_above=True)
        # With --json, stdout carries the JSON object alone.
        (self.stderr if options["json"] else self.stdout).write(summary)
        if not report.ok:
            raise CommandError(
                _("%(n)d tệp hoặc dòng không nhập được.") % {"n": len(report.failed)},
                returncode=1,
            )
