"""The HTML results page: facets, chips, the year histogram, the result list."""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from articles import text

from .. import labels, services, snapcache
from ..backends import get_backend
from ..backends.base import NO_YEAR
from . import answers
from .state import (
    FACET_MORE,
    FACET_ORDER,
    FACET_SHOWN,
    BadSearch,
    SearchState,
    facet_titles,
    filter_label,
    read_state,
    run_search,
)


def facet_groups(state: SearchState, page, base: str) -> list[dict]:
    """Return the facet sidebar: lists of values with counts and links."""
    from ..suggest import label_forms, narrows_to

    titles = facet_titles()
    groups = []
    for name in FACET_ORDER:
        values = [v for v in page.facets.get(name, []) if v.value.strip()]
        if not values:
            continue
        narrow = state.narrow.get(name, "")
        if narrow:
            values = [v for v in values if narrows_to(v.label, narrow)]
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
                        "also": "|".join(label_forms(v.label)),
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
                    "label": filter_label(name, value)
                    or known.get((name, value))
                    or names.get(value, value),
                    "remove_url": state.toggled(base, name, value),
                }
            )
    return out


def histogram(state: SearchState, page, base: str) -> dict | None:
    """Return year bars (or the chosen year's month bars) from the facets.

    Articles without a date get their own last bar, "không rõ năm", that filters
    on `year=none`: the facet's `none` value (see `search.services`).
    """
    chosen_year = state.filters.get("year", [None])[0]
    name = "month" if chosen_year and chosen_year != NO_YEAR else "year"
    facet = page.facets.get(name, [])
    values = sorted((v for v in facet if v.value != NO_YEAR), key=lambda v: v.value)
    bars = [
        {
            "label": v.value[5:] if name == "month" else v.value,
            "title": v.label,
            "count": v.count,
            "selected": v.selected,
            "url": state.toggled(base, name, v.value),
        }
        for v in values
    ]
    if name == "year":
        empty = next((v.count for v in facet if v.value == NO_YEAR), 0)
        if empty:
            label = filter_label("year", NO_YEAR)
            bars.append(
                {
                    "label": label,
                    "title": label,
                    "count": empty,
                    "selected": chosen_year == NO_YEAR,
                    "url": state.toggled(base, "year", NO_YEAR),
                    "unknown": True,
                }
            )
    if not bars:
        return None
    peak = max(b["count"] for b in bars) or 1
    for bar in bars:
        bar["level"] = round(bar["count"] * 20 / peak)
    return {"unit": name, "year": chosen_year, "bars": bars}


def _document_url(code: str) -> str:
    return reverse("articles:document", kwargs={"code": code})


def document_choices(state: SearchState, page, base: str) -> list[dict]:
    """Return the typed document numbers: the document meant, or the choices."""
    return [
        {
            "typed": r.typed,
            "year": r.year,
            "ambiguous": r.ambiguous,
            "chosen": r.chosen,
            "chosen_url": _document_url(r.chosen.code) if r.chosen else "",
            "chosen_filter_url": (
                state.toggled(base, "code", r.chosen.code) if r.chosen else ""
            ),
            "candidates": [
                {
                    "candidate": c,
                    "filter_url": state.toggled(base, "code", c.code),
                    "page_url": _document_url(c.code),
                }
                for c in r.candidates
            ],
        }
        for r in page.resolutions
    ]


def official_slugs() -> dict[str, str]:
    return {name: slug for slug, name in labels.person_names().items()}


@functools.lru_cache(maxsize=8192)
def _reversed(prefix: str, urlconf: str, route: str, value: str) -> str:
    return reverse(route, args=[value], urlconf=urlconf)


def tag_url(route: str, value: str) -> str:
    """Return reverse(route, args=[value]), kept per script prefix and URLconf.

    A result page links every official and document of its 20 hits; reversing
    each of them was a third of the listing's rendering.
    """
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(get_script_prefix(), urlconf, route, value)


@functools.lru_cache(maxsize=8192)
def _person_tag(name: str, url: str) -> str:
    if url:
        return format_html(
            '<li><a class="tag tag-person" href="{}">{}</a></li>', url, name
        )
    return format_html('<li><span class="tag tag-person">{}</span></li>', name)


@functools.lru_cache(maxsize=8192)
def _code_tag(code: str, url: str) -> str:
    return format_html('<li><a class="tag tag-code" href="{}">{}</a></li>', url, code)


def hit_tags(item, slugs: dict[str, str]) -> tuple[str, str]:
    """Return the list items linking a hit's officials, then its documents.

    Built here, each tag once per process, rather than in the listing's
    loops: a page of 20 hits holds a few hundred tags, and the template
    engine spent more on them than on the rest of the hits.
    """
    people = []
    for name in item.officials:
        slug = slugs.get(name)
        people.append(
            _person_tag(name, tag_url("articles:person", slug) if slug else "")
        )
    codes = [_code_tag(c, tag_url("articles:document", c)) for c in item.codes]
    # Each piece is format_html's output: escaped.
    return mark_safe("".join(people)), mark_safe("".join(codes))


def results_context(
    request: HttpRequest,
    state: SearchState,
    base: str,
    forced: dict[str, list[str]] | None = None,
) -> dict:
    """Return everything a results listing needs, from one search."""
    narrowing = state.more or state.narrow
    facet_limit = FACET_MORE if narrowing else 30
    page = run_search(state, facet_limit=facet_limit)
    page.messages[:0] = state.notices
    slugs = official_slugs() if page.results else {}
    offset = (page.page - 1) * services.PAGE_SIZE
    hits = []
    for i, item in enumerate(page.results, offset + 1):
        people, codes = hit_tags(item, slugs)
        hits.append(
            {
                "item": item,
                "n": i,
                "url": f"{item.url}{state.url(n=i)}",
                "people_html": people,
                "codes_html": codes,
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
        "documents": document_choices(state, page, base),
        "base_url": base,
    }


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "errors/bad_request.html", {"message": message}, status=400)


@require_safe
def results(request: HttpRequest) -> HttpResponse:
    """Render the search results page (every state in the URL)."""
    try:
        state = read_state(request)
    except BadSearch as exc:
        return bad_request(request, str(exc))
    base = reverse("search_pages:results")
    context = {"q": state.q, "state": state, **_listing(request, state, base)}
    # Who held the post the query names, in the year it names (`answers`).
    context["position_answer"] = answers.answer(state.q)
    context["feed_url"] = state.url(reverse("search_pages:feed"))
    context["csv_url"] = state.url(reverse("search_pages:csv"))
    return render(request, "search/results.html", context)


#: Rendered result listings kept per index snapshot (`search.snapcache`): the
#: template is most of a result page's time once the search itself is cached.
LISTINGS_CACHED = 128


def _state_key(state: SearchState) -> tuple:
    return (
        state.q,
        tuple(sorted((k, tuple(v)) for k, v in state.filters.items())),
        state.sort,
        state.page,
        state.requested_page,
        state.more,
        tuple(sorted(state.narrow.items())),
        tuple(state.notices),
    )


def _listing(request: HttpRequest, state: SearchState, base: str) -> dict:
    """Return the rendered result listing and what the page around it needs.

    The listing depends on the state, the language and the snapshot alone (no
    form token, no user), so it is rendered once per snapshot and state; the
    context it was rendered from comes along (the page's search box uses it).
    """
    key = (get_language(), base, _state_key(state))
    cache = snapcache.of(get_backend().snapshot(), "listings", LISTINGS_CACHED)
    found = cache.get(key)
    if found is None:
        context = results_context(request, state, base)
        html = render_to_string(
            "search/listing.html", {**context, "heading_level": 1}, request
        )
        found = {**context, "listing_html": html}
        cache.put(key, found)
    return found
