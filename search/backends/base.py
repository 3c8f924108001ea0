"""The small interface between the search experience and a search backend.

`services`, `suggest`, the pages and the API use only what is declared here: a
backend writes neutral `IndexDocument`s and hands out read snapshots; a snapshot
evaluates neutral plans (`search.plan`) into opaque match sets and answers
counts, top-k article ids in a given order, facet counts and term statistics.
Everything backend-specific (Whoosh internals, SQL) stays in the backend's own
package.
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..plan import Any as AnyOf
from ..plan import Node, Term, any_of

ORDERS = ("relevance", "newest", "oldest")


class SearchUnavailable(Exception):
    """The index cannot be read now; the message tells the operator what to do."""


class RebuildRunning(Exception):
    """Another process is rebuilding the index now; the message says so."""


# Filters on multi-valued fields need every chosen value; the others any of them.
MULTI_VALUED = ("official", "code", "doc_type", "issuer", "post")


@dataclass(slots=True)
class RebuildStats:
    """What a rebuild did: articles written, pyvi runs, catch-up, where to."""

    articles: int = 0
    analysed: int = 0
    seconds: float = 0.0
    replayed: int = 0
    generation: str = ""
    #: Queue rows older than the rebuild's read of the database, marked applied.
    covered: int = 0


# The filter value `year=none`: articles without a year (neither a publication
# nor an event date). Backends store no value for them, so it becomes the
# exclusion of every year a filter can name (the search form's range).
NO_YEAR = "none"
FILTER_YEARS = range(1900, 2101)


@dataclass(slots=True)
class Query:
    """What one search asks of a snapshot, in neutral terms."""

    recall: Node | None = None  # None: every document (browse)
    excluded: Node | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)
    exclude_ids: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        years = self.filters.get("year", [])
        if NO_YEAR not in years:
            return
        # "No year, or one of these years": every other year is excluded.
        kept = set(years)
        other = AnyOf(
            tuple(Term("year", str(y)) for y in FILTER_YEARS if str(y) not in kept)
        )
        self.filters = {k: v for k, v in self.filters.items() if k != "year"}
        self.excluded = any_of([p for p in (self.excluded, other) if p is not None])


class Snapshot(ABC):
    """One consistent read view of the index; cheap to keep for one request."""

    #: Articles in the snapshot.
    live_count: int
    #: Values derived once per snapshot by the layers above (suggestions, codes).
    memo: dict[str, Any]

    @abstractmethod
    def match(self, query: Query) -> Any:
        """Return an opaque set of the documents matching query."""

    @abstractmethod
    def count(self, matches: Any) -> int:
        """Return how many documents a match set holds."""

    @abstractmethod
    def top(self, matches: Any, rank: Node | None, order: str, stop: int) -> list[int]:
        """Return the article ids of the first `stop` matches in order.

        order is "relevance" (by the rank plan's score, ties to the older
        document), "newest" or "oldest" (by publication time, else event date).
        """

    @abstractmethod
    def facet_counts(self, matches: Any | None, facet: str) -> dict[str, int]:
        """Return value → count of one keyword facet within matches (None: all),
        values with a zero count left out."""

    def facet_counts_many(
        self, matches: Any | None, facets: Iterable[str]
    ) -> dict[str, dict[str, int]]:
        """Return facet_counts of several facets (a backend may do it at once)."""
        return {f: self.facet_counts(matches, f) for f in facets}

    @abstractmethod
    def doc_frequency(self, field: str, term: str) -> int:
        """Return how many documents hold term in field."""

    def doc_frequencies(self, field: str, terms: Iterable[str]) -> dict[str, int]:
        """Return term → document frequency for many terms of one field."""
        return {t: self.doc_frequency(field, t) for t in terms}

    def totals(self, facet: str) -> dict[str, int]:
        """Return the archive-wide counts of one facet (computed once per snapshot)."""
        key = f"totals:{facet}"
        if key not in self.memo:
            self.memo[key] = self.facet_counts(None, facet)
        return self.memo[key]

    def totals_many(self, facets: Iterable[str]) -> dict[str, dict[str, int]]:
        """Return the archive-wide counts of several facets (once per snapshot)."""
        missing = [f for f in facets if f"totals:{f}" not in self.memo]
        if missing:
            for facet, counts in self.facet_counts_many(None, missing).items():
                self.memo[f"totals:{facet}"] = counts
        return {f: self.memo[f"totals:{f}"] for f in facets}


class SearchBackend(ABC):
    """A search backend: writes index documents and gives read snapshots."""

    name: str = ""
    #: True when writes happen inside the database transaction of the article
    #: (the index is current at commit and needs no queue).
    transactional: bool = False

    def writer_lock(self, block: bool = True, timeout: float = 300.0):
        """Return a context manager held by one queue writer at a time, or None
        when block is False and another writer holds it. A backend whose writes
        need no serialising (transactions do it) holds nothing."""
        return contextlib.nullcontext()

    @abstractmethod
    def snapshot(self) -> Snapshot:
        """Return a consistent, current read view of the index."""

    @abstractmethod
    def write(self, docs: Iterable, gone: Iterable[int]) -> None:
        """Add or replace the given IndexDocuments and remove the given article ids."""

    @abstractmethod
    def rebuild(self, procs: int = 2, progress=None) -> RebuildStats:
        """Build a whole new index from the database and swap it in atomically;
        searches keep reading the old one meanwhile. Return figures."""

    @abstractmethod
    def indexed_ids(self) -> set[int]:
        """Return the article ids of every indexed document."""

    def indexed_versions(self) -> dict[int, str]:
        """Return article id → content hash of every indexed document ("" for a
        document indexed before documents carried one)."""
        raise NotImplementedError

    @abstractmethod
    def clear(self) -> None:
        """Empty the index (tests, `clear_index`)."""

    def health(self) -> dict:
        """Return backend-specific findings for `check_index` (empty: nothing)."""
        return {}

    @abstractmethod
    def forget(self) -> None:
        """Drop what this process caches of the index (tests, after a rebuild)."""
