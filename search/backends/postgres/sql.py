"""Translate neutral plans into SQL over the index table.

Recall: each plan node becomes a boolean expression; the terms of one node that
live in the same tsvector column are combined into one tsquery (`&` for All,
`|` for Any) so a GIN index answers them together. Every term reaches
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

from ...plan import KEYWORD_FIELDS, All, Any, AtLeast, Boosted, Node, Term
from .rows import keyword_term, lexeme, query_literal, usable
from .schema import ARRAY_FACETS, KEYS_COLUMN, LENGTH_FIELDS, VECTOR_COLUMNS

K1 = 1.2
B = 0.75
#: Field boosts of the text fields (the haystack index's `boost=`).
FIELD_BOOSTS = {"title": 3.0, "lead": 1.5}
ALL_ONES = "'{1,1,1,1}'::float4[]"


def column_term(field: str, text: str) -> tuple[str, str] | None:
    """Return the tsvector column and lexeme of a plan term, None if it has none."""
    if field in VECTOR_COLUMNS:
        column, value = VECTOR_COLUMNS[field], text
    elif field in KEYWORD_FIELDS:
        column, value = KEYS_COLUMN, keyword_term(field, text)
    else:
        return None
    return (column, value) if usable(value) else None


def recall(node: Node, params: list, columns: dict[str, str] | None = None) -> str:
    """Return the SQL condition of the documents matching node (params appended).

    columns renames tsvector columns (to vectors cut down to the plan's
    lexemes, see `ranking`)."""
    columns = columns or {}
    if isinstance(node, Term):
        found = column_term(node.field, node.text)
        if found is None:
            return "FALSE"
        params.append(lexeme(found[1]))
        return f"({columns.get(found[0], found[0])} @@ %s::tsquery)"
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
    operator, joiner = ("&", " AND ") if isinstance(node, All) else ("|", " OR ")
    grouped: dict[str, list[str]] = {}
    others: list[Node] = []
    unusable = False
    for part in node.parts:
        if isinstance(part, Term):
            found = column_term(part.field, part.text)
            if found is None:
                unusable = True
            else:
                grouped.setdefault(found[0], []).append(found[1])
        else:
            others.append(part)
    conditions = []
    for column, values in grouped.items():
        params.append(query_literal(list(dict.fromkeys(values)), operator))
        conditions.append(f"({columns.get(column, column)} @@ %s::tsquery)")
    conditions += [recall(p, params, columns) for p in others]
    if unusable:
        conditions.append("FALSE")
    if not conditions:
        return "FALSE" if isinstance(node, Any) else "TRUE"
    return "(" + joiner.join(conditions) + ")"


def f8(value: float) -> str:
    """Return a float as an exact double-precision SQL literal."""
    return f"float8 '{float(value)!r}'"


class Ranker:
    """Build the BM25F score of a rank plan over per-row term frequencies.

    stats answers `live_count`, `avg_length(field)` and `doc_frequency(field,
    term)` for the snapshot. Each slot of `slots` is one (field, term) with
    documents; `t<i>` in the SQL is its term frequency in the row scored.
    """

    def __init__(self, stats, fields: frozenset[str] | None = None) -> None:
        self.stats = stats
        # With `fields`, a shortlist score: terms of other fields count zero
        # and no part masks another (see PostgresSnapshot._ranked).
        self.fields = fields
        self._index: dict[tuple[str, str], int | None] = {}
        #: (field, tsvector column, lexeme text) per slot.
        self.slots: list[tuple[str, str, str]] = []

    def _slot(self, field: str, text: str) -> int | None:
        key = (field, text)
        if key in self._index:
            return self._index[key]
        found = None
        if self.fields is None or field in self.fields:
            column = column_term(field, text)
            if column is not None and self.stats.doc_frequency(field, text):
                found = len(self.slots)
                self.slots.append((field, *column))
        self._index[key] = found
        return found

    def _term(self, node: Term) -> tuple[str, str]:
        slot = self._slot(node.field, node.text)
        if slot is None:
            return "FALSE", f8(0.0)
        tf = f"t{slot}"
        if node.field in LENGTH_FIELDS:
            stats = self.stats
            n = stats.live_count
            idf = math.log(n / (stats.doc_frequency(node.field, node.text) + 1)) + 1
            avgfl = stats.avg_length(node.field) or 1
            fboost = FIELD_BOOSTS.get(node.field, 1.0)
            w = tf if fboost == 1.0 else f"({tf} * {f8(fboost)})"
            fl = f"q[{LENGTH_FIELDS.index(node.field) + 1}]::float8"
            score = (
                f"({f8(idf)} * (({w} * {f8(K1 + 1)}) / ({w} + {f8(K1)} * "
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
            return self._term(node)
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
