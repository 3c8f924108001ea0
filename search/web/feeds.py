"""Atom feed of the newest articles matching any search URL."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .results import bad_request
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
            return _("newsarchive: “%(q)s”") % {"q": state.q}
        return _("newsarchive: bài mới")

    def link(self, state):
        return state.url(reverse("search_pages:results"))

    def subtitle(self, state):
        return _("Bài mới nhất khớp với tìm kiếm này")

    def items(self, state):
        return run_search(state, page_size=FEED_ITEMS, suggest=False).results

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.url

    def item_description(self, item):
        return item.snippet

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at


def feed(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    try:
        return SearchFeed()(request, *args, **kwargs)
    except BadSearch as exc:
        return bad_request(request, str(exc))
