"""Index rows built in Python: tsvector and tsquery literals from pre-analysed terms.

PostgreSQL never analyses text here. A term becomes a quoted lexeme (quotes
doubled, backslashes escaped), so no character of a term can act as tsvector
or tsquery syntax. A lexeme's positions only count its occurrences (1, 2, …,
tf): ranking reads tf back with `ts_rank_cd` (see `sql`), phrases are matched
through the bigram field (pairs, kept in the syllables' column), never
through positions.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter

from .schema import ARRAY_FACETS, LENGTH_FIELDS, TEXT_FACETS, VECTOR_COLUMNS, VECTORS

# PostgreSQL's limits: 256 positions per lexeme, 2047 bytes per lexeme.
MAX_POSITIONS = 256
MAX_LEXEME_BYTES = 2046
#: The label of each text field's positions (title A, lead B, the rest D).
WEIGHT_LABELS = {"title": "A", "lead": "B"}

# Field lengths are quantised to one of 256 values as Whoosh stores them (the
# smallest listed length not below the true one), so BM25 length norms agree.
_QUANTA = [int(round((pow(1.033, n) - 1) * 27)) for n in range(256)]


def quantised_length(length: int) -> int:
    """Return a field length as the BM25 length norm sees it."""
    if length >= _QUANTA[-1]:
        return _QUANTA[-1]
    return _QUANTA[bisect_left(_QUANTA, length)]


def lexeme(term: str) -> str:
    """Return term as a quoted tsvector/tsquery lexeme."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def usable(term: str) -> bool:
    """Whether PostgreSQL can hold term as one lexeme (text never holds NUL)."""
    return bool(term) and "\x00" not in term and len(term.encode()) <= MAX_LEXEME_BYTES


def vector_literal(terms: list[str], label: str = "") -> str:
    """Return the tsvector literal of a term list, occurrences as positions."""
    parts = []
    for term, tf in Counter(t for t in terms if usable(t)).items():
        positions = ",".join(
            f"{i}{label}" for i in range(1, min(tf, MAX_POSITIONS) + 1)
        )
        parts.append(f"{lexeme(term)}:{positions}")
    return " ".join(parts)


def keyword_term(field: str, value: str) -> str:
    """Return the `keys` lexeme of one keyword value."""
    return f"{field}:{value}"


def query_literal(terms: list[str], operator: str = "&") -> str:
    """Return a tsquery literal combining lexemes with & or |."""
    return f" {operator} ".join(lexeme(t) for t in terms)


def document_row(doc) -> tuple:
    """Return the column values (schema.COLUMNS order) of one IndexDocument."""
    terms = {field: doc.terms(field) for field in VECTOR_COLUMNS}
    by_column: dict[str, list[str]] = {c: [] for c in VECTORS}
    labels = {}
    for field, column in VECTOR_COLUMNS.items():
        by_column[column] += terms[field]
        labels[column] = WEIGHT_LABELS.get(field, "")
    vectors = [vector_literal(by_column[c], labels[c]) for c in VECTORS]
    # A facet value is stored only where its `keys` lexeme can be too, so the
    # facet columns and the statistics counted from `keys` always agree.
    kept = {
        f: [
            v
            for v in dict.fromkeys(doc.keywords.get(f, []))
            if usable(v) and usable(keyword_term(f, v))
        ]
        for f in (*ARRAY_FACETS, *TEXT_FACETS)
    }
    keys = [keyword_term(f, v) for f, values in kept.items() for v in values]
    arrays = [kept[f] for f in ARRAY_FACETS]
    texts = [next(iter(kept[f]), None) for f in TEXT_FACETS]
    lengths = [len(terms[f]) for f in VECTOR_COLUMNS]
    lengths += [len(a) for a in arrays]
    assert len(lengths) == len(LENGTH_FIELDS)
    return (
        doc.article_id,
        *vectors,
        vector_literal(keys),
        *arrays,
        *texts,
        lengths,
        [quantised_length(n) for n in lengths],
        doc.sortkey,
        doc.content_hash,
    )
