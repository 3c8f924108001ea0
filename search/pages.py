"""HTML side of search: the results page, its feed and CSV export, OpenSearch.

Every search state lives in the URL (`q`, the facet filters, `sort`, `page`), so
any results page is a permalink. These views also lend the reading pages what
needs the index: highlighted terms, more-like-this and the position in a result
list (registered in `articles.views.page_aids`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from articles import text
from articles.models import Article
from articles.views import page_aids

from . import labels, services
from .backends import get_backend
from .forms import ArchiveSearchForm
from .highlight import highlight, needles
from .query import parse
from .suggest import autocomplete, more_like_this

MAX_Q_CHARS = 2000
FACET_SHOWN = 8
FACET_MORE = 200
CSV_MAX_ROWS = 1000
FEED_ITEMS = 30
FACET_ORDER = ("official", "code", "doc_type", "year", "month", "source", "section")
SORTS = ("relevance", "newest", "oldest")
STATE_PARAMS = ("q", "sort", *services.FILTERS)


def facet_titles() -> dict[str, str]:
    return {
        "official": _("Nhân vật"),
        "code": _("Văn bản"),
        "doc_type": _("Loại văn bản"),
        "year": _("Năm"),
        "month": _("Tháng"),
        "source": _("Nguồn"),
        "section": _("Chuyên mục"),
        "issuer": _("Cơ quan ban hành"),
    }


class BadSearch(Exception):
    """The request cannot be searched; the message says why."""


@dataclass
class SearchState:
    """What the URL asks for, validated."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    requested_page: int = 1
    more: str = ""
    narrow: dict[str, str] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return bool(self.q.strip() or self.filters)

    def params(self, **changes) -> list[tuple[str, str]]:
        """Return the URL parameters of this state with some replaced."""
        values: dict[str, list[str]] = {"q": [self.q] if self.q else []}
        values.update({k: list(v) for k, v in self.filters.items()})
        if self.sort != "relevance":
            values["sort"] = [self.sort]
        for name, value in changes.items():
            values[name] = [] if value in (None, "") else [str(value)]
        return [(k, v) for k, vs in values.items() for v in vs]

    def url(self, base: str = "", **changes) -> str:
        query = urlencode(self.params(**changes))
        return f"{base}?{query}" if query else base or "?"

    def toggled(self, base: str, name: str, value: str) -> str:
        """Return the URL with one filter value added, or removed if present."""
        filters = {k: list(v) for k, v in self.filters.items()}
        chosen = filters.setdefault(name, [])
        if value in chosen:
            chosen.remove(value)
            if name == "year":
                filters.pop("month", None)  # a month belongs to its year
        else:
            if name in ("year", "month", "source", "section"):
                chosen.clear()  # one period or source at a time drills down
            chosen.append(value)
        state = SearchState(self.q, {k: v for k, v in filters.items() if v}, self.sort)
        return state.url(base)


def read_state(request: HttpRequest, forced: dict[str, list[str]] | None = None):
    """Validate the search parameters of a request (raise BadSearch if hopeless)."""
    q = request.GET.get("q", "")
    if len(q) > MAX_Q_CHARS:
        raise BadSearch(
            _("Câu tìm quá dài (%(n)s ký tự); hãy rút gọn dưới %(max)s ký tự.")
            % {"n": len(q), "max": MAX_Q_CHARS}
        )
    form = ArchiveSearchForm(request.GET)
    form.is_valid()
    filters = services.clean_filters(dict(form.filters))
    for name, values in (forced or {}).items():
        filters[name] = list(values)
    sort = request.GET.get("sort", "relevance")
    raw_page = request.GET.get("page", "1")
    page = int(raw_page) if raw_page.isdigit() and 0 < len(raw_page) < 7 else 1
    more = request.GET.get("more", "")
    narrow = {
        name: request.GET.get(f"fq_{name}", "").strip()[:100]
        for name in FACET_ORDER
        if request.GET.get(f"fq_{name}", "").strip()
    }
    return SearchState(
        q=q.strip(),
        filters=filters,
        sort=sort if sort in SORTS else "relevance",
        page=max(1, page),
        requested_page=max(1, page),
        more=more if more in FACET_ORDER else "",
        narrow=narrow,
    )


def run_search(state: SearchState, page_size: int = services.PAGE_SIZE, **options):
    """Run the search service for a state, in any of the three orders."""
    return services.search(
        state.q,
        state.filters,
        page=state.page,
        page_size=page_size,
        sort=state.sort,
        **options,
    )


def _fold_matches(label: str, wanted: str) -> bool:
    return text.fold(wanted) in text.fold(label)


def facet_groups(state: SearchState, page, base: str) -> list[dict]:
    """Return the facet sidebar: lists of values with counts and links."""
    titles = facet_titles()
    groups = []
    for name in FACET_ORDER:
        values = [v for v in page.facets.get(name, []) if v.value.strip()]
        if not values:
            continue
        narrow = state.narrow.get(name, "")
        if narrow:
            values = [v for v in values if _fold_matches(v.label, narrow)]
        expanded = state.more == name or bool(narrow)
        shown = values if expanded else values[:FACET_SHOWN]
        selected_hidden = [v for v in values[len(shown) :] if v.selected]
        groups.append(
            {
                "name": name,
                "title": titles[name],
                "values": [
                    {
                        "value": v.value,
                        "label": v.label,
                        "count": v.count,
                        "selected": v.selected,
                        "url": state.toggled(base, name, v.value),
                    }
                    for v in [*shown, *selected_hidden]
                ],
                "more_url": (
                    state.url(base, more=name) + f"#facet-{name}"
                    if not expanded and len(values) > FACET_SHOWN
                    else ""
                ),
                "less_url": state.url(base) if state.more == name else "",
                "narrow": narrow,
                "hidden": [(k, v) for k, v in state.params() if k != f"fq_{name}"],
            }
        )
    return groups


def chips(state: SearchState, page, base: str, forced=()) -> list[dict]:
    """Return the chosen filters as removable chips."""
    known = {(name, v.value): v.label for name, vs in page.facets.items() for v in vs}
    titles = facet_titles()
    out = []
    for name, values in state.filters.items():
        if name in forced:
            continue
        names = labels.labels(name, values)
        for value in values:
            out.append(
                {
                    "facet": titles.get(name, name),
                    "label": known.get((name, value)) or names.get(value, value),
                    "remove_url": state.toggled(base, name, value),
                }
            )
    return out


def histogram(state: SearchState, page, base: str) -> dict | None:
    """Return year bars (or the chosen year's month bars) from the facets."""
    chosen_year = state.filters.get("year", [None])[0]
    name = "month" if chosen_year else "year"
    values = sorted(page.facets.get(name, []), key=lambda v: v.value)
    if not values:
        return None
    peak = max(v.count for v in values) or 1
    bars = [
        {
            "label": v.value[5:] if name == "month" else v.value,
            "title": v.label,
            "count": v.count,
            "level": round(v.count * 20 / peak),
            "selected": v.selected,
            "url": state.toggled(base, name, v.value),
        }
        for v in values
    ]
    return {"unit": name, "year": chosen_year, "bars": bars}


def official_slugs() -> dict[str, str]:
    return {name: slug for slug, name in labels.person_names().items()}


def results_context(
    request: HttpRequest,
    state: SearchState,
    base: str,
    forced: dict[str, list[str]] | None = None,
) -> dict:
    """Return everything a results listing needs, from one search."""
    narrowing = state.more or state.narrow
    page = run_search(state, facet_limit=FACET_MORE if narrowing else 30)
    slugs = official_slugs() if page.results else {}
    offset = (page.page - 1) * services.PAGE_SIZE
    hits = []
    for i, item in enumerate(page.results, offset + 1):
        hits.append(
            {
                "item": item,
                "n": i,
                "url": f"{item.url}{state.url(n=i)}",
                "officials": [(name, slugs.get(name)) for name in item.officials],
            }
        )
    folded = text.fold(state.q)
    return {
        "state": state,
        "search_page": page,
        "hits": hits,
        "facets": facet_groups(state, page, base),
        "chips": chips(state, page, base, forced or {}),
        "histogram": histogram(state, page, base),
        "sorts": [
            {
                "value": s,
                "label": label,
                "url": state.url(base, sort=s if s != "relevance" else None),
                "current": s == state.sort,
            }
            for s, label in (
                ("relevance", _("Liên quan nhất")),
                ("newest", _("Mới nhất")),
                ("oldest", _("Cũ nhất")),
            )
        ],
        "page_past_end": state.requested_page > page.page and page.count > 0,
        "previous_url": state.url(base, page=page.page - 1) if page.page > 1 else "",
        "next_url": (
            state.url(base, page=page.page + 1)
            if page.page < min(page.num_pages, services.MAX_PAGE)
            else ""
        ),
        "suggestion_url": (
            SearchState(page.suggestion, state.filters, state.sort).url(base)
            if page.suggestion
            else ""
        ),
        "undiacritic_url": (
            SearchState(folded, state.filters, state.sort).url(base)
            if state.q and folded != state.q.casefold()
            else ""
        ),
        "undiacritic_q": folded,
        "clear_filters_url": SearchState(state.q, dict(forced or {})).url(base),
        "detected": [
            {
                "label": v.label,
                "count": v.count,
                "url": state.toggled(base, "code", v.value),
            }
            for v in page.detected_codes
        ],
        "base_url": base,
    }


def _bad(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "errors/bad_request.html", {"message": message}, status=400)


@require_safe
def results(request: HttpRequest) -> HttpResponse:
    """Render the search results page (every state in the URL)."""
    try:
        state = read_state(request)
    except BadSearch as exc:
        return _bad(request, str(exc))
    base = reverse("search_pages:results")
    context = {"q": state.q, **results_context(request, state, base)}
    context["feed_url"] = state.url(reverse("search_pages:feed"))
    context["csv_url"] = state.url(reverse("search_pages:csv"))
    return render(request, "search/results.html", context)


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
        return _bad(request, str(exc))


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(state: SearchState, request: HttpRequest):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # lets spreadsheet programs read the file as UTF-8
    yield writer.writerow(
        ["id", "title", "published_at", "source", "officials", "codes", "url"]
    )
    sent, page_size = 0, 100
    for number in range(1, CSV_MAX_ROWS // page_size + 1):
        state.page = number
        page = run_search(state, page_size=page_size, suggest=False)
        if page.page != number:
            break  # past the last page: the service repeats the last one
        for item in page.results:
            yield writer.writerow(
                [
                    item.id,
                    item.title,
                    item.published_at.isoformat() if item.published_at else "",
                    item.source,
                    "; ".join(item.officials),
                    "; ".join(item.codes),
                    request.build_absolute_uri(item.url),
                ]
            )
            sent += 1
        if sent >= page.count:
            break


@require_safe
def export_csv(request: HttpRequest) -> HttpResponse:
    """Stream up to CSV_MAX_ROWS results of a search as CSV."""
    try:
        state = read_state(request)
    except BadSearch as exc:
        return _bad(request, str(exc))
    response = StreamingHttpResponse(
        _csv_rows(state, request), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="newsarchive.csv"'
    return response


@require_safe
def opensearch(request: HttpRequest) -> HttpResponse:
    """Describe the search for browsers (OpenSearch 1.1)."""
    return render(
        request,
        "search/opensearch.xml",
        {"root": request.build_absolute_uri("/").rstrip("/")},
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )


@require_safe
def opensearch_suggestions(request: HttpRequest) -> JsonResponse:
    """Answer browser suggestions: [query, [completions], [descriptions], [urls]]."""
    q = request.GET.get("q", "")[:200]
    found = autocomplete(get_backend().snapshot(), q) if q.strip() else []
    root = request.build_absolute_uri("/").rstrip("/")
    urls = []
    for item in found:
        if item["type"] == "official":
            urls.append(root + reverse("articles:person", args=[item["value"]]))
        else:
            urls.append(root + reverse("articles:document", args=[item["value"]]))
    return JsonResponse(
        [
            q,
            [item["label"] for item in found],
            [str(item["count"]) for item in found],
            urls,
        ],
        safe=False,
        content_type="application/x-suggestions+json",
        json_dumps_params={"ensure_ascii": False},
    )


# Aids for the reading pages --------------------------------------------------


def _highlight_article(request: HttpRequest, article: Article) -> dict:
    q = request.GET.get("q", "")[:MAX_Q_CHARS]
    wanted = needles(parse(q)) if q.strip() else []
    if not wanted:
        return {}
    title = highlight(article.title, wanted)
    lead = highlight(article.lead, wanted) if article.lead else ""
    paragraphs = [highlight(p, wanted) for p in article.paragraphs]
    captions = [highlight(c, wanted) for c in article.caption_list]
    marks = sum(part.count("<mark") for part in [title, lead, *paragraphs, *captions])
    return {
        "title_html": title,
        "lead_html": lead,
        "paragraphs_html": paragraphs,
        "captions_html": captions,
        "highlighted": True,
        "highlight_query": q,
        "highlight_count": marks,
    }


def _search_nav(request: HttpRequest, article: Article) -> dict:
    n = request.GET.get("n", "")
    if not n.isdigit() or not 0 < int(n) <= services.MAX_PAGE * services.PAGE_SIZE:
        return {}
    try:
        state = read_state(request)
    except BadSearch:
        return {}
    if not state.active:
        return {}
    position = int(n)
    around = services.neighbours(state.q, state.filters, position, state.sort)
    ids = {position - 1: around.previous, position + 1: around.next}
    count = around.count
    pks = [pk for pk in ids.values() if pk]
    found = {a.pk: a for a in Article.objects.filter(pk__in=pks).only("pk", "title")}
    nav = {
        "query": state.q or _("(bộ lọc)"),
        "position": position,
        "count": count,
        "back_url": state.url(
            reverse("search_pages:results"),
            page=(position - 1) // services.PAGE_SIZE + 1,
        ),
    }
    for key, p in (("previous_url", position - 1), ("next_url", position + 1)):
        other = found.get(ids[p])
        nav[key] = f"{other.get_absolute_url()}{state.url(n=p)}" if other else ""
    return {"search_nav": nav}


def _more_like_this(request: HttpRequest, article: Article) -> dict:
    try:
        pks = more_like_this(get_backend().snapshot(), article, 5)
    except Exception:  # the index may be missing or rebuilding
        return {}
    by_pk = Article.objects.for_listing().in_bulk(pks)
    return {"more_like_this": [by_pk[pk] for pk in pks if pk in by_pk]}


def article_aids(request: HttpRequest, article: Article) -> dict:
    """Return highlights, more-like-this and search navigation for an article."""
    return {
        **_highlight_article(request, article),
        **_search_nav(request, article),
        **_more_like_this(request, article),
    }


def person_aids(request: HttpRequest, person) -> dict:
    """Return a search within the articles naming person, with its facets."""
    forced = {"official": [person.slug]}
    try:
        state = read_state(request, forced=forced)
    except BadSearch:
        return {}
    base = reverse("articles:person", args=[person.slug])
    context = results_context(request, state, base, forced=forced)
    context["facets"] = [g for g in context["facets"] if g["name"] != "official"]
    return context


page_aids["article"].append(article_aids)
page_aids["person"].append(person_aids)
