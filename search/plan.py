"""The neutral query plan every search backend evaluates.

The query layer (`matching`) turns a parsed query into a small tree of these
nodes; a backend translates the tree into its own terms (Whoosh queries and numpy
vectors, SQL over `tsvector`s, later an OpenSearch bool query). No backend code
is imported here.

Fields a plan names, all holding pre-analysed terms (see `documents`):

- `text`: every syllable of title, lead, body and captions, normalized and,
  where it differs, folded (`trương`, `truong`);
- `title`, `lead`: the same for the title and the lead only (boosted fields);
- `bigram`: adjacent folded syllable pairs (`truong_thi`), for phrases;
- `compound`: pyvi words, normalized (`cán_bộ`), for ranking;
- keyword fields: `official`, `code`, `codekey`, `doc_type`, `issuer`,
  `post`, `source`, `section`, `year`, `month`, `party_term`.

Scores follow BM25F over the text fields (keyword fields score their boost);
a backend that approximates it says how in its module docstring.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT_FIELDS = ("text", "title", "lead", "bigram", "compound")
KEYWORD_FIELDS = ("official", "code", "codekey", "doc_type", "issuer", "post")
KEYWORD_FIELDS += ("source", "section", "year", "month", "party_term")


@dataclass(frozen=True, slots=True)
class Term:
    """Documents holding one term in one field."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class All:
    """Documents matching every part; the score is the sum of the parts'."""

    parts: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class Any:
    """Documents matching at least one part; the score is the sum of the parts'."""

    parts: tuple[Node, ...]
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class Boosted:
    """Documents matching `required`, scored higher where `optional` matches too."""

    required: Node
    optional: Node
    boost: float = 1.0


@dataclass(frozen=True, slots=True)
class AtLeast:
    """Documents matching at least `k` of the parts; the score is the sum of the
    parts' scores (a minimum-should-match disjunction)."""

    k: int
    parts: tuple[Node, ...]
    boost: float = 1.0


Node = Term | All | Any | Boosted | AtLeast


def all_of(parts) -> Node:
    """Return the conjunction of parts (the part itself when there is one)."""
    parts = tuple(parts)
    return parts[0] if len(parts) == 1 else All(parts)


def any_of(parts) -> Node:
    """Return the disjunction of parts (the part itself when there is one)."""
    parts = tuple(parts)
    return parts[0] if len(parts) == 1 else Any(parts)


def at_least(k: int, parts) -> Node:
    """Return the documents matching k of parts (All or Any at the extremes)."""
    parts = tuple(parts)
    if k <= 1:
        return any_of(parts)
    if k >= len(parts):
        return all_of(parts)
    return AtLeast(k, parts)


def substitute(node: Node, replacements: dict) -> Node:
    """Return node with every subtree equal to a key replaced by its value."""
    if node in replacements:
        return replacements[node]
    if isinstance(node, Term):
        return node
    if isinstance(node, Boosted):
        return Boosted(
            substitute(node.required, replacements),
            substitute(node.optional, replacements),
            node.boost,
        )
    parts = tuple(substitute(p, replacements) for p in node.parts)
    if isinstance(node, AtLeast):
        return AtLeast(node.k, parts, node.boost)
    return type(node)(parts, node.boost)


def terms(node: Node) -> list[Term]:
    """Return every term of a plan, in order (repeats kept)."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Boosted):
        return terms(node.required) + terms(node.optional)
    return [t for part in node.parts for t in terms(part)]
