"""Turn a parsed query into Whoosh queries: one for recall, one for ranking.

Recall uses only the positional syllable field, folded, so neither diacritics
nor pyvi's segmentation can hide a document. Ranking adds exact-diacritic
phrases, the boosted title and lead fields, pyvi compounds, whole-query
proximity and the officials the query names.
"""

from __future__ import annotations

from itertools import pairwise

from whoosh import query as wq

from .query import Clause, ParsedQuery

_FIELD_WEIGHTS = (("text", 1.0), ("title", 1.0), ("lead", 1.0))


def _seq(
    field: str, terms: tuple[str, ...], boost: float = 1.0, exact: bool = False
) -> wq.Query:
    """Match syllables in sequence: a term, or an AND of adjacent-pair terms.

    Pairs are indexed folded only, so an exact-diacritic sequence (which only
    ranks) is all its exact syllables present.
    """
    if len(terms) == 1:
        return wq.Term(field, terms[0], boost=boost)
    if field == "text" and not exact:
        pairs = dict.fromkeys(f"{a}_{b}" for a, b in pairwise(terms))
        return wq.And([wq.Term("bigram", p, boost=boost) for p in pairs])
    # Short fields (title, lead) only rank: all syllables present is enough.
    return wq.And([wq.Term(field, t, boost=boost) for t in dict.fromkeys(terms)])


def _code_recall(clause: Clause) -> wq.Query:
    ref = clause.code
    parts: list[wq.Query] = [wq.Term("codekey", k) for k in ref.keys]
    # Text fallback for citations extraction missed: "205-QĐ" / "205 QĐ".
    parts.append(wq.Term("bigram", f"{ref.number}_{ref.doc_type}"))
    return wq.Or(parts)


def recall_clause(clause: Clause) -> wq.Query:
    """Return the query deciding whether a document matches one clause."""
    if clause.kind == "code" and clause.code:
        return _code_recall(clause)
    return _seq("text", clause.folds)


def rank_clause(clause: Clause) -> wq.Query:
    """Return the scoring query of one clause (matches the same documents)."""
    if clause.kind == "code" and clause.code:
        keys = [wq.Term("codekey", k, boost=4.0) for k in clause.code.keys]
        return wq.Or(keys + [_code_recall(clause)])
    parts = []
    for field, weight in _FIELD_WEIGHTS:
        parts.append(_seq(field, clause.folds, weight))
        if clause.accented:
            # Typed with diacritics: exact-diacritic matches score on top.
            parts.append(_seq(field, clause.norms, 3.0 * weight, exact=True))
    return wq.Or(parts)


def _group(clauses: list[Clause], make) -> wq.Query | None:
    positive = [make(c) for c in clauses if not c.negated]
    if not positive:
        return None
    return positive[0] if len(positive) == 1 else wq.And(positive)


def recall_query(parsed: ParsedQuery) -> wq.Query | None:
    """Return the query of all matching documents, or None to browse."""
    groups = [q for g in parsed.groups if (q := _group(g, recall_clause))]
    if not groups:
        return None
    return groups[0] if len(groups) == 1 else wq.Or(groups)


def excluded_query(parsed: ParsedQuery) -> wq.Query | None:
    """Return the query of documents excluded by -words, or None."""
    negated = [recall_clause(c) for c in parsed.clauses if c.negated]
    if not negated:
        return None
    return negated[0] if len(negated) == 1 else wq.Or(negated)


def _extras(group: list[Clause], officials: list[str]) -> list[wq.Query]:
    extras: list[wq.Query] = []
    words = [c for c in group if not c.negated and c.kind != "code"]
    if len(words) > 1:
        folds = tuple(s for c in words for s in c.folds)
        extras.append(_seq("text", folds, 2.0))
        extras.append(_seq("title", folds, 2.0))
    for c in words:
        if c.accented and len(c.norms) > 1:
            extras.append(wq.Term("compound", "_".join(c.norms), boost=1.0))
    extras.extend(wq.Term("official", slug, boost=6.0) for slug in officials)
    return extras


def rank_query(parsed: ParsedQuery, officials: list[str] = ()) -> wq.Query | None:
    """Return the scoring query: required clauses plus optional boosts."""
    groups = []
    for g in parsed.groups:
        required = _group(g, rank_clause)
        if required is None:
            continue
        extras = _extras(g, list(officials))
        groups.append(wq.AndMaybe(required, wq.Or(extras)) if extras else required)
    if not groups:
        return None
    return groups[0] if len(groups) == 1 else wq.Or(groups)
