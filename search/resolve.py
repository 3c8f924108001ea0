"""Resolve the document numbers a reader types to the documents the archive knows.

`Quy định 205`, `qd 205`, `NQ18` and `nghị quyết 18/2017` name a document by
its kind and number, sometimes its year, rarely its full code. The query layer
already turns them into match keys (`articles.codekeys`); here the keys meet
the archive's `Document` rows:

- one document has the key: the search names it (code, subject, link);
- several share it (`18-NQ/TW`, `18/NQ-CP`): the search matches them all and
  offers each as a filter (a disambiguation), most cited first;
- a year follows the number (`18/2017`, `18-2017`, `18 năm 2017`): the year is
  no longer a required word, and among several documents the one of that year
  is chosen when the archive knows it, from the code (`Document.year`, the
  issue date) or else from the dates of the articles citing it (a document is
  not cited before it is issued: the one first cited in that year, or soonest
  after it). The chosen document's own keys then replace the shared key, so
  articles citing another document with that number no longer match.

A chosen document with a learned subject (`search.subjects`) also lends its
subject phrase in place of its number, for the tier of articles that discuss
it without citing it.

Plans are changed by substitution (`plan.substitute`) of the clause plans the
query layer built, so matching keeps one grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from articles import text
from articles.codekeys import code_keys

from . import matching
from .plan import Any, Node, Term
from .query import Clause, ParsedQuery
from .subjects import subject_plan

_YEAR_AFTER = re.compile(r"\s*(?:[/-]\s*|\s+nam\s+)((?:19|20)\d\d)(?!\d)")
MAX_CANDIDATES = 8


@dataclass(slots=True)
class Candidate:
    """A document of the archive that a typed number may mean."""

    code: str
    subject: str
    year: int | None
    count: int  # indexed articles citing it


@dataclass(slots=True)
class Resolution:
    """What one typed document number resolved to."""

    typed: str
    year: int | None
    candidates: list[Candidate]
    chosen: Candidate | None = None

    @property
    def ambiguous(self) -> bool:
        return self.chosen is None and len(self.candidates) > 1


@dataclass(slots=True)
class Resolved:
    """A query after resolution, and the plan changes the search applies."""

    parsed: ParsedQuery
    resolutions: list[Resolution] = field(default_factory=list)
    recall: dict[Node, Node] = field(default_factory=dict)
    rank: dict[Node, Node] = field(default_factory=dict)
    boosts: list[Node] = field(default_factory=list)
    #: The code clauses of chosen documents replaced by their subject phrase.
    subject_recall: dict[Node, Node] = field(default_factory=dict)
    subject_rank: dict[Node, Node] = field(default_factory=dict)


def _typed_year(raw: str, clause: Clause, start: int) -> tuple[int | None, int]:
    """Return the year written right after a code clause in raw, and where to
    look for the next clause."""
    at = raw.find(clause.raw, start) if clause.raw else -1
    if at < 0:
        return None, start
    end = at + len(clause.raw)
    m = _YEAR_AFTER.match(text.fold(raw[end : end + 16]).casefold())
    return (int(m.group(1)) if m else None), end


def _documents(numbers: set[str]) -> list:
    from articles.models import Document

    return list(
        Document.objects.filter(number__in=numbers).only(
            "code", "doc_type", "number", "issuer", "year", "issued_on", "subject"
        )[:500]
    )


def _first_cited(documents: list) -> dict[int, int]:
    """Return document id → year of the earliest dated article citing it."""
    from django.db.models import F, Min
    from django.db.models.functions import Coalesce, TruncDate

    from articles.models import DocumentCitation

    rows = (
        DocumentCitation.objects.filter(document__in=[d.pk for d in documents])
        .values("document_id")
        .annotate(
            first=Min(
                Coalesce(TruncDate("article__published_at"), F("article__event_date"))
            )
        )
    )
    return {r["document_id"]: r["first"].year for r in rows if r["first"]}


def _known_year(document) -> int | None:
    if document.year:
        return document.year
    return document.issued_on.year if document.issued_on else None


def _pick_by_year(documents: list, year: int) -> object | None:
    """Return the one document of that year, or None when the archive can't tell."""
    known = [d for d in documents if _known_year(d) == year]
    if known:
        return known[0] if len(known) == 1 else None
    unknown = [d for d in documents if _known_year(d) is None]
    first = _first_cited(unknown) if unknown else {}
    after = sorted(
        (first[d.pk], d.pk, d) for d in unknown if first.get(d.pk, 0) >= year
    )
    if not after or (len(after) > 1 and after[0][0] == after[1][0]):
        return None
    return after[0][2]


def _keys(document) -> list[str]:
    return code_keys(document.code, document.doc_type, document.number, document.issuer)


def _document_plans(clause: Clause, document) -> tuple[Node, Node]:
    """Return the recall and rank plans matching one document's citations only."""
    keys = _keys(document)
    # The bare key (`nq-18`) is shared by every document with that number.
    own = [k for k in keys if k != clause.code.key] or keys
    recall = Any((Term("code", document.code), *(Term("codekey", k) for k in own)))
    rank = Any(
        (Term("code", document.code, 4.0), *(Term("codekey", k, 4.0) for k in own))
    )
    return recall, rank


def _without(parsed: ParsedQuery, dropped: set[int]) -> ParsedQuery:
    groups = [[c for c in g if id(c) not in dropped] for g in parsed.groups]
    return ParsedQuery(
        raw=parsed.raw, groups=[g for g in groups if g], messages=parsed.messages
    )


def resolve(parsed: ParsedQuery, totals: dict[str, int]) -> Resolved:
    """Resolve the typed document numbers of a query against the archive.

    totals are the indexed articles per document code (the code facet).
    """
    coded = [
        (g, i, c)
        for g in parsed.groups
        for i, c in enumerate(g)
        if c.kind == "code" and c.code and not c.negated
    ]
    out = Resolved(parsed)
    if not coded:
        return out
    documents = _documents({c.code.number for _g, _i, c in coded})
    dropped: set[int] = set()
    pos = 0
    for group, i, clause in coded:
        year, pos = _typed_year(parsed.raw, clause, pos)
        if year is not None:
            # `18/2017`: the year qualifies the number; it is not a word to find.
            following = group[i + 1 : i + 3]
            words = [c.folds for c in following]
            for n, shape in ((1, [(str(year),)]), (2, [("nam",), (str(year),)])):
                if words[:n] == shape:
                    dropped.update(id(c) for c in following[:n])
                    break
            out.boosts.append(Term("text", str(year)))
        wanted = clause.code.keys[-1]
        matching_docs = [d for d in documents if wanted in _keys(d)]
        matching_docs.sort(key=lambda d: (-totals.get(d.code, 0), d.code))
        matching_docs = matching_docs[:MAX_CANDIDATES]
        candidates = {
            d.pk: Candidate(d.code, d.subject, _known_year(d), totals.get(d.code, 0))
            for d in matching_docs
        }
        resolution = Resolution(clause.raw, year, list(candidates.values()))
        if len(matching_docs) == 1:
            resolution.chosen = resolution.candidates[0]
        elif year is not None and matching_docs:
            picked = _pick_by_year(matching_docs, year)
            if picked is not None:
                resolution.chosen = candidates[picked.pk]
                recall, rank = _document_plans(clause, picked)
                out.recall[matching.recall_clause(clause)] = recall
                out.rank[matching.rank_clause(clause)] = rank
        if resolution.chosen is not None:
            chosen = next(d for d in matching_docs if d.code == resolution.chosen.code)
            by_subject = subject_plan(chosen.subject)
            if by_subject is not None:
                out.subject_recall[matching.recall_clause(clause)] = by_subject
                out.subject_rank[matching.rank_clause(clause)] = by_subject
        if resolution.candidates:
            out.resolutions.append(resolution)
    if dropped:
        out.parsed = _without(parsed, dropped)
    return out
