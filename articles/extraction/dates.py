"""Calendar dates in article text, the event date, and year inference."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .results import DateFound

_YEAR = r"((?:19|20)\d\d)"
_FULL_RE = re.compile(rf"(?<![\d/.-])(\d{{1,2}})([-/.])(\d{{1,2}})\2{_YEAR}(?![\d/-])")
_WORDS_RE = re.compile(
    rf"\bngày\s+(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+{_YEAR}\b", re.IGNORECASE
)
_MONTH_RE = re.compile(
    rf"\btháng\s+(\d{{1,2}})\s*(?:[-/]|\s+năm\s+){_YEAR}(?![\d-])", re.IGNORECASE
)
# A day-month without a year is only a date after a time word: `5/18 đề án` is not.
_TIME_WORD = (
    r"(?:(?:sáng|chiều|trưa|tối|đêm|hôm)(?:\s+(?:nay|qua|mai))?|ngày(?:\s+mai)?)"
)
_SHORT_RE = re.compile(
    rf"\b({_TIME_WORD})\s*(?:,\s*|\(\s*)?(?:(?:thứ\s+\w+|chủ nhật),?\s*)?"
    rf"(?:ngày\s+)?(\d{{1,2}})([-/.])(\d{{1,2}})(?:\3{_YEAR})?(?![\d]|[-/.]\d)",
    re.IGNORECASE,
)
_TERM_RANGE = re.compile(r"\s*[-–]\s*\d")
_YEAR_WORD_RE = re.compile(rf"\bnăm\s+{_YEAR}\b(?!\s*[-–]\s*\d)", re.IGNORECASE)
# Sentence starts: paragraph start, after a full stop, or after a source prefix
# such as `TCCS -` or `(HNMO) -`.
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|\n\s*|\s[-–]\s+)$")
_EVENT_WINDOW = 60


@dataclass(frozen=True)
class DateHit:
    """A date as found, before the year of a yearless one is settled."""

    start: int
    end: int
    day: int
    month: int
    year: int | None
    strong: bool  # a time word that announces the article's event
    period: bool = False


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(norm: str) -> list[DateHit]:
    """Return every date expression in normalized text, in reading order."""
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    for m in _SHORT_RE.finditer(norm):
        word = m.group(1).lower()
        day, month = int(m.group(2)), int(m.group(4))
        year = int(m.group(5)) if m.group(5) else None
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            continue
        before = norm[max(0, m.start() - 12) : m.start()]
        strong = not word.startswith("ngày") or bool(_SENTENCE_START.search(before))
        hits.append(DateHit(m.start(2), m.end(), day, month, year, strong))
        taken.append((m.start(2), m.end()))
    for regex, groups in ((_WORDS_RE, (1, 2, 3)), (_FULL_RE, (1, 3, 4))):
        for m in regex.finditer(norm):
            if not free(m.start(), m.end()):
                continue
            day, month, year = (int(m.group(g)) for g in groups)
            if _valid(year, month, day) is None:
                continue
            start = m.start() if regex is _FULL_RE else m.start(1)
            hits.append(DateHit(start, m.end(), day, month, year, False))
            taken.append((m.start(), m.end()))
    for m in _MONTH_RE.finditer(norm):
        if not free(m.start(), m.end()) or not 1 <= int(m.group(1)) <= 12:
            continue
        hits.append(
            DateHit(
                m.start(), m.end(), 1, int(m.group(1)), int(m.group(2)), False, True
            )
        )
        taken.append((m.start(), m.end()))
    hits.sort(key=lambda h: h.start)
    return hits


def infer_year(norm: str, hits: Iterable[DateHit] = ()) -> int | None:
    """Return the year a text without a publication date most likely speaks of."""
    counts: Counter[int] = Counter(int(y) for y in _YEAR_WORD_RE.findall(norm))
    counts.update(h.year for h in hits if h.year and not h.period)
    if not counts:
        return None
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


def resolve(day: int, month: int, reference: date) -> date | None:
    """Return the day-month nearest to reference, looking one year either side."""
    best: date | None = None
    best_cost = timedelta.max
    for year in (reference.year, reference.year - 1, reference.year + 1):
        candidate = _valid(year, month, day)
        if candidate is None:
            continue
        # A news report looks back far more often than forward: weigh future days
        # double so `28-12` in a 2 January article lands in the previous year.
        distance = candidate - reference
        cost = distance * 2 if distance > timedelta(0) else -distance
        if cost < best_cost:
            best, best_cost = candidate, cost
    return best


def _context(norm: str, start: int, end: int) -> str:
    left = norm.rfind("\n", 0, start) + 1
    right = norm.find("\n", end)
    right = len(norm) if right == -1 else right
    left = max(left, start - _EVENT_WINDOW)
    right = min(right, end + _EVENT_WINDOW)
    snippet = norm[left:right]
    if left > 0 and norm[left - 1] not in " \n":
        snippet = snippet.split(" ", 1)[-1]
    if right < len(norm) and norm[right] not in " \n":
        snippet = snippet.rsplit(" ", 1)[0]
    return " ".join(snippet.split())


def build_dates(
    norm: str,
    raw: str,
    hits: list[DateHit],
    published: date | None,
    issued_spans: Iterable[tuple[int, int]],
) -> tuple[tuple[DateFound, ...], date | None]:
    """Settle years, pick the event date and label every date with its kind."""
    issued = list(issued_spans)
    year = published.year if published else infer_year(norm, hits)

    def is_issued(h: DateHit) -> bool:
        return any(s <= h.start < e for s, e in issued)

    event_hit = next((h for h in hits if h.strong and not is_issued(h)), None)
    event: date | None = None
    if event_hit is not None:
        if event_hit.year:
            event = _valid(event_hit.year, event_hit.month, event_hit.day)
        elif published:
            event = resolve(event_hit.day, event_hit.month, published)
        elif year:
            event = _valid(year, event_hit.month, event_hit.day)
    reference = published or event
    found: list[DateFound] = []
    seen: set[tuple[date, str]] = set()
    for h in hits:
        if h.year:
            value = _valid(h.year, h.month, h.day)
        elif reference:
            value = resolve(h.day, h.month, reference)
        else:
            value = _valid(year, h.month, h.day) if year else None
        if value is None:
            continue
        if h is event_hit:
            kind = "event"
        elif is_issued(h):
            kind = "issued"
        elif h.period:
            kind = "period"
        else:
            kind = "mention"
        if (value, kind) in seen:
            continue
        seen.add((value, kind))
        surface = (
            raw[h.start : h.end] if len(raw) == len(norm) else norm[h.start : h.end]
        )
        found.append(DateFound(value, kind, surface, _context(norm, h.start, h.end)))
    return tuple(found), event
