"""haystack's `rebuild_index`, building beside the live index and swapping it in.

haystack clears the index and refills it in place, so searches see an empty or
half-built index meanwhile. Instead the command runs the configured search
backend's rebuild: a new Whoosh generation (`search.backends.whoosh.rebuild`),
or with NEWSARCHIVE_SEARCH_BACKEND=postgres the shadow-table rebuild.
"""

from haystack import connections
from haystack.management.commands import rebuild_index

from search.backends import backend_name, get_backend
from search.backends.whoosh.haystack_engine import VietnameseWhooshBackend


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
