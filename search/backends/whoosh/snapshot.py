"""The Whoosh backend's side of the neutral interface."""

from __future__ import annotations

import functools
from collections.abc import Iterable

import numpy as np
from whoosh import query as wq

from ...plan import All, Any, AtLeast, Boosted, Node, Term
from ..base import MULTI_VALUED, Query, SearchBackend, Snapshot
from .vector import AtLeastQuery

ID_PREFIX = "articles.article."


@functools.lru_cache(maxsize=4096)
def to_whoosh(node: Node) -> wq.Query:
    """Return the Whoosh query of a plan (the numpy evaluator reads these)."""
    if isinstance(node, Term):
        return wq.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, Boosted):
        q = wq.AndMaybe(to_whoosh(node.required), to_whoosh(node.optional))
    elif isinstance(node, AtLeast):
        q = AtLeastQuery([to_whoosh(p) for p in node.parts], node.k)
    elif isinstance(node, All):
        q = wq.And([to_whoosh(p) for p in node.parts])
    elif isinstance(node, Any):
        q = wq.Or([to_whoosh(p) for p in node.parts])
    else:
        raise TypeError(f"not a plan node: {node!r}")
    if node.boost != 1.0:
        q.boost = node.boost
    return q


class WhooshSnapshot(Snapshot):
    """A read view over one set of Whoosh segments; match sets are numpy masks."""

    def __init__(self, view) -> None:
        self.view = view
        self.live_count = view.live_count
        self.memo = view.memo

    def _plan_mask(self, node: Node) -> np.ndarray:
        return self.view.evaluator.mask(to_whoosh(node)) & self.view.alive

    def match(self, query: Query) -> np.ndarray:
        view = self.view
        if query.recall is None:
            mask = view.alive.copy()
        else:
            mask = self._plan_mask(query.recall)
        if query.excluded is not None:
            mask &= ~self._plan_mask(query.excluded)
        fmask = self._filter_mask(query.filters)
        if fmask is not None:
            mask &= fmask
        for pk in query.exclude_ids:
            mask &= view.merged.pks != pk
        return mask

    def _filter_mask(self, filters: dict[str, list[str]]) -> np.ndarray | None:
        view = self.view
        mask = None
        for name, values in filters.items():
            column = view.facets.get(name)
            if column is None or not values:
                continue
            if name in MULTI_VALUED:
                part = view.alive.copy()
                for value in values:
                    part &= column.mask(value, view.size)
            else:
                part = np.zeros(view.size, dtype=bool)
                for value in values:
                    part |= column.mask(value, view.size)
            mask = part if mask is None else mask & part
        return mask

    def count(self, matches: np.ndarray) -> int:
        return int(matches.sum())

    def top(self, matches, rank: Node | None, order: str, stop: int) -> list[int]:
        view = self.view
        if order == "relevance" and rank is not None:
            docnums = view.evaluator.top(to_whoosh(rank), matches, stop)
        else:
            ordered = view.oldest() if order == "oldest" else view.newest()
            docnums = ordered[matches[ordered]][:stop].tolist()
        return [view.pk(d) for d in docnums]

    def facet_counts(self, matches, facet: str) -> dict[str, int]:
        column = self.view.facets.get(facet)
        if column is None:
            return {}
        counts = column.counts(matches)
        found = np.flatnonzero(counts)
        values = column.values
        names = [values[i] for i in found.tolist()]
        return dict(zip(names, counts[found].tolist(), strict=True))

    def doc_frequency(self, field: str, term: str) -> int:
        return self.view.searcher.doc_frequency(field, term)


class WhooshBackend(SearchBackend):
    """The Whoosh index of haystack's default connection."""

    name = "whoosh"
    transactional = False

    @property
    def haystack(self):
        """Return haystack's backend object (our Vietnamese Whoosh backend)."""
        from .haystack_engine import haystack_backend

        return haystack_backend()

    def writer_lock(self, block: bool = True, timeout: float = 300.0):
        from . import store

        haystack = self.haystack
        if not haystack.setup_complete:
            haystack.setup()  # may create the first generation, under the lock
        if block:
            return store.writer_lock(haystack.root, timeout=timeout)
        return store.try_writer_lock(haystack.root)

    def snapshot(self) -> WhooshSnapshot:
        from .engine import views

        return WhooshSnapshot(views.get(self.haystack))

    def write(self, docs: Iterable, gone: Iterable[int], locked: bool = False) -> None:
        self.haystack.write(
            [whoosh_doc(d) for d in docs],
            [f"{ID_PREFIX}{pk}" for pk in gone],
            locked=locked,
        )

    def merge_small(self, least: int = 6, locked: bool = False) -> bool:
        """Merge the small segments incremental commits left, if at least
        `least` wait; return whether a merge ran."""
        return self.haystack.merge_small(least=least, locked=locked)

    def start_merge(self, least: int = 6):
        """Return a merge of the small segments to write in steps (off the
        writer lock), or None when fewer than `least` wait or another process
        merges."""
        return self.haystack.start_merge(least=least)

    def rebuild(self, procs: int = 2, progress=None):
        from .rebuild import rebuild

        return rebuild(procs=procs, progress=progress)

    def indexed_ids(self) -> set[int]:
        from .rebuild import indexed_ids

        return indexed_ids()

    def indexed_versions(self) -> dict[int, str]:
        from .rebuild import indexed_versions

        return indexed_versions()

    def health(self) -> dict:
        from .engine import segments_without_raw_arrays

        return {
            "segments_without_raw_arrays": segments_without_raw_arrays(
                self.snapshot().view
            )
        }

    def clear(self) -> None:
        self.haystack.clear()
        self.forget()

    def forget(self) -> None:
        from .engine import views

        views.clear()


def whoosh_doc(doc) -> dict:
    """Return the Whoosh document of an IndexDocument, haystack's ids included."""
    fields = doc.fields()
    for name in ("official", "code", "codekey", "doc_type", "issuer", "post"):
        fields[name] = ",".join(fields[name])
    fields.update(
        id=f"{ID_PREFIX}{doc.article_id}",
        django_ct="articles.article",
        django_id=str(doc.article_id),
    )
    return fields
