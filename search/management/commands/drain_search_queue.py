"""Apply queued search index updates now (e.g. from cron or after an import)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from articles.progress import (
    Progress,
    add_progress_argument,
    in_user_language,
    summary,
)
from search.indexing.sync import flush, pending_count


class Command(BaseCommand):
    help = "Áp dụng ngay các yêu cầu cập nhật chỉ mục đang chờ."

    def add_arguments(self, parser):
        add_progress_argument(parser)

    @in_user_language
    def handle(self, *args, **options):
        progress = Progress.for_command(self, options)
        try:
            applied = flush(progress)
        finally:
            progress.close()
        left = pending_count()
        next_step = (
            _("%(n)d cập nhật mới vào hàng đợi trong lúc chạy; chạy lại lệnh này.")
            % {"n": left}
            if left
            else ""
        )
        counts = _("%(n)d cập nhật đã áp dụng") % {"n": applied}
        self.stdout.write(summary(progress.elapsed, counts, next_step))
