"""Re-run metadata extraction on articles and report what changed."""

import json

from django.core.management.base import BaseCommand, CommandError

from articles.importing import finish_writes
from articles.models import Article
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

    def handle(self, *args, **options):
        articles = Article.objects.order_by("pk")
        if options["article"]:
            articles = articles.filter(pk__in=options["article"])
            missing = set(options["article"]) - set(
                articles.values_list("pk", flat=True)
            )
            if missing:
                raise CommandError(
                    "Không có bài viết mang mã: " + ", ".join(map(str, sorted(missing)))
                )
        changes = [extract_article(article) for article in articles.iterator()]
        changed = [c for c in changes if c.changed]
        for problem in finish_writes(self):
            self.stderr.write(problem)
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
            return
        self.stdout.write(
            f"Đã trích xuất {len(changes)} bài; {len(changed)} bài thay đổi."
        )
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
