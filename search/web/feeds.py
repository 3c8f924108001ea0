"""Atom feed of the newest articles matching any search URL."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .exports import match_kind
from .results import bad_request
from .sanitize import without_controls
from .state import FEED_ITEMS, BadSearch, read_state, run_search

#: The Atom category scheme of how an entry matches the search.
MATCH_SCHEME = "urn:newsarchive:match"


class _MatchAtomFeed(Atom1Feed):
    """Atom with a labelled category on entries that match only in part."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("match_term"):
            handler.addQuickElement(
                "category",
                "",
                {
                    "term": item["match_term"],
                    "scheme": MATCH_SCHEME,
                    "label": item["match_label"],
                },
            )


def _match_labels() -> dict[str, str]:
    return {"partial": _("khớp một phần"), "subject": _("theo trích yếu")}


class SearchFeed(Feed):
    """Atom feed of the newest articles matching any search URL.

    Entries that match only most of the query, or name a typed document by
    its subject, carry a category of scheme `MATCH_SCHEME` (term `partial` or
    `subject`); full matches carry none.
    """

    feed_type = _MatchAtomFeed

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

    def item_extra_kwargs(self, item):
        kind = match_kind(item)
        if kind == "full":
            return {}
        return {"match_term": kind, "match_label": _match_labels()[kind]}

    def item_updateddate(self, item):
        if item.published_at:
            return item.published_at
        return getattr(self, "edited", {}).get(item.id) or timezone.now()


def feed(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    try:
        return SearchFeed()(request, *args, **kwargs)
    except BadSearch as exc:
        return bad_request(request, str(exc))
