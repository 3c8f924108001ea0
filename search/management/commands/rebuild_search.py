"""Rebuild the configured backend's search index beside the live one and swap it in."""

import json

from django.core.management.base import BaseCommand

from search.backends import get_backend


class Command(BaseCommand):
    help = "Xây dựng lại chỉ mục tìm kiếm bên cạnh chỉ mục đang dùng rồi hoán đổi."

    def add_arguments(self, parser):
        parser.add_argument("--procs", type=int, default=2)

    def handle(self, *args, procs: int, **options):
        stats = get_backend().rebuild(procs=max(1, procs))
        self.stdout.write(
            json.dumps(
                {
                    "articles": stats.articles,
                    "analysed_with_pyvi": stats.analysed,
                    "replayed_updates": stats.replayed,
                    "seconds": round(stats.seconds, 2),
                    "generation": stats.generation,
                },
                ensure_ascii=False,
            )
        )
