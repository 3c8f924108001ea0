"""Re-run metadata extraction on articles and report what changed."""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from articles.importing import finish_writes
from articles.management.selection import articles_by_id
from articles.progress import (
    Progress,
    add_progress_argument,
    in_user_language,
    start_phase,
    summary,
)
from articles.services import extract_article


class Command(BaseCommand):
    help = "Re-extract officials, documents and dates; hand-made corrections stay."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="every article")
        which.add_argument(
            "--article", type=int, nargs="+", metavar="ID", help="these article ids"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")
        add_progress_argument(parser)

    @in_user_language
    def handle(self, *args, **options):
        articles = articles_by_id(options["article"])
        progress = Progress.for_command(self, options)
        if not options["all"]:
            progress.mode = "off"  # a few named articles: nothing to wait for
        start_phase(progress, "extracting", articles.count())
        changes = []
        for article in articles.iterator():
            changes.append(extract_article(article))
            progress.advance()
        changed = [c for c in changes if c.changed]
        problems = finish_writes(self, progress)
        progress.close()
        for problem in problems:
            self.stderr.write(problem)
        counts = _("bài đã trích xuất: %(n)d, bài thay đổi: %(changed)d") % {
            "n": len(changes),
            "changed": len(changed),
        }
        next_step = _("Chỉ mục tìm kiếm chưa cập nhật, xem ở trên.") if problems else ""
        closing = summary(progress.elapsed, counts, next_step)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "articles": len(changes),
                        "changed": len(changed),
                        "changes": [c.as_dict() for c in changed],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            self.stderr.write(closing)
            return
        for c in changed:
            parts = []
            if c.persons_added:
                parts.append("+người: " + ", ".join(c.persons_added))
            if c.persons_removed:
                parts.append("-người: " + ", ".join(c.persons_removed))
            if c.codes_added:
                parts.append("+văn bản: " + ", ".join(c.codes_added))
            if c.codes_removed:
                parts.append("-văn bản: " + ", ".join(c.codes_removed))
            if c.event_date_before != c.event_date_after:
                parts.append(
                    f"ngày sự kiện: {c.event_date_before} → {c.event_date_after}"
                )
            self.stdout.write(f"  [{c.article_id}] " + "; ".join(parts))
        self.stdout.write(closing)
