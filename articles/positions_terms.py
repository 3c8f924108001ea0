"""Party terms in text: `khóa XII`, `nhiệm kỳ 2020–2025`, plenums and congresses.

Pure Python. `find_terms` reads the references to a term of the Party's Central
Committee an article makes; `article_term` picks the article's term from them,
or from its date when the text names none. Only central bodies count: `Quốc hội
khóa XV`, `Ban Chấp hành Đảng bộ tỉnh khóa XIV` and `Đại hội Đảng bộ tỉnh lần
thứ XX` number other bodies' terms.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from . import abbreviations, text

#: The opening day of each National Party Congress: term N runs from congress N
#: to congress N+1.
CONGRESSES: dict[int, date] = {
    6: date(1986, 12, 15),
    7: date(1991, 6, 24),
    8: date(1996, 6, 28),
    9: date(2001, 4, 19),
    10: date(2006, 4, 18),
    11: date(2011, 1, 12),
    12: date(2016, 1, 21),
    13: date(2021, 1, 25),
    14: date(2026, 1, 19),
}
LATEST = max(CONGRESSES)


class RefKind:
    TERM = "term"  # `Ban Chấp hành Trung ương khóa XIII`
    PERIOD = "period"  # `nhiệm kỳ 2020–2025`
    PLENUM = "plenum"  # `Hội nghị Trung ương 7 khóa XII`
    CONGRESS = "congress"  # `Đại hội XIV`


@dataclass(frozen=True, slots=True)
class TermRef:
    """One reference to a Party term written in a text."""

    term: int
    kind: str
    surface: str
    start: int
    plenum: int | None = None


def roman(n: int) -> str:
    """Return a term number as written: 13 → `XIII`."""
    return abbreviations.roman(n).upper()


_FROM_ROMAN = {roman(n): n for n in range(1, 40)}
_ORDINALS = {
    "nhất": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7,
    "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12,
    "mười ba": 13, "mười bốn": 14, "mười lăm": 15, "mười sáu": 16,
    "mười bảy": 17, "mười tám": 18, "mười chín": 19,
}  # fmt: skip


def term_on(day: date | None) -> int | None:
    """Return the term running on day (None before the first one known)."""
    if day is None:
        return None
    found = None
    for number, start in sorted(CONGRESSES.items()):
        if day >= start:
            found = number
    return found


def term_span(number: int) -> tuple[date | None, date | None]:
    """Return the first day of a term and the first day of the next (None: open)."""
    return CONGRESSES.get(number), CONGRESSES.get(number + 1)


def _number(value: str) -> int | None:
    value = value.strip()
    if value.isdigit():
        return int(value)
    return _FROM_ROMAN.get(value.upper()) or _ORDINALS.get(value.lower())


_NUM = r"[IVXL]+|\d{1,2}"
_ORD = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_CENTRAL = (
    r"Ban Chấp hành Trung ương(?: Đảng)?(?: Cộng sản Việt Nam)?|Trung ương Đảng"
    r"|Trung ương|Bộ Chính trị|Ban Bí thư|Ủy ban Kiểm tra Trung ương|Tổng Bí thư"
)
_TERM_RE = re.compile(
    rf"(?<!\w)(?:{_CENTRAL}),?\s+(?:Đảng\s+)?khóa\s+({_NUM})(?!\w)", re.IGNORECASE
)
_PLENUM_RE = re.compile(
    r"(?<!\w)Hội nghị\s+(?:lần\s+thứ\s+(?P<n1>\d{1,2}|" + _ORD + r")\s+)?"
    r"(?:Ban Chấp hành\s+)?Trung ương(?:\s+Đảng)?"
    r"(?:\s+(?:lần\s+thứ\s+)?(?P<n2>\d{1,2}|" + _ORD + r")(?!\w))?"
    rf"(?:,?\s+khóa\s+(?P<term>{_NUM})(?!\w))?",
    re.IGNORECASE,
)
_CONGRESS_RE = re.compile(
    r"(?<!\w)Đại hội(?:\s+Đảng)?(?:\s+(?:đại biểu\s+)?toàn quốc)?(?:\s+lần\s+thứ)?"
    rf"\s+({_NUM})(?!\w)(?!\s+(?:Hội|Mặt trận|Đoàn|Công đoàn|Liên|Đảng bộ))",
)
_PERIOD_RE = re.compile(r"(?<!\w)nhiệm kỳ\s+(\d{4})\s*[-–—]\s*(\d{4})(?!\w)", re.I)


def _valid(number: int | None) -> bool:
    return number is not None and min(CONGRESSES) <= number <= LATEST + 1


def _period_term(first: int, last: int) -> int | None:
    """Return the term a five-year period names: 2020–2025 and 2021–2026 are XIII."""
    if last - first != 5:
        return None
    for number, start in CONGRESSES.items():
        if start.year in (first, first + 1):
            return number
    return None


def find_terms(value: str) -> list[TermRef]:
    """Return the references to Party terms in a text, in reading order."""
    norm = " ".join(text.normalize(value).split())
    norm = re.sub(r"(?<!\w)(?:T\.Ư|TƯ|TW)(?!\w)", "Trung ương", norm)
    refs: list[TermRef] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match, number: int | None, kind: str, plenum=None) -> None:
        if not _valid(number):
            return
        if any(a <= m.start() < b for a, b in taken):
            return
        taken.append((m.start(), m.end()))
        refs.append(TermRef(number, kind, m.group(0), m.start(), plenum))

    for m in _PLENUM_RE.finditer(norm):
        plenum = _number(m.group("n1") or m.group("n2") or "")
        term = _number(m.group("term") or "")
        if plenum is None or not 1 <= plenum <= 25:
            continue
        if term is not None:
            add(m, term, RefKind.PLENUM, plenum)
    for m in _TERM_RE.finditer(norm):
        add(m, _number(m.group(1)), RefKind.TERM)
    for m in _CONGRESS_RE.finditer(norm):
        add(m, _number(m.group(1)), RefKind.CONGRESS)
    for m in _PERIOD_RE.finditer(norm):
        add(m, _period_term(int(m.group(1)), int(m.group(2))), RefKind.PERIOD)
    return sorted(refs, key=lambda r: r.start)


def article_term(refs: list[TermRef], day: date | None) -> tuple[int | None, bool]:
    """Return an article's term and whether its text (not its date) gave it.

    The term of its date when the text names that one; otherwise the term the
    text names most (ties: nearest to the date's term); else the date's term.
    """
    by_date = term_on(day)
    counts = Counter(r.term for r in refs)
    if not counts:
        return by_date, False
    if by_date in counts:
        return by_date, True
    best = max(
        counts,
        key=lambda n: (counts[n], -abs(n - (by_date or n)), n),
    )
    return best, True


def term_label(number: int) -> str:
    """Return a term as readers name it: `Khóa XIII (2021–2026)`."""
    start, end = term_span(number)
    years = ""
    if start:
        years = f" ({start.year}–{end.year})" if end else f" ({start.year}–)"
    return f"Khóa {roman(number)}{years}"
