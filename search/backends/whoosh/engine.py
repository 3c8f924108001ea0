"""Fast read side of the index: cached searchers, facet columns and bitsets.

Whoosh's own faceting categorises every matching document in Python, and its
match-all query scans the whole term list. Instead, for each immutable segment we
read the postings of the keyword fields once into a sparse document×value matrix
(numpy/scipy). Filters become boolean masks, facet counts a sparse product, and
browsing sorts a precomputed date column: no query ever scans the index.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ...documents import UNDATED
from . import internals, store

FACET_FIELDS = ("official", "code", "doc_type", "issuer", "source", "section", "year")
FACET_FIELDS += ("month", "post", "party_term")


@dataclass(slots=True)
class FacetColumn:
    """Values of one keyword field and the documents carrying each of them."""

    values: list[str]
    position: dict[str, int]
    matrix: sparse.csc_matrix  # documents × values, 1 where the doc has the value
    # The value of each stored (document, value) pair, in the matrix's order,
    # so counting within a mask is one gather and one bincount.
    entry_values: np.ndarray | None = None

    def mask(self, value: str, size: int) -> np.ndarray:
        """Return the documents holding value as a boolean mask."""
        out = np.zeros(size, dtype=bool)
        col = self.position.get(value)
        if col is not None:
            m = self.matrix
            out[m.indices[m.indptr[col] : m.indptr[col + 1]]] = True
        return out

    def counts(self, mask: np.ndarray | None) -> np.ndarray:
        """Return per-value document counts within mask (or overall)."""
        m = self.matrix
        if mask is None:
            return np.diff(m.indptr)
        if self.entry_values is None:
            self.entry_values = _entry_columns(m)
        inside = np.asarray(mask, dtype=bool)[m.indices]
        return np.bincount(self.entry_values[inside], minlength=m.shape[1])


def _entry_columns(matrix: sparse.csc_matrix) -> np.ndarray:
    """Return the column of each stored entry of a CSC matrix, in its order."""
    return np.repeat(np.arange(matrix.shape[1], dtype=np.int32), np.diff(matrix.indptr))


@dataclass(slots=True)
class _SegmentData:
    size: int
    sortkey: np.ndarray
    fields: dict[str, tuple[list[str], np.ndarray, np.ndarray]]
    pks: np.ndarray | None = None  # article id per document, when indexed


@dataclass(slots=True)
class _Merged:
    sortkey: np.ndarray
    facets: dict[str, FacetColumn]
    pks: np.ndarray | None = None
    newest: np.ndarray | None = None
    oldest: np.ndarray | None = None


_segment_cache: dict[tuple, _SegmentData] = {}
_merged: dict[tuple, _Merged] = {}
_cache_lock = threading.Lock()


def _segment_key(reader) -> tuple:
    segment = reader.segment()
    return (segment.segment_id(), segment.doc_count_all())


def _read_segment(reader) -> _SegmentData:
    size = reader.doc_count_all()
    fields = {}
    schema = reader.schema
    for name in FACET_FIELDS:
        if name not in schema:
            continue
        values, rows, cols = [], [], []
        for btext in reader.lexicon(name):
            docs = np.fromiter(reader.postings(name, btext).all_ids(), dtype=np.int64)
            rows.append(docs)
            cols.append(np.full(len(docs), len(values), dtype=np.int64))
            values.append(btext.decode("utf-8"))
        fields[name] = (
            values,
            np.concatenate(rows) if rows else np.zeros(0, np.int64),
            np.concatenate(cols) if cols else np.zeros(0, np.int64),
        )
    sortkey = _int_column(reader, "sortkey", size)
    if sortkey is None:
        sortkey = np.zeros(size, dtype=np.int64)
    return _SegmentData(size, sortkey, fields, _int_column(reader, "article_id", size))


def _int_column(reader, name: str, size: int) -> np.ndarray | None:
    """Return an integer column of a segment as an array (None if absent)."""
    if name not in reader.schema or not reader.has_column(name):
        return None
    column = reader.column_reader(name)
    values = internals.packed_column(reader.column_reader(name, translate=False), size)
    if values is None:
        return np.fromiter((column[i] or 0 for i in range(size)), np.int64, size)
    values = values.astype(np.uint64)
    if getattr(reader.schema[name], "signed", False):
        # Whoosh keeps signed numbers shifted to sort as unsigned ones.
        values = values - np.uint64(1 << (8 * values.itemsize - 1))
    out = np.empty(size, dtype=np.int64)
    out[: len(values)] = values.view(np.int64)
    for i in range(len(values), size):
        out[i] = column[i] or 0
    return out


def segment_data(reader) -> _SegmentData:
    """Return the cached columns of one segment, reading them on first use."""
    key = _segment_key(reader)
    data = _segment_cache.get(key)
    if data is None:
        data = _read_segment(reader)
        with _cache_lock:
            _segment_cache[key] = data
    return data


def forget_segments(keep: set[tuple]) -> None:
    """Drop cached columns of segments that are no longer live."""
    with _cache_lock:
        for key in list(_segment_cache):
            if key not in keep:
                del _segment_cache[key]


class IndexView:
    """One consistent snapshot of the index for searching and counting."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        leaves = searcher.leaf_searchers()
        self.size = searcher.doc_count_all()
        self.alive = np.ones(self.size, dtype=bool)
        parts = []
        self.segment_keys = set()
        for sub, offset in leaves:
            reader = sub.reader()
            if reader.segment() is None:
                continue  # an empty index has no segment
            self.segment_keys.add(_segment_key(reader))
            data = segment_data(reader)
            parts.append((offset, data))
            if reader.has_deletions():
                dead = np.fromiter(reader.segment().deleted_docs(), dtype=np.int64)
                self.alive[dead + offset] = False
        # A new searcher over the same segments (another request, a reopened
        # view) reuses the merged columns instead of rebuilding them.
        key = (
            tuple(
                sorted(
                    (k, o)
                    for k, o in zip(
                        self._keys(leaves), self._leaf_offsets(leaves), strict=True
                    )
                )
            ),
            self.size,
            int(self.size - self.alive.sum()),
        )
        merged = _merged.get(key)
        if merged is None:
            sortkey = np.zeros(self.size, dtype=np.int64)
            pks = np.full(self.size, -1, dtype=np.int64)
            for offset, data in parts:
                sortkey[offset : offset + data.size] = data.sortkey
                if data.pks is not None:
                    pks[offset : offset + data.size] = data.pks
            facets = {name: self._merged_facet(name, parts) for name in FACET_FIELDS}
            merged = _Merged(sortkey, facets, pks)
            with _cache_lock:
                _merged.clear()
                _merged[key] = merged
        self.merged = merged
        self.sortkey = merged.sortkey
        self.facets: dict[str, FacetColumn] = merged.facets
        self.live_count = int(self.alive.sum())
        self.memo: dict[str, object] = {}  # lazily derived data (suggestions)

    def _merged_facet(self, name: str, parts) -> FacetColumn:
        values: list[str] = []
        position: dict[str, int] = {}
        rows, cols = [], []
        for offset, data in parts:
            if name not in data.fields:
                continue
            seg_values, seg_rows, seg_cols = data.fields[name]
            remap = np.empty(len(seg_values), dtype=np.int64)
            for i, value in enumerate(seg_values):
                if value not in position:
                    position[value] = len(values)
                    values.append(value)
                remap[i] = position[value]
            keep = self.alive[seg_rows + offset]
            rows.append(seg_rows[keep] + offset)
            cols.append(remap[seg_cols[keep]])
        row = np.concatenate(rows) if rows else np.zeros(0, np.int64)
        col = np.concatenate(cols) if cols else np.zeros(0, np.int64)
        matrix = sparse.csc_matrix(
            (np.ones(len(row), dtype=np.int32), (row, col)),
            shape=(self.size, len(values)),
        )
        return FacetColumn(values, position, matrix, _entry_columns(matrix))

    @staticmethod
    def _keys(leaves) -> list:
        out = []
        for sub, _offset in leaves:
            reader = sub.reader()
            out.append(_segment_key(reader) if reader.segment() is not None else None)
        return out

    @staticmethod
    def _leaf_offsets(leaves) -> list[int]:
        return [offset for _sub, offset in leaves]

    def pk(self, docnum: int) -> int:
        """Return the article id of a document number."""
        pk = int(self.merged.pks[docnum]) if self.merged.pks is not None else -1
        if pk < 0:  # indexed before the id column existed
            pk = int(self.searcher.stored_fields(docnum)["django_id"])
        return pk

    def newest(self) -> np.ndarray:
        """Return live document numbers, newest first (computed once per view)."""
        merged = self.merged
        if merged.newest is None:
            # Undated last; ties by article id (as the database and PostgreSQL
            # order), then by document number.
            undated = self.sortkey == UNDATED
            pks = merged.pks if merged.pks is not None else np.zeros(self.size)
            order = np.lexsort((-np.arange(self.size), -pks, -self.sortkey, undated))
            merged.newest = order[self.alive[order]]
        return merged.newest

    def oldest(self) -> np.ndarray:
        """Return live document numbers, oldest first, undated articles last.

        The dated part of the newest order reversed, then its undated part
        reversed: ties and undated articles go by ascending article order.
        """
        merged = self.merged
        if merged.oldest is None:
            newest = self.newest()
            undated = self.sortkey[newest] == UNDATED
            merged.oldest = np.concatenate(
                (newest[~undated][::-1], newest[undated][::-1])
            )
        return merged.oldest

    @property
    def evaluator(self):
        """Return the numpy query evaluator of this view (created on first use)."""
        if "evaluator" not in self.memo:
            from .vector import Evaluator

            self.memo["evaluator"] = Evaluator(self)
        return self.memo["evaluator"]


def segments_without_raw_arrays(view: IndexView, min_docs: int | None = None):
    """Return the segments of a view that lack the raw posting arrays.

    A segment of at least min_docs documents (default: the size from which
    terms carry raw arrays) that Whoosh's own writer merged reads every common
    term the slow way; `check_index` reports them so a rebuild can fix it.
    """
    from .bulk import RAW_MIN, has_raw_arrays

    floor = RAW_MIN if min_docs is None else min_docs
    out = []
    for sub, _offset in view.searcher.leaf_searchers():
        segment = sub.reader().segment()
        if segment is None or has_raw_arrays(segment):
            continue
        if segment.doc_count_all() >= floor:
            out.append(
                {"segment": segment.segment_id(), "documents": segment.doc_count_all()}
            )
    return out


class ViewCache:
    """Process-wide cache of the current view, refreshed when the index changes."""

    def __init__(self) -> None:
        self._view_lock = threading.Lock()
        self._view: IndexView | None = None
        self._index = None
        self._generation = None

    def get(self, backend) -> IndexView:
        """Return an up-to-date view of the backend's live index."""
        backend.ensure_current()
        with self._view_lock:
            view = self._view
            if (
                view is None
                or self._generation != backend.generation
                or not view.searcher.up_to_date()
            ):
                if view is not None and self._generation == backend.generation:
                    searcher = store.reopening(view.searcher.refresh)
                else:
                    if view is not None:
                        view.searcher.close()
                    searcher = store.reopening(
                        lambda: backend.index.refresh().searcher()
                    )
                view = IndexView(searcher)
                self._view, self._generation = view, backend.generation
                forget_segments(view.segment_keys)
                from .vector import forget

                forget(view.segment_keys)
            return view

    def clear(self) -> None:
        """Drop the cached view (tests, rebuilds in this process)."""
        with self._view_lock:
            if self._view is not None:
                self._view.searcher.close()
            self._view = None


views = ViewCache()


def current_view(alias: str = "default") -> IndexView:
    """Return the cached view of the configured index."""
    from haystack import connections

    return views.get(connections[alias].get_backend())
