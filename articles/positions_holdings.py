"""Dated holdings of one post from its evidence: pure, and the same for every run.

The evidence of a post is every article that names an official in it (held on
the article's date, or given as held before: `nguyên`, `từng`) and every event
the articles state (`bổ nhiệm`, `miễn nhiệm` …). A holding runs from its start
(the appointment, else the first article) to its end, the first of:

- an event that ends it (`miễn nhiệm`, `cho thôi`, `nghỉ hưu`, `từ trần`, a
  `cách chức` or `khai trừ`) or an article calling the holder former;
- for a post held by one official at a time, the start of the next holder;
- for a membership of the Politburo, the Secretariat or the Central Committee,
  the end of the term the last article falls in.

With none of them the holding is open: the archive's last article had the
official in the post.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .positions_events import ENDS, STARTS, DisciplineForm, EventKind
from .positions_terms import term_on, term_span


class HoldingState:
    CURRENT = "current"  # đương nhiệm (as far as the archive knows)
    FORMER = "former"  # nguyên: an event or the text says it ended
    SUCCEEDED = "succeeded"  # a later holder took the post
    TERM_ENDED = "term_ended"  # a membership whose term is over


@dataclass(frozen=True, slots=True)
class Evidence:
    """One article naming an official in the post on its date."""

    person: int
    day: date | None
    article: int
    former: bool = False


@dataclass(frozen=True, slots=True)
class EventEvidence:
    """One event about an official and the post."""

    person: int
    kind: str
    day: date | None
    article: int
    form: str = ""


@dataclass(slots=True)
class HoldingSpec:
    """One official's holding of the post, as the evidence dates it."""

    person: int
    first_seen: date | None = None
    last_seen: date | None = None
    first_article: int | None = None
    last_article: int | None = None
    started_on: date | None = None
    ended_on: date | None = None
    former_seen: date | None = None
    start: date | None = None
    end: date | None = None
    state: str = HoldingState.CURRENT
    successor: int | None = None
    article_count: int = 0


def _ends(event: EventEvidence) -> bool:
    if event.kind in ENDS:
        return True
    return event.kind == EventKind.DISCIPLINED and event.form in {
        DisciplineForm.REMOVAL,
        DisciplineForm.EXPULSION,
    }


def holdings(
    evidence: Iterable[Evidence],
    events: Iterable[EventEvidence] = (),
    *,
    single: bool = False,
    term_bound: bool = False,
    today: date | None = None,
) -> list[HoldingSpec]:
    """Return the holdings of one post, oldest start first."""
    today = today or date.today()
    by_person: dict[int, list[Evidence]] = defaultdict(list)
    for item in evidence:
        by_person[item.person].append(item)
    events_by: dict[int, list[EventEvidence]] = defaultdict(list)
    for event in events:
        events_by[event.person].append(event)
        by_person.setdefault(event.person, [])
    specs = [
        _holding(person, by_person[person], events_by[person]) for person in by_person
    ]
    specs = [s for s in specs if s.article_count]
    if single:
        _succession(specs)
    for spec in specs:
        _close(spec, term_bound, today)
    specs.sort(key=lambda s: (s.start is None, s.start or date.max, s.person))
    return specs


def _holding(
    person: int, items: list[Evidence], events: list[EventEvidence]
) -> HoldingSpec:
    spec = HoldingSpec(person)
    articles = {i.article for i in items} | {e.article for e in events}
    spec.article_count = len(articles)
    held = [(i.day, i.article) for i in items if not i.former and i.day]
    # An appointment is evidence of the post from its day.
    starts = sorted((e.day, e.article) for e in events if e.kind in STARTS and e.day)
    held += starts
    if held:
        spec.first_seen, spec.first_article = min(held)
        spec.last_seen, spec.last_article = max(held)
    if starts:
        before = [d for d, _ in starts if spec.first_seen and d <= spec.first_seen]
        spec.started_on = max(before) if before else None
    after = spec.last_seen or date.min
    ends = sorted(e.day for e in events if _ends(e) and e.day and e.day >= after)
    spec.ended_on = ends[0] if ends else None
    formers = sorted(i.day for i in items if i.former and i.day and i.day > after)
    if not held:
        formers = sorted(i.day for i in items if i.former and i.day)
    spec.former_seen = formers[0] if formers else None
    spec.start = spec.started_on or spec.first_seen
    return spec


def _succession(specs: list[HoldingSpec]) -> None:
    """Let each holder of a one-holder post end where the next one starts."""
    dated = sorted((s for s in specs if s.start), key=lambda s: (s.start, s.person))
    for spec in dated:
        last = spec.last_seen or spec.start
        later = [o for o in dated if o is not spec and o.start > last]
        if later:
            nxt = min(later, key=lambda o: (o.start, o.person))
            spec.successor = nxt.person
            spec.end = nxt.start


def _close(spec: HoldingSpec, term_bound: bool, today: date) -> None:
    ends = [d for d in (spec.ended_on, spec.former_seen, spec.end) if d]
    if term_bound and spec.last_seen:
        term = term_on(spec.last_seen)
        term_end = term_span(term)[1] if term else None
        if term_end:
            ends.append(term_end)
            if term_end <= today and not (spec.ended_on or spec.former_seen):
                spec.state = HoldingState.TERM_ENDED
    spec.end = min(ends) if ends else None
    if spec.ended_on or spec.former_seen:
        spec.state = HoldingState.FORMER
    elif spec.successor is not None:
        spec.state = HoldingState.SUCCEEDED
