"""Translate neutral plans into SQL over the index table.

Recall: each plan node becomes a boolean expression; a part of the plan whose
terms all live in one tsvector column becomes one tsquery (`&` for All, `|`
for Any, an AtLeast as its k-part conjunctions) so a GIN index answers it
whole, without reading any row's vector. Every term reaches
PostgreSQL as a bound parameter holding a quoted lexeme (`rows.lexeme`), never
as user text spliced into SQL or into tsquery syntax.

Ranking: the distinct (field, term) pairs of the rank plan are slots `t0`,
`t1`, … holding each candidate's term frequency; the caller (the snapshot)
reads them from the rows or from the title postings. The score combines them
with the BM25F formula and the plan's sums, masks and boosts, in double
precision, as the Whoosh evaluator does (`search/vector.py`).
"""

from __future__ import annotations

import math
from itertools import combinations

from ...plan import KEYWORD_FIELDS, All, Any, AtLeast, Boosted, Node, Term
from .rows import keyword_term, lexeme, usable
from .schema import (
    ARRAY_FACETS,
    DELTA,
    FIELD_LEXEMES,
    KEYS_COLUMN,
    LENGTH_FIELDS,
    PAIR_MARK,
    STATS,
    VECTOR_COLUMNS,
)

K1 = 1.2
B = 0.75
#: Field boosts of the text fields (the haystack index's `boost=`).
FIELD_BOOSTS = {"title": 3.0, "lead": 1.5}
ALL_ONES = "'{1,1,1,1}'::float4[]"


def column_term(field: str, text: str) -> tuple[str, str] | None:
    """Return the tsvector column and lexeme of a plan term, None if it has none."""
    if field in VECTOR_COLUMNS:
        column, value = VECTOR_COLUMNS[field], text
        # In the shared column only pairs hold the mark: a syllable with it,
        # or a pair without it, is no term of its field.
        if field in FIELD_LEXEMES and (PAIR_MARK in text) != (field == "bigram"):
            return None
    elif field in KEYWORD_FIELDS:
        column, value = KEYS_COLUMN, keyword_term(field, text)
    else:
        return None
    return (column, value) if usable(value) else None


def recall(node: Node, params: list, columns: dict[str, str] | None = None) -> str:
    """Return the SQL condition of the documents matching node (params appended).

    columns renames tsvector columns (to the in-memory copies of the vectors,
    see `ranking`)."""
    columns = columns or {}
    found = _one_column(node)
    if found is True or found is False:
        return "TRUE" if found else "FALSE"
    if found is not None:
        column, query = found
        params.append(query)
        return f"({columns.get(column, column)} @@ %s::tsquery)"
    if isinstance(node, Boosted):
        return recall(node.required, params, columns)
    if isinstance(node, AtLeast):
        # The disjunction lets a GIN index find the candidates; the count of
        # matching parts then keeps those with enough of them.
        candidates = recall(Any(node.parts), params, columns)
        counted = " + ".join(f"({recall(p, params, columns)})::int" for p in node.parts)
        return f"({candidates} AND ({counted}) >= {int(node.k)})"
    if not isinstance(node, All | Any):
        raise TypeError(f"not a plan node: {node!r}")
    # Parts over several columns: the parts within one column are one tsquery.
    operator, joiner = ("&", " AND ") if isinstance(node, All) else ("|", " OR ")
    grouped: dict[str, list[str]] = {}
    others: list[Node] = []
    for part in node.parts:
        found = _one_column(part)
        if isinstance(found, tuple):
            grouped.setdefault(found[0], []).append(found[1])
        elif found is None:
            others.append(part)
        # True and False parts are decided by the others (_one_column saw them).
    conditions = []
    for column, queries in grouped.items():
        params.append(f" {operator} ".join(queries))
        conditions.append(f"({columns.get(column, column)} @@ %s::tsquery)")
    conditions += [recall(p, params, columns) for p in others]
    return "(" + joiner.join(conditions) + ")"


#: AtLeast(k, parts) over one column becomes the disjunction of its k-part
#: conjunctions, up to this many of them; beyond, its parts are counted per row.
MAX_COMBINATIONS = 32


def _one_column(node: Node) -> tuple[str, str] | bool | None:
    """Return (column, tsquery) of node when its terms all live in one column,
    True or False when it is constant, None when it spans several columns."""
    if isinstance(node, Term):
        found = column_term(node.field, node.text)
        return False if found is None else (found[0], lexeme(found[1]))
    if isinstance(node, Boosted):
        return _one_column(node.required)
    if isinstance(node, AtLeast):
        k, parts = int(node.k), node.parts
        if k <= 1:
            return _one_column(Any(parts))
        if k >= len(parts):
            return _one_column(All(parts))
        if math.comb(len(parts), k) > MAX_COMBINATIONS:
            return None
        return _one_column(Any(tuple(All(c) for c in combinations(parts, k))))
    if not isinstance(node, All | Any):
        raise TypeError(f"not a plan node: {node!r}")
    every = isinstance(node, All)
    found = [_one_column(p) for p in node.parts]
    if (not every) in found:  # an absorbing constant
        return not every
    found = [f for f in found if f is not every]  # drop the neutral constants
    if None in found:
        return None
    if not found:
        return every
    if len({c for c, _ in found}) > 1:
        return None
    operator = " & " if every else " | "
    return found[0][0], "(" + operator.join(q for _, q in found) + ")"


def f8(value: float) -> str:
    """Return a float as an exact double-precision SQL literal."""
    return f"float8 '{float(value)!r}'"


class Ranker:
    """Build the BM25F score of a rank plan over per-row term frequencies.

    stats answers `live_count` and `avg_length(field)` for the snapshot. Each
    slot of `slots` is one (field, term) a row can hold; `t<i>` in the SQL is
    its term frequency in the row scored and `i<i>` its idf, which the
    statement computes from the statistics tables itself (`idf_sql`: a one-row
    query `w` to join), so ranking needs no statement of its own to read
    document frequencies. idf = ln(N / (df + 1)) + 1 in double precision, as
    Python's `math.log` computes it (both call the C library's `log`).
    """

    def __init__(self, stats, fields: frozenset[str] | None = None) -> None:
        self.stats = stats
        # With `fields`, a shortlist score: terms of other fields count zero
        # and no part masks another (see PostgresSnapshot._ranked).
        self.fields = fields
        self._index: dict[tuple[str, str], int | None] = {}
        #: (field, tsvector column, lexeme text) per slot.
        self.slots: list[tuple[str, str, str]] = []
        #: The slots whose score needs an idf.
        self._idf: list[int] = []
        self._texts: dict[int, str] = {}

    def _slot(self, field: str, text: str) -> int | None:
        key = (field, text)
        if key in self._index:
            return self._index[key]
        found = None
        if self.fields is None or field in self.fields:
            column = column_term(field, text)
            if column is not None:
                found = len(self.slots)
                self.slots.append((field, *column))
        self._index[key] = found
        return found

    def idf_sql(self) -> tuple[str, list]:
        """Return (SQL, params) of the one-row query of the slots' idfs (one
        read of every slot's document frequency), for `WITH w AS MATERIALIZED`:
        as a subquery the planner would compute it again for every row."""
        n = f8(float(self.stats.live_count))
        columns = [
            f"ln({n} / (coalesce(sum(x.n) FILTER (WHERE x.i = {slot}), 0) + 1)"
            f"::float8) + 1 AS i{slot}"
            for slot in self._idf
        ]
        if not columns:
            return "SELECT 1", []
        keys = [
            list(self._idf),
            [self.slots[slot][0] for slot in self._idf],
            [self._texts[slot] for slot in self._idf],
        ]
        parts = [
            "SELECT k.i, s.n FROM unnest(%s::int[], %s::text[], %s::text[]) "
            f"AS k (i, field, term) JOIN {table} AS s "
            "ON s.field = k.field AND s.term = k.term"
            for table in (STATS, DELTA)
        ]
        return (
            f"SELECT {', '.join(columns)} FROM ({' UNION ALL '.join(parts)}) AS x",
            [*keys, *keys],
        )

    def _term_condition(self, node: Term) -> tuple[str, str]:
        slot = self._slot(node.field, node.text)
        if slot is None:
            return "FALSE", f8(0.0)
        tf = f"t{slot}"
        if node.field in LENGTH_FIELDS:
            stats = self.stats
            if slot not in self._idf:
                self._idf.append(slot)
                self._texts[slot] = node.text
            avgfl = stats.avg_length(node.field) or 1
            fboost = FIELD_BOOSTS.get(node.field, 1.0)
            w = tf if fboost == 1.0 else f"({tf} * {f8(fboost)})"
            fl = f"q[{LENGTH_FIELDS.index(node.field) + 1}]::float8"
            score = (
                f"(w.i{slot} * (({w} * {f8(K1 + 1)}) / ({w} + {f8(K1)} * "
                f"({f8(1 - B)} + (({f8(B)} * {fl}) / {f8(avgfl)})))))"
            )
        else:  # single-valued keyword fields score their weight
            score = tf
        if node.boost != 1.0:
            score = f"({score} * {f8(node.boost)})"
        return ("TRUE" if self.fields is not None else f"({tf} > 0)"), score

    def score(self, node: Node) -> tuple[str, str]:
        """Return (mask SQL, score SQL) of node over the inner query's columns."""
        if isinstance(node, Term):
            return self._term_condition(node)
        if isinstance(node, Boosted):
            mask, required = self.score(node.required)
            _opt_mask, optional = self.score(node.optional)
            score = (
                f"({required} + {optional})"
                if self.fields is not None
                else f"(CASE WHEN {mask} THEN ({required} + {optional}) ELSE 0 END)"
            )
        elif isinstance(node, AtLeast):
            parts = [self.score(p) for p in node.parts]
            counted = " + ".join(f"({m})::int" for m, _ in parts)
            mask = f"(({counted}) >= {int(node.k)})"
            score = "(" + " + ".join(s for _, s in parts) + ")"
            if self.fields is None:
                score = f"(CASE WHEN {mask} THEN {score} ELSE 0 END)"
        elif isinstance(node, All | Any):
            parts = [self.score(p) for p in node.parts]
            if not parts:
                return "FALSE", f8(0.0)
            joiner = " AND " if isinstance(node, All) else " OR "
            mask = "(" + joiner.join(m for m, _ in parts) + ")"
            score = "(" + " + ".join(s for _, s in parts) + ")"
            if isinstance(node, All) and self.fields is None:
                score = f"(CASE WHEN {mask} THEN {score} ELSE 0 END)"
        else:
            raise TypeError(f"not a plan node: {node!r}")
        if node.boost != 1.0:
            score = f"({score} * {f8(node.boost)})"
        return mask, score


def array_facet(facet: str) -> bool:
    """Whether a keyword facet is stored as text[] (else as one text value)."""
    return facet in ARRAY_FACETS
