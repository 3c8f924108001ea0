"""Report drift between the database and the search index, and repair it."""

import json

from django.core.management.base import BaseCommand

from search.backends import get_backend
from search.indexing.check import check


class Command(BaseCommand):
    help = "So sánh cơ sở dữ liệu với chỉ mục tìm kiếm; --repair để sửa chênh lệch."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true")

    def handle(self, *args, repair: bool, **options):
        drift = check(repair=repair)
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
        if not drift.ok and not repair:
            raise SystemExit(1)
