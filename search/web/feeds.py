"""Atom feed of the newest articles matching any search URL."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .results import bad_request
from .sanitize import without_controls
from .state import FEED_ITEMS, BadSearch, read_state, run_search


class SearchFeed(Feed):
    """Atom feed of the newest articles matching any search URL."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        state = read_state(request)
        state.sort, state.page = "newest", 1
        return state

    def title(self, state):
        if state.q:
            return without_controls(_("newsarchive: “%(q)s”") % {"q": state.q})
        return _("newsarchive: bài mới")

    def link(self, state):
        return state.url(reverse("search_pages:results"))

    def feed_url(self, state):
        # rel="self" names this very feed, query included.
        return state.url(reverse("search_pages:feed"))

    def subtitle(self, state):
        return _("Bài mới nhất khớp với tìm kiếm này")

    def items(self, state):
        items = run_search(state, page_size=FEED_ITEMS, suggest=False).results
        undated = [item.id for item in items if item.published_at is None]
        if undated:
            from articles.models import Article

            # Atom requires <updated>: an undated article gives its last edit.
            edited = Article.objects.filter(pk__in=undated)
            self.edited = dict(edited.values_list("pk", "updated_at"))
        return items

    # Stored text may hold control characters, which XML 1.0 cannot carry.
    def item_title(self, item):
        return without_controls(item.title)

    def item_link(self, item):
        return item.url

    def item_description(self, item):
        return without_controls(item.snippet)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        if item.published_at:
            return item.published_at
        return getattr(self, "edited", {}).get(item.id) or timezone.now()


def feed(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    try:
        return SearchFeed()(request, *args, **kwargs)
    except BadSearch as exc:
        return bad_request(request, str(exc))
