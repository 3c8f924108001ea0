"""Article selection shared by the commands that take `--article ID …`."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from articles.models import Article


def articles_by_id(ids: list[int] | None):
    """Articles in pk order, only `ids` when given; an unknown id is an error."""
    articles = Article.objects.order_by("pk")
    if not ids:
        return articles
    articles = articles.filter(pk__in=ids)
    missing = set(ids) - set(articles.values_list("pk", flat=True))
    if missing:
        raise CommandError(
            _("Không có bài viết mang mã: %(ids)s")
            % {"ids": ", ".join(map(str, sorted(missing)))}
        )
    return articles
