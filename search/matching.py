"""Turn a parsed query into neutral plans: one for recall, one for ranking.

Recall uses only the positional syllable field, folded, so neither diacritics
nor pyvi's segmentation can hide a document. Ranking adds exact-diacritic
phrases, the boosted title and lead fields, pyvi compounds, whole-query
proximity and the officials the query names. The plans (`search.plan`) name no
backend; each backend evaluates them its own way.

Abbreviations are expanded here, at query time: a clause matches any of its
spellings (`Ủy ban Kiểm tra` or `UBKT`), each an explicit phrase of the plan,
so the index stays as written and a highlighter can mark whichever spelling a
page uses. An ambiguous form (`TW`, `TƯ`, `TP`, `BCT`) standing alone for a
clause counts only as a pair with a syllable typed next to the clause
(`Ban Tổ chức TW`, `TW Đảng`), never alone, so `205-QĐ/TW` does not match
`Trung ương`; one that is also a word (`TƯ`, like `tư vấn`) only as a pair with
another abbreviation (`UBKT TƯ`). A clause naming an official is a phrase: an article
holding the name's syllables apart does not match it (see `scattered_query`).
"""

from __future__ import annotations

from itertools import islice, pairwise, product

from articles import abbreviations

from .plan import All, Any, Boosted, Node, Term, all_of, any_of
from .query import Clause, ParsedQuery, Spelling

# Whole-query proximity tries this many combinations of the clauses' spellings.
MAX_PROXIMITY_SPELLINGS = 8

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


def spelled(
    field: str, spelling: Spelling, clause: Clause, boost: float = 1.0
) -> Node | None:
    """Return the plan of one spelling of a clause in field (None: cannot hold).

    An ambiguous abbreviation alone is the pairs it forms with the syllables
    typed around the clause; short fields (no pairs) cannot hold it.
    """
    if spelling.alone:
        return sequence(field, spelling.folds, boost)
    if field != "text":
        return None
    before, after = clause.before, clause.after
    if spelling.word:  # `tư` is a word too: only `UBKT TƯ` is context enough
        shorts = abbreviations.short_forms()
        before = [b for b in before if b in shorts]
        after = [a for a in after if a in shorts]
    pairs = [f"{b}_{spelling.folds[0]}" for b in before]
    pairs += [f"{spelling.folds[-1]}_{a}" for a in after]
    if not pairs:
        return None
    return any_of(Term("bigram", p, boost) for p in dict.fromkeys(pairs))


def _spelled_all(field: str, clause: Clause, boost: float = 1.0) -> list[Node]:
    nodes = (spelled(field, s, clause, boost) for s in clause.spellings())
    return [n for n in nodes if n is not None]


def recall_clause(clause: Clause) -> Node:
    """Return the plan deciding whether a document matches one clause."""
    if clause.kind == "code" and clause.code:
        return _code_recall(clause)
    parts = _spelled_all("text", clause)
    parts += [Term("official", slug) for slug in clause.officials]
    return any_of(parts)


def rank_clause(clause: Clause) -> Node:
    """Return the scoring plan of one clause (matches the same documents)."""
    if clause.kind == "code" and clause.code:
        keys = [Term("codekey", k, 4.0) for k in clause.code.keys]
        return Any((*keys, _code_recall(clause)))
    parts = []
    for field, weight in _FIELD_WEIGHTS:
        parts.extend(_spelled_all(field, clause, weight))
        if clause.accented:
            # Typed with diacritics: exact-diacritic matches score on top.
            parts.append(sequence(field, clause.norms, 3.0 * weight, exact=True))
    parts += [Term("official", slug) for slug in clause.officials]
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
        # The whole query in sequence, in its typed spelling and a few others.
        choices = [[s.folds for s in c.spellings() if s.alone] for c in words]
        for combo in islice(product(*choices), MAX_PROXIMITY_SPELLINGS):
            folds = tuple(s for part in combo for s in part)
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


def scattered_query(parsed: ParsedQuery) -> Node | None:
    """Return the recall plan with names taken as separate words, or None.

    The documents it adds to `recall_query` hold an official's syllables apart
    (`trưởng`, `thị`, `Hoàng Mai`): `search.listing` lists them, as partial
    matches, only when no article holds the name whole.
    """
    groups = []
    for g in parsed.groups:
        positive = []
        for c in g:
            if c.negated:
                continue
            if c.officials:
                positive.extend(Term("text", f) for f in c.folds)
            else:
                positive.append(recall_clause(c))
        if positive:
            groups.append(all_of(positive))
    return any_of(groups) if groups else None


def spellings_to_mark(clause: Clause) -> list[tuple[tuple[str, ...], bool]]:
    """Return (syllables, exact) sequences a highlighter marks for one clause.

    The typed form (exact when typed with diacritics), then every other
    spelling that stands alone, folded: a page writing `UBKT` is marked for
    `Ủy ban Kiểm tra`. Ambiguous forms alone (`TW`) are not marked.
    """
    first = (clause.norms, True) if clause.accented else (clause.folds, False)
    out = [first]
    for s in clause.spellings()[1:]:
        if s.alone and (s.folds, False) not in out:
            out.append((s.folds, False))
    return out
