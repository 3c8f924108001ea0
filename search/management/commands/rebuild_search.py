"""Rebuild the configured backend's search index beside the live one and swap it in."""

import json

from django.core.management.base import BaseCommand, CommandError

from articles.progress import Progress, add_progress_argument, in_user_language
from search.backends import get_backend
from search.backends.base import RebuildRunning

from .rebuild_index import rebuild_summary


class Command(BaseCommand):
    help = "Xây dựng lại chỉ mục tìm kiếm bên cạnh chỉ mục đang dùng rồi hoán đổi."

    def add_arguments(self, parser):
        parser.add_argument("--procs", type=int, default=2)
        add_progress_argument(parser)

    @in_user_language
    def handle(self, *args, procs: int, **options):
        # The output is JSON: progress lines and the summary go to stderr.
        progress = Progress.for_command(self, {**options, "json": True})
        if self.stderr.isatty() and not options["no_progress"]:
            progress.mode = "bar"
        try:
            stats = get_backend().rebuild(procs=max(1, procs), progress=progress)
        except RebuildRunning as exc:
            raise CommandError(str(exc)) from None
        finally:
            progress.close()
        self.stdout.write(
            json.dumps(
                {
                    "articles": stats.articles,
                    "analysed_with_pyvi": stats.analysed,
                    "replayed_updates": stats.replayed,
                    "covered_updates": stats.covered,
                    "seconds": round(stats.seconds, 2),
                    "generation": stats.generation,
                },
                ensure_ascii=False,
            )
        )
        self.stderr.write(rebuild_summary(stats))
