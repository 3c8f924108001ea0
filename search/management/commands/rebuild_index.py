"""haystack's `rebuild_index`, building beside the live index and swapping it in.

haystack clears the index and refills it in place, so searches see an empty or
half-built index meanwhile. Instead the command runs the configured search
backend's rebuild: a new Whoosh generation (`search.backends.whoosh.rebuild`),
or with NEWSARCHIVE_SEARCH_BACKEND=postgres the shadow-table rebuild.
"""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from haystack import connections
from haystack.management.commands import rebuild_index

from articles.progress import Progress, add_progress_argument, in_user_language
from search.backends import backend_name, get_backend
from search.backends.base import RebuildRunning
from search.backends.whoosh.haystack_engine import VietnameseWhooshBackend


def rebuild_summary(stats) -> str:
    """Return the closing line of a rebuild."""
    from articles.progress import summary

    counts = _(
        "đã lập chỉ mục %(n)d bài vào %(generation)s và đưa vào dùng; "
        "pyvi phân tích %(analysed)d bài, %(replayed)d cập nhật phát lại"
    ) % {
        "n": stats.articles,
        "generation": stats.generation or _("bảng chỉ mục"),
        "analysed": stats.analysed,
        "replayed": stats.replayed,
    }
    return summary(stats.seconds, counts, _("Tìm kiếm đã dùng chỉ mục mới."))


class Command(rebuild_index.Command):
    help = "Xây dựng lại chỉ mục bên cạnh chỉ mục đang dùng rồi hoán đổi."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        add_progress_argument(parser)

    @in_user_language
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
            options.pop("no_progress", None)
            return super().handle(**options)
        progress = Progress.for_command(self, options)
        if options.get("verbosity", 1) < 1:
            progress.mode = "off"
        try:
            stats = get_backend().rebuild(
                procs=max(1, options.get("workers") or 2), progress=progress
            )
        except RebuildRunning as exc:
            raise CommandError(str(exc)) from None
        finally:
            progress.close()
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(rebuild_summary(stats))
