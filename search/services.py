"""The search service: one call from query and filters to a plain result page.

Views, the JSON API and the benchmark all call `search()`; it returns dataclasses,
never backend objects, so the HTML UI can render them directly. It speaks to the
configured backend only through `search.backends.base`.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import time
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from articles.codekeys import code_keys

from . import labels, listing, matching, pagerows, partial, resolve, snapcache
from .backends import Query, Snapshot, get_backend
from .backends.base import NO_YEAR
from .highlight import highlight, needles, snippet
from .query import ParsedQuery, parse

FACETS = ("official", "code", "doc_type", "year", "month", "source", "section")
FACETS += ("post", "party_term")
FILTERS = FACETS + ("issuer",)
PAGE_SIZE = 20
MAX_PAGE = 500
# Entries kept per index snapshot (`search.snapcache`): whole result pages (a
# repeated search, the back button), facet sidebars (the next page and other
# orders of a search), "did you mean" (the same words under other filters) and
# result items with their snippets (a hit seen again on another page or under a
# facet).
PAGES_CACHED = 256
FACETS_CACHED = 512
SUGGESTIONS_CACHED = 1024
ITEMS_CACHED = 4096


@dataclass(slots=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(slots=True)
class ResultItem:
    id: int
    title: str
    url: str
    published_at: object
    officials: list[str]
    codes: list[str]
    snippet: str
    title_html: str
    source: str = ""
    event_date: object = None
    partial: bool = False  # matches most of the query, not all of it
    by_subject: bool = False  # names a document typed by number by its subject


@dataclass(slots=True)
class SearchPage:
    """One page of results.

    count is every listed hit: the full matches (every clause of the query),
    then the articles naming a typed document by its subject (`subject_count`),
    then the partial matches (`partial_count`, see `search.partial`); the
    facets count the same hits (`search.listing`).
    """

    query: str
    count: int
    page: int
    num_pages: int
    results: list[ResultItem] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None
    messages: list[str] = field(default_factory=list)
    detected_codes: list[FacetValue] = field(default_factory=list)
    officials_named: list[str] = field(default_factory=list)
    elapsed_ms: float = 0.0
    partial_count: int = 0
    subject_count: int = 0
    #: (units needed, units in the query) when partial matches are listed.
    partial_rule: tuple[int, int] | None = None
    resolutions: list[resolve.Resolution] = field(default_factory=list)

    @property
    def full_count(self) -> int:
        return self.count - self.partial_count - self.subject_count


def clean_filters(raw: dict[str, object]) -> dict[str, list[str]]:
    """Return known filters as lists of non-empty strings."""
    out: dict[str, list[str]] = {}
    for name in FILTERS:
        value = raw.get(name)
        values = value if isinstance(value, (list, tuple)) else [value]
        values = [str(v).strip()[:200] for v in values if v not in (None, "")]
        if values:
            out[name] = values
    # A month alone ("7") only makes sense within the chosen year.
    if "month" in out:
        years = out.get("year", [])
        months = []
        for m in out["month"]:
            if m.isascii() and m.isdigit() and len(m) <= 2 and years:
                months.append(f"{years[0]}-{int(m):02d}")
            elif len(m) == 7:
                months.append(m)
        out["month"] = months
    return out


def _query(parsed: ParsedQuery, filters) -> Query:
    return Query(
        recall=matching.recall_query(parsed),
        excluded=matching.excluded_query(parsed),
        filters=filters,
    )


def _facets(
    snap: Snapshot, matches, filters, limit: int, whole: bool, count: int
) -> dict[str, list[FacetValue]]:
    """Return the facet values of the listed hits, the same on every backend.

    No value is empty (backends differ in reporting documents without one).
    The year facet ends with `none`, "không rõ năm", when some of the `count`
    listed hits have no date: each dated article has exactly one year.
    """
    out = {}
    # Months are offered within a chosen year.
    names_shown = [n for n in FACETS if n != "month" or "year" in filters]
    if whole:
        every = snap.totals_many(names_shown)
    else:
        every = snap.facet_counts_many(matches, names_shown)
    for name in names_shown:
        counts = {v: n for v, n in every[name].items() if v}
        if name == "month":
            year = filters["year"][0]
            counts = {v: n for v, n in counts.items() if v.startswith(year)}
        order = sorted(counts, key=lambda v: (-counts[v], v))
        chosen = set(filters.get(name, []))
        top = order[:limit]
        # A chosen value without a hit is listed when the archive has it (the
        # archive-wide totals are read only then).
        missing = [v for v in chosen if v not in top]
        if missing:
            known = snap.totals(name)
            top += [v for v in missing if v in known]
        names = labels.labels(name, top, snap)
        out[name] = [
            FacetValue(v, names.get(v, v), counts.get(v, 0), v in chosen) for v in top
        ]
        if name == "year":
            undated = count - sum(counts.values())
            if undated > 0 or NO_YEAR in chosen:
                out[name].append(
                    FacetValue(
                        NO_YEAR, _("không rõ năm"), max(undated, 0), NO_YEAR in chosen
                    )
                )
    return out


def _load_results(
    pks: list[int],
    parsed: ParsedQuery,
    tiers: dict[int, str] | None = None,
    snap: Snapshot | None = None,
    snippets: bool = True,
) -> list[ResultItem]:
    """Return the result items of pks, in order, with snippets of the query.

    With snap, items already built for the same marks in this snapshot are
    reused (only their existence is read again: a deleted article is never
    shown) and new ones kept.
    """
    from articles.models import Article

    wanted = needles(parsed)
    tiers = tiers or {}
    cache = snapcache.of(snap, "items", ITEMS_CACHED) if snap is not None else None
    marks = tuple(wanted)
    found: dict[int, ResultItem] = {}
    if cache is not None:
        for pk in pks:
            item = cache.get((pk, marks))
            if item is not None:
                found[pk] = item
        if found:
            live = set(
                Article.objects.filter(pk__in=list(found)).values_list("pk", flat=True)
            )
            found = {pk: item for pk, item in found.items() if pk in live}
    missing = [pk for pk in pks if pk not in found]
    if missing:
        for item in _build_items(missing, wanted, snippets):
            found[item.id] = item
            if cache is not None:
                cache.put((item.id, marks), item)
    out = []
    for pk in pks:
        item = found.get(pk)
        if item is None:
            continue  # deleted after the index was read: never show it
        tier = tiers.get(pk)
        if tier in ("partial", "subject"):
            item = dataclasses.replace(
                item, partial=tier == "partial", by_subject=tier == "subject"
            )
        out.append(item)
    return out


def _build_items(pks: list[int], wanted, snippets: bool = True) -> list[ResultItem]:
    """Return the result items of pks that exist, in order, from one statement."""
    rows = pagerows.rows(pks, snippets)
    url = pagerows.article_urls()
    items = []
    for pk in pks:
        row = rows.get(pk)
        if row is None:
            continue
        title, lead, body, published_at, event_date, source, names, codes = row
        body = (f"{lead}\n\n{body}" if lead else body) if snippets else ""
        items.append(
            ResultItem(
                id=pk,
                title=title,
                url=url(pk, title),
                published_at=published_at,
                officials=sorted(names),
                codes=codes,
                snippet=snippet(body, wanted) if snippets else "",
                title_html=highlight(title, wanted) if snippets else "",
                source=source or "",
                event_date=event_date,
            )
        )
    return items


def _cached(snap: Snapshot | None, name: str, size: int, key, compute):
    """Return compute(), kept in the snapshot's cache called name (None: not)."""
    if snap is None:
        return compute()
    return snapcache.of(snap, name, size).get_or_compute(key, compute)


def _codes_by_key(snap: Snapshot) -> dict[str, list[str]]:
    if "codes_by_key" not in snap.memo:
        by_key: dict[str, list[str]] = {}
        for value in snap.totals("code"):
            for key in code_keys(value):
                by_key.setdefault(key, []).append(value)
        snap.memo["codes_by_key"] = by_key
    return snap.memo["codes_by_key"]


def _detected_codes(snap: Snapshot, parsed: ParsedQuery, chosen) -> list[FacetValue]:
    """Return indexed codes matching the codes typed, offered as filters."""
    if not parsed.codes:
        return []
    totals = snap.totals("code")
    out = []
    for ref in parsed.codes:
        for key in ref.keys[::-1]:
            values = _codes_by_key(snap).get(key, [])
            for value in values:
                if value not in chosen.get("code", []) and all(
                    f.value != value for f in out
                ):
                    out.append(FacetValue(value, value, totals[value]))
            if values:
                break
    return out


def _officials(parsed: ParsedQuery) -> list[str]:
    return listing.officials_in(parsed)


def search(
    q: str = "",
    filters: dict[str, object] | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    sort: str = "relevance",
    facet_limit: int = 20,
    with_results: bool = True,
    suggest: bool = True,
    snap: Snapshot | None = None,
    cache: bool = True,
) -> SearchPage:
    """Search the archive and return one page of results with facets.

    With cache (the default), what this snapshot already computed for the same
    request, facets, suggestion or result items is reused (`search.snapcache`).
    """
    started = time.perf_counter()
    chosen = clean_filters(filters or {})
    snap = snap or get_backend().snapshot()
    run = functools.partial(
        _search,
        q,
        chosen,
        page,
        page_size,
        sort,
        facet_limit,
        with_results,
        suggest,
        snap,
        started,
    )
    if not cache:
        return run(cache=False)
    key = (q, _filters_key(chosen), page, page_size, sort, facet_limit)
    key += (with_results, suggest)
    pages = snapcache.of(snap, "pages", PAGES_CACHED)
    found = pages.get(key)
    if found is None:
        found = run()
        pages.put(key, found)
        return _copy(found, found.results, started)
    return _copy(found, _still_there(found.results), started)


def ranked_items(
    q: str = "",
    filters: dict[str, object] | None = None,
    sort: str = "relevance",
    limit: int = PAGE_SIZE,
) -> list[ResultItem]:
    """Return the first `limit` hits of a search in the results page's order,
    without snippets or facets (for exports): one listing, one row statement."""
    snap = get_backend().snapshot()
    hits = listing.build(snap, parse(q), clean_filters(filters or {}))
    if not hits.total:
        return []
    pks, tiers = hits.ordered(sort, limit)
    return _load_results(pks[:limit], hits.parsed, tiers, snippets=False)


def _filters_key(chosen: dict[str, list[str]]) -> tuple:
    return tuple(sorted((name, tuple(values)) for name, values in chosen.items()))


def _still_there(items: list[ResultItem]) -> list[ResultItem]:
    """Return the items whose articles still exist (one query of ids)."""
    from articles.models import Article

    if not items:
        return items
    live = set(
        Article.objects.filter(pk__in=[i.id for i in items]).values_list(
            "pk", flat=True
        )
    )
    return [i for i in items if i.id in live]


def _copy(page: SearchPage, results: list[ResultItem], started: float) -> SearchPage:
    # Callers prepend their notices to the messages; the cached page keeps its own.
    return dataclasses.replace(
        page,
        results=list(results),
        messages=list(page.messages),
        elapsed_ms=(time.perf_counter() - started) * 1000,
    )


def _search(
    q: str,
    chosen: dict[str, list[str]],
    page: int,
    page_size: int,
    sort: str,
    facet_limit: int,
    with_results: bool,
    suggest: bool,
    snap: Snapshot,
    started: float,
    cache: bool = True,
) -> SearchPage:
    parsed = parse(q)
    hits = listing.build(snap, parsed, chosen)
    parsed, count = hits.parsed, hits.total
    num_pages = max(1, math.ceil(count / page_size))
    page = min(max(1, int(page)), num_pages, MAX_PAGE)
    start, stop = (page - 1) * page_size, page * page_size
    pks: list[int] = []
    tiers: dict[int, str] = {}
    if with_results and count:
        pks, tiers = hits.ordered(sort, stop)
        pks = pks[start:]
    partial_count = hits.count_of("partial")
    whole = hits.lists_everything
    result = SearchPage(
        query=parsed.raw,
        count=count,
        page=page,
        num_pages=num_pages,
        facets=_cached(
            snap if cache else None,
            "facets",
            FACETS_CACHED,
            (q, _filters_key(chosen), facet_limit),
            lambda: _facets(
                snap, hits.facet_matches(), chosen, facet_limit, whole, count
            ),
        ),
        messages=list(parsed.messages),
        officials_named=hits.officials,
        partial_count=partial_count,
        subject_count=hits.count_of("subject"),
        partial_rule=(
            partial.rule(parsed, listing.names_of(hits.officials))
            if partial_count
            else None
        ),
        resolutions=hits.resolved.resolutions,
    )
    result.results = (
        _load_results(pks, parsed, tiers, snap if cache else None) if pks else []
    )
    result.detected_codes = _detected_codes(snap, parsed, chosen)
    if suggest and parsed.positive:
        from .suggest import suggestion, suggestion_key

        full_count = hits.full.count
        result.suggestion = _cached(
            snap if cache else None,
            "suggestions",
            SUGGESTIONS_CACHED,
            suggestion_key(parsed, full_count),
            lambda: suggestion(snap, parsed, full_count),
        )
    if parsed.positive and count == 0 and not result.messages:
        result.messages.append(_("Không tìm thấy bài viết nào phù hợp."))
    elif partial_count and count == partial_count and not result.partial_rule:
        result.messages.append(
            _(
                "Không bài nào ghi đúng tên trong truy vấn; dưới đây là các bài "
                "khớp một phần, có các chữ của tên nhưng rời nhau."
            )
        )
    elif partial_count and count == partial_count:
        needed, units = result.partial_rule
        result.messages.append(
            _(
                "Không bài nào chứa đủ mọi từ của truy vấn; dưới đây là các bài "
                "khớp một phần (có ít nhất %(needed)d trong %(units)d ý)."
            )
            % {"needed": needed, "units": units}
        )
    result.elapsed_ms = (time.perf_counter() - started) * 1000
    return result


@dataclass(slots=True)
class Neighbours:
    """The article ids around one position of a result list, and its length."""

    previous: int | None
    next: int | None
    count: int


def neighbours(
    q: str,
    filters: dict[str, object] | None,
    n: int,
    sort: str = "relevance",
    snap: Snapshot | None = None,
) -> Neighbours:
    """Return the ids of the hits at 1-based positions n-1 and n+1, in one search."""
    parsed = parse(q)
    chosen = clean_filters(filters or {})
    snap = snap or get_backend().snapshot()
    hits = listing.build(snap, parsed, chosen)
    count = hits.total
    limit = min(n + 1, count, MAX_PAGE * PAGE_SIZE)
    if n < 1 or not count:
        return Neighbours(None, None, count)
    pks, _tiers = hits.ordered(sort, limit)
    return Neighbours(_at(pks, n - 2), _at(pks, n), count)


def _at(pks: list[int], i: int) -> int | None:
    return pks[i] if 0 <= i < len(pks) else None
