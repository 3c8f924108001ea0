"""Report drift between the database and the search index, and repair it."""

import argparse
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
from search.indexing.check import WAIT_SECONDS, check


def wait_seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise argparse.ArgumentTypeError(
            _("--wait cần một số giây từ 0 đến 3600, không phải %(v)r.") % {"v": value}
        )
    return seconds


class Command(BaseCommand):
    help = (
        "So sánh cơ sở dữ liệu với chỉ mục tìm kiếm (bài thiếu, bài thừa, bài lỗi "
        "thời, cập nhật chờ); --repair để sửa chênh lệch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true")
        parser.add_argument(
            "--wait",
            type=wait_seconds,
            default=WAIT_SECONDS,
            help=(
                "giây chờ hàng đợi tiến triển trước khi coi các cập nhật chờ là "
                "không được áp dụng (mặc định %(default)s)"
            ),
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="báo cáo JSON trên stdout (luôn như vậy; tóm tắt ở stderr)",
        )
        add_progress_argument(parser)

    @in_user_language
    def handle(self, *args, repair: bool, wait: float, **options):
        # The output is JSON: progress and the summary go to stderr.
        progress = Progress.for_command(self, {**options, "json": True})
        if not repair:
            progress.mode = "off"  # a comparison alone is quick
        elif self.stderr.isatty() and not options["no_progress"]:
            progress.mode = "bar"
        try:
            drift = check(repair=repair, progress=progress, wait=wait)
        finally:
            progress.close()
        counts = drift.counts()
        report = {
            "ok": drift.ok,
            "counts": counts,
            "db_count": drift.db_count,
            "index_count": drift.index_count,
            "missing_from_index": drift.missing[:100],
            "missing_count": counts["missing"],
            "extra_in_index": drift.extra[:100],
            "extra_count": counts["extra"],
            "stale_in_index": drift.stale[:100],
            "stale_count": counts["stale"],
            "pending_updates": drift.pending,
            "pending_not_draining": drift.not_draining,
            "backend": get_backend().name,
            **get_backend().health(),
        }
        if repair:
            report["repaired"] = not drift.ok or bool(drift.pending)
        self.stdout.write(json.dumps(report, ensure_ascii=False))
        self.stderr.write(self.summary_line(drift, repair, progress.elapsed))
        if not drift.ok and not repair:
            raise SystemExit(1)

    def summary_line(self, drift, repair: bool, elapsed: float) -> str:
        counts = drift.counts()
        values = {
            "db": drift.db_count,
            "index": drift.index_count,
            "missing": counts["missing"],
            "extra": counts["extra"],
            "stale": counts["stale"],
            "pending": counts["pending"],
            "stuck": counts["pending_not_draining"],
        }
        if repair:
            line = _(
                "bài trong cơ sở dữ liệu: %(db)d, đã thêm vào chỉ mục: %(missing)d, "
                "đã gỡ khỏi chỉ mục: %(extra)d, đã lập chỉ mục lại bài lỗi thời: "
                "%(stale)d, cập nhật chờ đã áp dụng: %(pending)d"
            )
            repaired = not drift.ok or drift.pending
            step = _("Chạy lại `check_index` để xác nhận chỉ mục đã khớp.")
            return summary(elapsed, line % values, step if repaired else "")
        line = _(
            "bài trong cơ sở dữ liệu: %(db)d, trong chỉ mục: %(index)d; thiếu: "
            "%(missing)d, thừa: %(extra)d, lỗi thời: %(stale)d, cập nhật chờ: "
            "%(pending)d (không được áp dụng: %(stuck)d)"
        )
        step = "" if drift.ok else _("Chạy `check_index --repair` để sửa.")
        return summary(elapsed, line % values, step)
