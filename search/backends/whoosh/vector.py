"""Evaluate and score our Whoosh queries over whole posting arrays with numpy.

Whoosh matches and scores one posting at a time in Python, so a broad query over
a large archive costs seconds. Our queries only use Term, And, Or, AndMaybe and
AtLeastQuery (at least k of the subqueries, which Whoosh itself lacks),
so each term's postings are read once per segment into numpy arrays (cached
with the segment's other columns), and a query becomes a few vector operations:
a boolean mask for recall, a BM25F score vector for ranking. The score is the
one Whoosh computes (same idf, average and quantised field lengths, K1 and B),
and ties go to the lower document number as in Whoosh's collector.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from itertools import combinations

import numpy as np
from whoosh import query as wq
from whoosh.util.numeric import byte_to_length

from . import bulk, internals

K1 = 1.2
B = 0.75
_BYTE_LENGTHS = np.array([byte_to_length(i) for i in range(256)], dtype=np.float64)
# Posting arrays kept per process, least recently used dropped first.
MAX_CACHE_BYTES = 96 * 2**20
TERM_CACHE_BYTES = 64 * 2**20
# Rank only the candidates (gathered from term vectors) when they are fewer than
# this share of the documents; otherwise whole vectors cost less.
GATHER_SHARE = 1 / 8

_postings: OrderedDict = OrderedDict()
_cached_bytes = 0
_lengths: dict[tuple, np.ndarray] = {}
_lock = threading.Lock()


class Unsupported(Exception):
    """The query uses a construct this evaluator does not implement."""


def _read_raw(reader, field: str, btext: bytes):
    """Return a term's postings from the raw arrays a rebuild appends, or None."""
    extent = internals.term_extent(reader, field, btext, bulk.RAW_MIN)
    if extent is None:
        return None
    data, count = extent
    found = bulk.read_raw_postings(data, count)
    if found is None:
        return None
    docs, freqs = found
    boost = reader.schema[field].format.field_boost
    if freqs is None:
        weights = np.full(count, boost, np.float32)
    else:
        weights = (freqs * boost).astype(np.float32)  # as Whoosh stores them
    return docs.astype(np.int32), weights


def _read_postings(reader, field: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    raw = _read_raw(reader, field, btext)
    if raw is not None:
        return raw
    try:
        m = reader.postings(field, btext)
    except Exception:  # term absent from this segment
        return np.zeros(0, np.int32), np.zeros(0, np.float32)
    blocks = internals.decode_blocks(m)
    if blocks is not None:
        return blocks
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return np.asarray(ids, dtype=np.int32), np.asarray(weights, dtype=np.float32)


def _segment_postings(segkey, reader, field: str, btext: bytes):
    key = (segkey, field, btext)
    with _lock:
        hit = _postings.get(key)
        if hit is not None:
            _postings.move_to_end(key)
            return hit
    global _cached_bytes
    value = _read_postings(reader, field, btext)
    with _lock:
        if key not in _postings:
            _postings[key] = value
            _cached_bytes += value[0].nbytes + value[1].nbytes
        while _cached_bytes > MAX_CACHE_BYTES and len(_postings) > 1:
            _, (ids, weights) = _postings.popitem(last=False)
            _cached_bytes -= ids.nbytes + weights.nbytes
    return value


def _segment_lengths(segkey, reader, field: str) -> np.ndarray | None:
    key = (segkey, field)
    lengths = _lengths.get(key)
    if lengths is None:
        column = internals.length_column(reader, field)
        if column is None:
            return None
        size = reader.doc_count_all()
        lengths = _BYTE_LENGTHS[_column_bytes(column, size)]
        with _lock:
            _lengths[key] = lengths
    return lengths


def _column_bytes(column, size: int) -> np.ndarray:
    """Return a one-byte-per-document Whoosh column as an array."""
    raw = np.zeros(size, np.uint8)
    values = internals.packed_column(column, size)
    if values is None:
        return np.fromiter((column[i] for i in range(size)), np.uint8, size)
    raw[: len(values)] = values
    return raw


def forget(keep: set) -> None:
    """Drop cached postings and lengths of segments no longer live."""
    global _cached_bytes
    with _lock:
        for key in [k for k in _postings if k[0] not in keep]:
            ids, weights = _postings.pop(key)
            _cached_bytes -= ids.nbytes + weights.nbytes
        for key in [k for k in _lengths if k[0] not in keep]:
            del _lengths[key]


class AtLeastQuery(wq.Or):
    """Documents matching at least k subqueries, scored by the sum of theirs.

    Whoosh's own `Or(minmatch=…)` is not implemented, so Whoosh evaluates this
    through an equivalent it has (every k-combination of the subqueries
    required, the scores of the plain disjunction); the numpy evaluator counts
    matching subqueries directly. The equivalent grows combinatorially: it is
    for the differential tests, never for searching.
    """

    def __init__(self, subqueries, k: int, boost: float = 1.0) -> None:
        super().__init__(subqueries, boost=boost)
        self.k = k

    def __eq__(self, other) -> bool:
        return super().__eq__(other) and self.k == other.k

    def __hash__(self) -> int:
        return hash((super().__hash__(), self.k))

    def __repr__(self) -> str:
        return f"AtLeastQuery({self.subqueries!r}, k={self.k})"

    def normalize(self):
        return self

    def matcher(self, searcher, context=None):
        # Whoosh's own Require query builds an AndNot matcher (a Whoosh bug),
        # so its matcher class is used directly.
        from whoosh.matching import RequireMatcher

        scored = wq.Or(list(self.subqueries), boost=self.boost)
        combos = [wq.And(list(c)) for c in combinations(self.subqueries, self.k)]
        return RequireMatcher(
            scored.matcher(searcher, context),
            wq.Or(combos).matcher(searcher, searcher.boolean_context()),
        )


def _query_key(q, scored: bool) -> tuple:
    # Whoosh's AndMaybe compares equal whatever its boost: keep it in the key.
    return ("query", q, q.boost, scored)


class Evaluator:
    """Compute masks and scores of queries over one IndexView."""

    def __init__(self, view) -> None:
        self.view = view
        searcher = view.searcher
        self.searcher = searcher
        self.schema = searcher.schema
        self.leaves = []
        for sub, offset in searcher.leaf_searchers():
            reader = sub.reader()
            if reader.segment() is None:
                continue
            seg = reader.segment()
            self.leaves.append(
                ((seg.segment_id(), seg.doc_count_all()), reader, offset)
            )
        self.size = view.size
        # Results of terms and whole queries in this snapshot, reused by the
        # next page, the previous/next links and facet clicks of the same query.
        self._hits: OrderedDict = OrderedDict()
        self._term_bytes = 0

    def _cached(self, key, compute):
        """Return the (mask, score) of key from this snapshot's cache, or compute
        and keep it (least recently used dropped first). Read-only arrays."""
        with _lock:
            hit = self._hits.get(key)
            if hit is not None:
                self._hits.move_to_end(key)
                return hit
        hit = compute()
        for arr in hit:
            if arr is not None:
                arr.flags.writeable = False
        size = sum(a.nbytes for a in hit if a is not None)
        with _lock:
            if key not in self._hits:
                self._hits[key] = hit
                self._term_bytes += size
            while self._term_bytes > TERM_CACHE_BYTES and len(self._hits) > 1:
                _k, old = self._hits.popitem(last=False)
                self._term_bytes -= sum(a.nbytes for a in old if a is not None)
        return hit

    def _term_result(self, q: wq.Term, scored: bool, at: np.ndarray | None = None):
        mask, score = self._cached(
            (q.fieldname, q.text, scored),
            lambda: self._compute_term(q.fieldname, q.text, scored),
        )
        if at is not None:
            mask = mask[at]
            score = score[at] if score is not None else None
        if scored and q.boost != 1.0:
            score = score * q.boost
        return mask, score

    def _whole(self, q, scored: bool):
        """Return the cached (mask, score) of a whole query over all documents."""
        if isinstance(q, wq.Term):
            return self._term_result(q, scored)
        return self._cached(_query_key(q, scored), lambda: self.evaluate(q, scored))

    def _compute_term(self, field: str, text: str, scored: bool):
        if field not in self.schema:
            return np.zeros(self.size, bool), (np.zeros(self.size) if scored else None)
        fieldobj = self.schema[field]
        btext = fieldobj.to_bytes(text)
        mask = np.zeros(self.size, bool)
        score = np.zeros(self.size) if scored else None
        if scored:
            searcher = self.searcher
            df = searcher.doc_frequency(field, text)
            idf = math.log(searcher.doc_count_all() / (df + 1)) + 1
            avgfl = searcher.avg_field_length(field) or 1
        for segkey, reader, offset in self.leaves:
            ids, weights = _segment_postings(segkey, reader, field, btext)
            if not len(ids):
                continue
            mask[ids + offset] = True
            if scored:
                weights = weights.astype(np.float64)  # Whoosh scores in doubles
                if fieldobj.scorable:
                    lengths = _segment_lengths(segkey, reader, field)
                    fl = lengths[ids] if lengths is not None else 1.0
                    s = idf * (
                        (weights * (K1 + 1))
                        / (weights + K1 * ((1 - B) + B * fl / avgfl))
                    )
                else:
                    s = weights
                score[ids + offset] = s
        return mask, score

    def evaluate(self, q, scored: bool = True, at: np.ndarray | None = None):
        """Return (mask, scores) of a query; scores is None when not scored.

        With `at` (document numbers), both cover only those documents, in that
        order: ranking a few candidates then costs little however large the
        archive.
        """
        if isinstance(q, wq.Term):
            return self._term_result(q, scored, at)
        n = self.size if at is None else len(at)
        if isinstance(q, wq.AndMaybe):
            mask, score = self.evaluate(q.a, scored, at)
            if scored:
                # Scores are zero outside their own matches, so sums need no
                # masking except to keep only the required part's documents.
                _opt_mask, opt_score = self.evaluate(q.b, True, at)
                score = (score + opt_score) * mask
                if q.boost != 1.0:
                    score *= q.boost
            return mask, score
        if isinstance(q, AtLeastQuery):
            return self._at_least(q, scored, at, n)
        if type(q) in (wq.And, wq.Or):
            parts = [self.evaluate(s, scored, at) for s in q.subqueries]
            if not parts:
                return np.zeros(n, bool), (np.zeros(n) if scored else None)
            combine = np.logical_and if type(q) is wq.And else np.logical_or
            mask = parts[0][0].copy()
            for m, _ in parts[1:]:
                combine(mask, m, out=mask)
            score = None
            if scored:
                score = parts[0][1].copy()
                for _m, s in parts[1:]:
                    score += s
                if type(q) is wq.And:
                    score *= mask
                if q.boost != 1.0:
                    score *= q.boost
            return mask, score
        raise Unsupported(type(q).__name__)

    def _at_least(self, q: AtLeastQuery, scored: bool, at, n: int):
        parts = [self.evaluate(s, scored, at) for s in q.subqueries]
        hits = np.zeros(n, np.int32)
        for m, _ in parts:
            hits += m
        mask = hits >= q.k
        score = None
        if scored:
            score = np.zeros(n)
            for _m, s in parts:
                score += s
            score *= mask
            if q.boost != 1.0:
                score *= q.boost
        return mask, score

    def mask(self, q) -> np.ndarray:
        """Return the documents matching q (deleted ones included)."""
        return self._whole(q, scored=False)[0]

    def top(self, q, allowed: np.ndarray, limit: int) -> list[int]:
        """Return up to limit allowed document numbers, best score first."""
        candidates = np.flatnonzero(allowed)
        if not len(candidates):
            return []
        whole = _query_key(q, True) in self._hits
        if len(candidates) < GATHER_SHARE * self.size and not whole:
            matched, values = self.evaluate(q, scored=True, at=candidates)
        else:  # most documents: whole vectors cost less than gathering
            matched, values = self._whole(q, scored=True)
            matched, values = matched[candidates], values[candidates]
        candidates, values = candidates[matched], values[matched]
        if not len(candidates):
            return []
        if len(candidates) > limit:
            # Keep every candidate tied with the limit-th best, then order.
            cut = np.partition(-values, limit - 1)[limit - 1]
            keep = -values <= cut
            candidates, values = candidates[keep], values[keep]
        order = np.lexsort((candidates, -values))[:limit]
        return candidates[order].tolist()
