"""The hits of one search, in tiers: full matches, then by subject, then partial.

A tier is one neutral query over the snapshot that excludes every earlier
tier's matches, so an article is listed once, in the best tier it reaches, and
each tier is ordered on its own (by relevance, newest or oldest) after all
hits of the tiers before it:

1. `full`: every clause of the query (document numbers resolved, see
   `search.resolve`);
2. `subject`: the query with a resolved document named by its subject instead
   of its number (`search.subjects`): articles discussing it without citing it;
3. `partial`: most of a long query (`search.partial`), only when the first two
   tiers hold fewer than `SEARCH_PARTIAL_BELOW` articles;
4. `scattered`: for a query naming an official, the articles holding the name's
   syllables apart (`trưởng`, `thị`, `Hoàng Mai`; `matching.scattered_query`),
   only when no article matches the query with the name whole: a fallback,
   never noise after real matches. They are listed as partial matches, and the
   highlighter, which marks the name only whole, marks none of its syllables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from . import labels, matching, partial, resolve
from .analysis import folded_key
from .backends import Query, Snapshot
from .plan import Boosted, Node, any_of, substitute
from .query import ParsedQuery

#: Full matches below which partial matches are listed (one page by default).
PARTIAL_BELOW = 20


#: Tiers listed as another kind: a name found only syllable by syllable is a
#: partial match of the query.
LISTED_AS = {"scattered": "partial"}


def partial_below() -> int:
    """Return the number of hits below which partial matches are listed."""
    return int(getattr(settings, "SEARCH_PARTIAL_BELOW", PARTIAL_BELOW))


def order_of(query: Query, sort: str) -> str:
    """Return the order of hits: relevance needs words to rank by."""
    if sort in ("newest", "oldest"):
        return sort
    return "relevance" if query.recall is not None else "newest"


def _swap(node: Node | None, replacements: dict) -> Node | None:
    return substitute(node, replacements) if node is not None and replacements else node


@dataclass(slots=True)
class Tier:
    """One tier of hits: its query, match set, count and scoring plan."""

    kind: str  # "full", "subject", "partial" or "scattered"
    query: Query
    matches: object
    count: int
    rank: Node | None


@dataclass(slots=True)
class Listing:
    """Every hit of one search, tier after tier."""

    snap: Snapshot
    parsed: ParsedQuery
    resolved: resolve.Resolved
    officials: list[str]
    tiers: list[Tier] = field(default_factory=list)

    @property
    def full(self) -> Tier:
        return self.tiers[0]

    @property
    def total(self) -> int:
        return sum(t.count for t in self.tiers)

    @property
    def lists_everything(self) -> bool:
        """Whether every article is listed (no words, no filter): the facet
        counts are then the index's totals."""
        full = self.full.query
        return full.recall is None and not full.filters and not self.parsed.clauses

    def count_of(self, kind: str) -> int:
        """Return the number of hits listed as kind."""
        return sum(t.count for t in self.tiers if LISTED_AS.get(t.kind, t.kind) == kind)

    def ordered(self, sort: str, stop: int) -> tuple[list[int], dict[int, str]]:
        """Return the first `stop` hit ids in order, and the tier of those not
        in the first."""
        pks: list[int] = []
        kinds: dict[int, str] = {}
        for tier in self.tiers:
            if len(pks) >= stop:
                break
            if not tier.count:
                continue
            order = order_of(tier.query, sort)
            found = self.snap.top(tier.matches, tier.rank, order, stop - len(pks))
            if tier.kind != "full":
                kinds.update(dict.fromkeys(found, LISTED_AS.get(tier.kind, tier.kind)))
            pks.extend(found)
        return pks, kinds

    def facet_matches(self):
        """Return the match set the facets count: every listed hit."""
        listed = [t for t in self.tiers if t.count]
        if len(listed) <= 1:
            # One tier listed (a page of partial matches only, say): its own.
            return listed[0].matches if listed else self.full.matches
        full = self.full.query
        return self.snap.match(
            Query(
                recall=any_of([t.query.recall for t in listed]),
                excluded=full.excluded,
                filters=full.filters,
            )
        )


def names_of(officials: list[str]) -> partial.Names:
    """Return the folded syllables of the officials' names a query names."""
    names = labels.person_names() if officials else {}
    return tuple(tuple(folded_key(names[s]).split()) for s in officials if s in names)


def officials_in(parsed: ParsedQuery) -> list[str]:
    """Return the slugs of the officials a query names."""
    folds = [s for c in parsed.positive if c.kind != "code" for s in c.folds]
    return labels.officials_named(folds) if len(folds) > 1 else []


def build(snap: Snapshot, parsed: ParsedQuery, filters) -> Listing:
    """Match a parsed query into tiers of hits."""
    resolved = resolve.resolve(parsed, snap.totals("code") if parsed.codes else {})
    parsed = resolved.parsed
    officials = officials_in(parsed)
    listing = Listing(snap, parsed, resolved, officials)

    def rank(node: Node | None, first: dict | None = None) -> Node | None:
        node = _swap(_swap(node, first or {}), resolved.rank)
        if node is not None and resolved.boosts:
            node = Boosted(node, any_of(resolved.boosts))
        return node

    def add(kind: str, recall: Node | None, rank_plan: Node | None) -> None:
        seen = [t.query.recall for t in listing.tiers]
        excluded = matching.excluded_query(parsed)
        if seen:
            excluded = any_of([*seen, *([excluded] if excluded else [])])
        query = Query(recall=recall, excluded=excluded, filters=filters)
        matches = snap.match(query)
        listing.tiers.append(Tier(kind, query, matches, snap.count(matches), rank_plan))

    add(
        "full",
        _swap(matching.recall_query(parsed), resolved.recall),
        rank(matching.rank_query(parsed, officials)),
    )
    if resolved.subject_recall and listing.full.query.recall is not None:
        add(
            "subject",
            _swap(matching.recall_query(parsed), resolved.subject_recall),
            rank(matching.rank_query(parsed, officials), resolved.subject_rank),
        )
    names = names_of(officials)
    if listing.total < partial_below() and partial.applies(parsed, names):
        add(
            "partial",
            _swap(partial.recall_query(parsed, names), resolved.recall),
            rank(partial.rank_query(parsed, officials, names)),
        )
    if not listing.total and any(c.officials for c in parsed.positive):
        scattered = _swap(matching.scattered_query(parsed), resolved.recall)
        add("scattered", scattered, rank(scattered))
    return listing
