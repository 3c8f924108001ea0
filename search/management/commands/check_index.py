"""Report drift between the database and the search index, and repair it."""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from articles.progress import (
    Progress,
    add_progress_argument,
    in_user_language,
    summary,
)
from search.backends import get_backend
from search.indexing.check import check


class Command(BaseCommand):
    help = "So sánh cơ sở dữ liệu với chỉ mục tìm kiếm; --repair để sửa chênh lệch."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true")
        add_progress_argument(parser)

    @in_user_language
    def handle(self, *args, repair: bool, **options):
        # The output is JSON: progress and the summary of a repair go to stderr.
        progress = Progress.for_command(self, {**options, "json": True})
        if not repair:
            progress.mode = "off"  # a comparison alone is quick
        elif self.stderr.isatty() and not options["no_progress"]:
            progress.mode = "bar"
        try:
            drift = check(repair=repair, progress=progress)
        finally:
            progress.close()
        report = {
            "db_count": drift.db_count,
            "index_count": drift.index_count,
            "missing_from_index": drift.missing[:100],
            "missing_count": len(drift.missing),
            "stale_in_index": drift.stale[:100],
            "stale_count": len(drift.stale),
            "pending_updates": drift.pending,
            "ok": drift.ok,
            "backend": get_backend().name,
            **get_backend().health(),
        }
        if repair:
            report["repaired"] = not drift.ok or bool(drift.pending)
        self.stdout.write(json.dumps(report, ensure_ascii=False))
        if repair:
            counts = _(
                "bài trong cơ sở dữ liệu: %(db)d, đã thêm vào chỉ mục: %(missing)d, "
                "đã gỡ khỏi chỉ mục: %(stale)d, cập nhật chờ đã áp dụng: %(pending)d"
            ) % {
                "db": drift.db_count,
                "missing": len(drift.missing),
                "stale": len(drift.stale),
                "pending": drift.pending,
            }
            next_step = (
                _("Chạy lại `check_index` để xác nhận chỉ mục đã khớp.")
                if report["repaired"]
                else ""
            )
            self.stderr.write(summary(progress.elapsed, counts, next_step))
        if not drift.ok and not repair:
            raise SystemExit(1)
