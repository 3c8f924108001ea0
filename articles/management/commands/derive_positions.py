"""Rebuild posts, holdings, events and Party terms from the stored articles."""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from articles.importing import finish_writes
from articles.management.selection import articles_by_id
from articles.positions_derive import derive_all
from articles.progress import (
    Progress,
    add_progress_argument,
    in_user_language,
    start_phase,
    summary,
)


class Command(BaseCommand):
    help = (
        "Derive posts, holdings, appointment events and Party terms from every "
        "article's officials and text (or the given articles); safe to run again, "
        "editors' corrections stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--article", type=int, nargs="+", metavar="ID", help="only these articles"
        )
        parser.add_argument("--json", action="store_true", help="print JSON")
        add_progress_argument(parser)

    @in_user_language
    def handle(self, *args, **options):
        articles = articles_by_id(options["article"])
        progress = Progress.for_command(self, options)
        start_phase(progress, "extracting", articles.count())
        counts = derive_all(articles.iterator(), progress=progress)
        problems = finish_writes(self, progress)
        progress.close()
        for problem in problems:
            self.stderr.write(problem)
        if options["json"]:
            self.stdout.write(json.dumps(counts, ensure_ascii=False, indent=2))
            return
        line = (
            _(
                "bài: %(articles)d, chức vụ: %(positions)d, người giữ chức: "
                "%(holdings)d, sự kiện: %(events)d"
            )
            % counts
        )
        self.stdout.write(summary(progress.elapsed, line, ""))
