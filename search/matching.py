"""Turn a parsed query into neutral plans: one for recall, one for ranking.

Recall uses only the positional syllable field, folded, so neither diacritics
nor pyvi's segmentation can hide a document. Ranking adds exact-diacritic
phrases, the boosted title and lead fields, pyvi compounds, whole-query
proximity and the officials the query names. The plans (`search.plan`) name no
backend; each backend evaluates them its own way.
"""

from __future__ import annotations

from itertools import pairwise

from .plan import All, Any, Boosted, Node, Term, all_of, any_of
from .query import Clause, ParsedQuery

_FIELD_WEIGHTS = (("text", 1.0), ("title", 1.0), ("lead", 1.0))


def sequence(
    field: str, terms: tuple[str, ...], boost: float = 1.0, exact: bool = False
) -> Node:
    """Match syllables in sequence: a term, or an AND of adjacent-pair terms.

    Pairs are indexed folded only, so an exact-diacritic sequence (which only
    ranks) is all its exact syllables present.
    """
    if len(terms) == 1:
        return Term(field, terms[0], boost)
    if field == "text" and not exact:
        pairs = dict.fromkeys(f"{a}_{b}" for a, b in pairwise(terms))
        return All(tuple(Term("bigram", p, boost) for p in pairs))
    # Short fields (title, lead) only rank: all syllables present is enough.
    return All(tuple(Term(field, t, boost) for t in dict.fromkeys(terms)))


def _code_recall(clause: Clause) -> Node:
    ref = clause.code
    parts: list[Node] = [Term("codekey", k) for k in ref.keys]
    # Text fallback for citations extraction missed: "205-QĐ" / "205 QĐ".
    parts.append(Term("bigram", f"{ref.number}_{ref.doc_type}"))
    return Any(tuple(parts))


def recall_clause(clause: Clause) -> Node:
    """Return the plan deciding whether a document matches one clause."""
    if clause.kind == "code" and clause.code:
        return _code_recall(clause)
    return sequence("text", clause.folds)


def rank_clause(clause: Clause) -> Node:
    """Return the scoring plan of one clause (matches the same documents)."""
    if clause.kind == "code" and clause.code:
        keys = [Term("codekey", k, 4.0) for k in clause.code.keys]
        return Any((*keys, _code_recall(clause)))
    parts = []
    for field, weight in _FIELD_WEIGHTS:
        parts.append(sequence(field, clause.folds, weight))
        if clause.accented:
            # Typed with diacritics: exact-diacritic matches score on top.
            parts.append(sequence(field, clause.norms, 3.0 * weight, exact=True))
    return Any(tuple(parts))


def _group(clauses: list[Clause], make) -> Node | None:
    positive = [make(c) for c in clauses if not c.negated]
    return all_of(positive) if positive else None


def recall_query(parsed: ParsedQuery) -> Node | None:
    """Return the plan of all matching documents, or None to browse."""
    groups = [q for g in parsed.groups if (q := _group(g, recall_clause))]
    return any_of(groups) if groups else None


def excluded_query(parsed: ParsedQuery) -> Node | None:
    """Return the plan of documents excluded by -words, or None."""
    negated = [recall_clause(c) for c in parsed.clauses if c.negated]
    return any_of(negated) if negated else None


def _extras(group: list[Clause], officials: list[str]) -> list[Node]:
    extras: list[Node] = []
    words = [c for c in group if not c.negated and c.kind != "code"]
    if len(words) > 1:
        folds = tuple(s for c in words for s in c.folds)
        extras.append(sequence("text", folds, 2.0))
        extras.append(sequence("title", folds, 2.0))
    for c in words:
        if c.accented and len(c.norms) > 1:
            extras.append(Term("compound", "_".join(c.norms)))
    extras.extend(Term("official", slug, 6.0) for slug in officials)
    return extras


def rank_query(parsed: ParsedQuery, officials: list[str] = ()) -> Node | None:
    """Return the scoring plan: required clauses plus optional boosts."""
    groups = []
    for g in parsed.groups:
        required = _group(g, rank_clause)
        if required is None:
            continue
        extras = _extras(g, list(officials))
        groups.append(Boosted(required, Any(tuple(extras))) if extras else required)
    return any_of(groups) if groups else None
