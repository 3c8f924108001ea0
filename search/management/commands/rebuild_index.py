"""haystack's `rebuild_index`, building beside the live index and swapping it in.

haystack clears the index and refills it in place, so searches see an empty or
half-built index meanwhile. With our backend the command instead runs the
generation rebuild (`search.rebuild`), and with the PostgreSQL search backend
configured (NEWSARCHIVE_SEARCH_BACKEND=postgres) that backend's shadow-table
rebuild; with any other haystack backend (Elasticsearch, OpenSearch) it behaves
as haystack's own command.
"""

from haystack import connections
from haystack.management.commands import rebuild_index

from search.backend import VietnameseWhooshBackend
from search.backends import backend_name, get_backend


class Command(rebuild_index.Command):
    help = "Xây dựng lại chỉ mục bên cạnh chỉ mục đang dùng rồi hoán đổi."

    def handle(self, **options):
        aliases = options.get("using") or list(connections.connections_info)
        ours = [
            alias
            for alias in aliases
            if isinstance(connections[alias].get_backend(), VietnameseWhooshBackend)
        ]
        if aliases != ["default"] or (
            ours != ["default"] and backend_name() == "whoosh"
        ):
            return super().handle(**options)
        stats = get_backend().rebuild(procs=max(1, options.get("workers") or 2))
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(
                f"Indexed {stats.articles} articles into {stats.generation} "
                f"in {stats.seconds:.1f}s and swapped it in."
            )
