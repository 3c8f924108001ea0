"""Partial matches: what a long query finds when few articles hold all of it.

Every clause of a query is required, so a long question (`Kết luận 14 khuyến
khích bảo vệ cán bộ dám nghĩ dám làm`) drops an article that says most of it in
other words. When full matches are few, the search service also lists the
articles matching most of the query's *units*, after every full match, marked
as partial.

The rule (minimum-should-match), per OR-group of the query:

- a unit is one positive clause: a word, a phrase (quoted, or a pyvi compound
  such as `cán bộ`), a document code, or the words of an official's name the
  query names (`truong thi mai`), each kept whole; a unit typed twice counts
  once; exclusions stay exclusions;
- a group of fewer than `MIN_UNITS` units gets no partial matches (two words
  relaxed to one would match almost anything);
- an article matches partially when it holds at least
  `ceil(MIN_SHOULD_MATCH × units)` of them (never fewer than two, never all:
  all is a full match). Three units need 2, four need 3, six need 4, nine need 6.

The plans are neutral (`plan.AtLeast`), so every backend evaluates them.
"""

from __future__ import annotations

import math

from . import matching
from .plan import Boosted, Node, Term, any_of, at_least
from .query import Clause, ParsedQuery

MIN_UNITS = 3
MIN_SHOULD_MATCH = 2 / 3


Names = tuple[tuple[str, ...], ...]


def _merge_names(group: list[Clause], names: Names) -> list[Clause]:
    """Join the words spelling an official's name (`truong thi mai`) into one
    phrase clause, so a partial match holds the whole name or none of it."""
    out: list[Clause] = []
    i = 0
    while i < len(group):
        for name in sorted(names, key=len, reverse=True):
            run = _name_run(group, i, name)
            if run:
                words = group[i : i + run]
                out.append(
                    Clause(
                        "phrase",
                        tuple(s for c in words for s in c.norms),
                        name,
                        raw=" ".join(c.raw for c in words),
                    )
                )
                i += run
                break
        else:
            out.append(group[i])
            i += 1
    return out


def _name_run(group: list[Clause], i: int, name: tuple[str, ...]) -> int:
    """Return how many clauses from i spell name exactly, or 0."""
    folds: tuple[str, ...] = ()
    for n, clause in enumerate(group[i:], 1):
        if clause.negated or clause.kind == "code":
            return 0
        folds += clause.folds
        if folds == name:
            return n if n > 1 else 0
        if folds != name[: len(folds)]:
            return 0
    return 0


def units(group: list[Clause], names: Names = ()) -> list[Clause]:
    """Return the distinct positive clauses of a group, in query order, the
    words of an official's name (folded syllables in names) as one unit."""
    seen, out = set(), []
    for clause in _merge_names(group, names) if names else group:
        if clause.negated:
            continue
        keys = tuple(clause.code.keys) if clause.code else ()
        key = (clause.kind, clause.folds, keys)
        if key not in seen:
            seen.add(key)
            out.append(clause)
    return out


def required(n: int) -> int:
    """Return how many of n units a partial match must hold."""
    return min(n - 1, max(2, math.ceil(n * MIN_SHOULD_MATCH)))


def _eligible(parsed: ParsedQuery, names: Names) -> list[list[Clause]]:
    return [u for g in parsed.groups if len(u := units(g, names)) >= MIN_UNITS]


def applies(parsed: ParsedQuery, names: Names = ()) -> bool:
    """Tell whether any group of the query is long enough for partial matches."""
    return bool(_eligible(parsed, names))


def rule(parsed: ParsedQuery, names: Names = ()) -> tuple[int, int] | None:
    """Return (units needed, units) of the query's first long group, or None."""
    groups = _eligible(parsed, names)
    return (required(len(groups[0])), len(groups[0])) if groups else None


def recall_query(parsed: ParsedQuery, names: Names = ()) -> Node | None:
    """Return the plan of documents matching most of some long group, or None."""
    groups = [
        at_least(required(len(u)), [matching.recall_clause(c) for c in u])
        for u in _eligible(parsed, names)
    ]
    return any_of(groups) if groups else None


def rank_query(
    parsed: ParsedQuery, officials: list[str] = (), names: Names = ()
) -> Node | None:
    """Return the scoring plan of partial matches: the sum of the units held,
    plus the officials the query names."""
    groups: list[Node] = []
    for u in _eligible(parsed, names):
        held: Node = at_least(required(len(u)), [matching.rank_clause(c) for c in u])
        if officials:
            held = Boosted(held, any_of([Term("official", s, 6.0) for s in officials]))
        groups.append(held)
    return any_of(groups) if groups else None
