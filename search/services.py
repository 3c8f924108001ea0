"""The search service: one call from query and filters to a plain result page.

Views, the JSON API and the benchmark all call `search()`; it returns dataclasses,
never Whoosh or haystack objects, so the HTML UI can render them directly.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from . import labels, matching
from .codes import code_keys
from .engine import IndexView, current_view
from .highlight import highlight, needles, snippet
from .query import ParsedQuery, parse

FACETS = ("official", "code", "doc_type", "year", "month", "source", "section")
FILTERS = FACETS + ("issuer",)
PAGE_SIZE = 20
MAX_PAGE = 500


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


@dataclass(slots=True)
class SearchPage:
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
            if m.isdigit() and years:
                months.append(f"{years[0]}-{int(m):02d}")
            elif len(m) == 7:
                months.append(m)
        out["month"] = months
    return out


def _mask(view: IndexView, parsed: ParsedQuery, filters) -> tuple[np.ndarray, bool]:
    """Return the mask of matching documents and whether a query drives it."""
    recall = matching.recall_query(parsed)
    mask = view.query_mask(recall) if recall is not None else view.alive.copy()
    excluded = matching.excluded_query(parsed)
    if excluded is not None:
        mask &= ~view.query_mask(excluded)
    fmask = view.filter_mask(filters)
    if fmask is not None:
        mask &= fmask
    return mask, recall is not None


def _ranked(view, parsed, officials, mask, restricted: bool, stop: int) -> list[int]:
    from .vector import Unsupported

    q = matching.rank_query(parsed, officials)
    try:
        return view.evaluator.top(q, mask, stop)
    except Unsupported:
        pass
    allow = view.bitset(mask) if restricted else None
    hits = view.searcher.search(q, limit=stop, filter=allow, terms=False)
    return [hit.docnum for hit in hits]


def _ordered(
    view, parsed, chosen, officials, mask, by_query: bool, sort: str, stop: int
) -> list[int]:
    """Return the first `stop` matching document numbers in the requested order."""
    if by_query and sort not in ("newest", "oldest"):
        restricted = bool(chosen) or any(c.negated for c in parsed.clauses)
        return _ranked(view, parsed, officials, mask, restricted, stop)
    order = view.oldest() if sort == "oldest" else view.newest()
    return order[mask[order]][:stop].tolist()


def _facets(
    view, mask, filters, limit: int, whole: bool
) -> dict[str, list[FacetValue]]:
    out = {}
    for name in FACETS:
        if name == "month" and "year" not in filters:
            continue  # months are offered within a chosen year
        column = view.facets[name]
        counts = column.counts(None if whole else mask)
        nonzero = np.flatnonzero(counts)
        if name == "month":
            year = filters["year"][0]
            nonzero = [i for i in nonzero if column.values[i].startswith(year)]
        order = sorted(nonzero, key=lambda i: (-int(counts[i]), column.values[i]))
        chosen = set(filters.get(name, []))
        top = [column.values[i] for i in order[:limit]]
        top += [v for v in chosen if v not in top and v in column.position]
        names = labels.labels(name, top)
        out[name] = [
            FacetValue(v, names.get(v, v), int(counts[column.position[v]]), v in chosen)
            for v in top
        ]
    return out


def _load_results(view, docnums: list[int], parsed: ParsedQuery) -> list[ResultItem]:
    from articles.models import Article, DocumentCitation, PersonMention

    pks = [view.pk(d) for d in docnums]
    # Three queries whatever the page size; the relations as plain rows.
    fields = ("title", "lead", "body", "published_at", "event_date", "source__name")
    articles = Article.objects.select_related("source").only(*fields)
    by_pk = {a.pk: a for a in articles.filter(pk__in=pks)}
    names: dict[int, set[str]] = {}
    for pk, name in PersonMention.objects.filter(article_id__in=pks).values_list(
        "article_id", "person__name"
    ):
        names.setdefault(pk, set()).add(name)
    codes: dict[int, list[str]] = {}
    citations = DocumentCitation.objects.filter(article_id__in=pks).order_by("pk")
    for pk, code, surface in citations.values_list(
        "article_id", "document__code", "surface"
    ):
        found = codes.setdefault(pk, [])
        if (code or surface) not in found:
            found.append(code or surface)
    wanted = needles(parsed)
    items = []
    for pk in pks:
        a = by_pk.get(pk)
        if a is None:
            continue  # deleted after the index was read: never show it
        body = f"{a.lead}\n\n{a.body}" if a.lead else a.body
        items.append(
            ResultItem(
                id=a.pk,
                title=a.title,
                url=a.get_absolute_url(),
                published_at=a.published_at,
                officials=sorted(names.get(pk, ())),
                codes=codes.get(pk, []),
                snippet=snippet(body, wanted),
                title_html=highlight(a.title, wanted),
                source=a.source.name if a.source else "",
                event_date=a.event_date,
            )
        )
    return items


def _codes_by_key(view: IndexView) -> dict[str, list[str]]:
    if "codes_by_key" not in view.memo:
        by_key: dict[str, list[str]] = {}
        for value in view.facets["code"].values:
            for key in code_keys(value):
                by_key.setdefault(key, []).append(value)
        view.memo["codes_by_key"] = by_key
    return view.memo["codes_by_key"]


def _detected_codes(view, parsed: ParsedQuery, chosen) -> list[FacetValue]:
    """Return indexed codes matching the codes typed, offered as filters."""
    column = view.facets["code"]
    totals = column.counts(None)
    out = []
    for ref in parsed.codes:
        for key in ref.keys[::-1]:
            values = _codes_by_key(view).get(key, [])
            for value in values:
                if value not in chosen.get("code", []) and all(
                    f.value != value for f in out
                ):
                    out.append(
                        FacetValue(value, value, int(totals[column.position[value]]))
                    )
            if values:
                break
    return out


def _officials(parsed: ParsedQuery) -> list[str]:
    folds = [s for c in parsed.positive if c.kind != "code" for s in c.folds]
    return labels.officials_named(folds) if len(folds) > 1 else []


def search(
    q: str = "",
    filters: dict[str, object] | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    sort: str = "relevance",
    facet_limit: int = 20,
    with_results: bool = True,
    suggest: bool = True,
    view: IndexView | None = None,
) -> SearchPage:
    """Search the archive and return one page of results with facets."""
    started = time.perf_counter()
    parsed = parse(q)
    chosen = clean_filters(filters or {})
    view = view or current_view()
    officials = _officials(parsed)
    mask, by_query = _mask(view, parsed, chosen)
    count = int(mask.sum())
    num_pages = max(1, math.ceil(count / page_size))
    page = min(max(1, int(page)), num_pages, MAX_PAGE)
    start, stop = (page - 1) * page_size, page * page_size
    docnums: list[int] = []
    if with_results and count:
        docnums = _ordered(view, parsed, chosen, officials, mask, by_query, sort, stop)[
            start:
        ]
    whole = not by_query and not chosen and not parsed.clauses
    result = SearchPage(
        query=parsed.raw,
        count=count,
        page=page,
        num_pages=num_pages,
        facets=_facets(view, mask, chosen, facet_limit, whole),
        messages=list(parsed.messages),
        officials_named=officials,
    )
    result.results = _load_results(view, docnums, parsed) if docnums else []
    result.detected_codes = _detected_codes(view, parsed, chosen)
    if suggest and parsed.positive:
        from .suggest import suggestion

        result.suggestion = suggestion(view, parsed, count)
    if parsed.positive and count == 0 and not result.messages:
        result.messages.append(_("Không tìm thấy bài viết nào phù hợp."))
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
    view: IndexView | None = None,
) -> Neighbours:
    """Return the ids of the hits at 1-based positions n-1 and n+1, in one search."""
    parsed = parse(q)
    chosen = clean_filters(filters or {})
    view = view or current_view()
    mask, by_query = _mask(view, parsed, chosen)
    count = int(mask.sum())
    limit = min(n + 1, count, MAX_PAGE * PAGE_SIZE)
    if n < 1 or not count:
        return Neighbours(None, None, count)
    docnums = _ordered(
        view, parsed, chosen, _officials(parsed), mask, by_query, sort, limit
    )
    ids = [
        view.pk(d) if 0 <= i < len(docnums) else None
        for i, d in ((n - 2, _at(docnums, n - 2)), (n, _at(docnums, n)))
    ]
    return Neighbours(ids[0], ids[1], count)


def _at(docnums: list[int], i: int) -> int:
    return docnums[i] if 0 <= i < len(docnums) else -1
