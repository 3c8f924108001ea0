"""Apply queued search index updates now (e.g. from cron or after an import)."""

from django.core.management.base import BaseCommand

from search.indexing.sync import flush


class Command(BaseCommand):
    help = "Áp dụng ngay các yêu cầu cập nhật chỉ mục đang chờ."

    def handle(self, *args, **options):
        self.stdout.write(f"{flush()} cập nhật đã áp dụng.")
