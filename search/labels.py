"""Display labels for facet values, and the officials a query names.

Facet values in the index are stable identifiers (person slug, canonical code,
source id); readers see names with diacritics. Lookups are cached briefly per
process so result pages cost a bounded number of queries.
"""

from __future__ import annotations

import threading
import time

from .analysis import folded_key

_TTL = 60.0
_lock = threading.Lock()
_people: tuple[float, dict[str, str], dict[str, list[str]]] | None = None


def invalidate() -> None:
    """Forget cached names (after officials are edited, and in tests)."""
    global _people
    with _lock:
        _people = None


def _load_people() -> tuple[dict[str, str], dict[str, list[str]]]:
    global _people
    now = time.monotonic()
    with _lock:
        if _people and now - _people[0] < _TTL:
            return _people[1], _people[2]
    from articles.models import Person, PersonAlias

    names: dict[str, str] = {}
    by_folded: dict[str, list[str]] = {}
    for slug, name in Person.objects.values_list("slug", "name"):
        names[slug] = name
        by_folded.setdefault(folded_key(name), []).append(slug)
    for slug, alias in PersonAlias.objects.values_list("person__slug", "name"):
        by_folded.setdefault(folded_key(alias), []).append(slug)
    with _lock:
        _people = (now, names, by_folded)
    return names, by_folded


def person_names() -> dict[str, str]:
    """Return person slug → display name."""
    return _load_people()[0]


def officials_named(folds: list[str]) -> list[str]:
    """Return slugs of officials whose full name occurs in the folded syllables."""
    _names, by_folded = _load_people()
    found: list[str] = []
    for size in range(min(6, len(folds)), 1, -1):
        for i in range(len(folds) - size + 1):
            for slug in by_folded.get(" ".join(folds[i : i + size]), []):
                if slug not in found:
                    found.append(slug)
    return found


def name_spans(folds: list[str]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Return (start, end, slugs) of officials' full names in folded syllables.

    Longest names first, without overlaps: `truong thi mai hoang mai` holds one.
    """
    _names, by_folded = _load_people()
    spans: list[tuple[int, int, tuple[str, ...]]] = []
    taken: set[int] = set()
    for size in range(min(6, len(folds)), 1, -1):
        for i in range(len(folds) - size + 1):
            if taken.intersection(range(i, i + size)):
                continue
            slugs = by_folded.get(" ".join(folds[i : i + size]))
            if slugs:
                spans.append((i, i + size, tuple(dict.fromkeys(slugs))))
                taken.update(range(i, i + size))
    return sorted(spans)


def _table(snap, facet: str, read):
    """Return read() of a whole label table, once per snapshot (None: now)."""
    if snap is None:
        return read()
    from . import snapcache

    return snapcache.of(snap, "label_tables", 8).get_or_compute(facet, read)


def labels(facet: str, values: list[str], snap=None) -> dict[str, str]:
    """Return display labels for values of one facet.

    With snap, the sources' and posts' names are read whole once per index
    snapshot (`search.snapcache`, so never older than its expiry) instead of
    once per call.
    """
    if facet == "official":
        names = person_names()
        return {v: names.get(v, v) for v in values}
    if facet == "source":
        from articles.models import Source

        ids = [int(v) for v in values if v.isdigit()]
        if snap is None:
            found = dict(Source.objects.filter(pk__in=ids).values_list("pk", "name"))
        else:
            found = _table(
                snap, facet, lambda: dict(Source.objects.values_list("pk", "name"))
            )
        return {v: found.get(int(v), v) if v.isdigit() else v for v in values}
    if facet == "doc_type":
        from articles.models import DocumentType

        return {v: str(dict(DocumentType.choices).get(v, v)) for v in values}
    if facet == "month":
        return {v: f"Tháng {int(v[5:7])}/{v[:4]}" if len(v) == 7 else v for v in values}
    if facet == "section":
        return {v: v for v in values}
    if facet == "post":
        from articles.models import Position

        if snap is None:
            found = dict(
                Position.objects.filter(slug__in=values).values_list("slug", "name")
            )
        else:
            found = _table(
                snap, facet, lambda: dict(Position.objects.values_list("slug", "name"))
            )
        return {v: found.get(v, v) for v in values}
    if facet == "party_term":
        from articles.positions_terms import term_label

        return {v: term_label(int(v)) if v.isdigit() else v for v in values}
    return {v: v for v in values}
