"""Calendar dates in article text, the event date, and year inference."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .. import text
from .published import NEXT_SUMMARY_RE
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
# `ngày 21 đến ngày 28-8`, `hai ngày 16 và 17/5`: the range starts on its first day.
# The dash may be spaced on one side or none: `21- 22/4`, `19-21/10/2020`.
_RANGE_HEAD = r"(?:(\d{1,2})(?:\s+(?:và|đến|tới)\s+|\s*[-–]\s*)(?:ngày\s+)?)?"
_SHORT_RE = re.compile(
    rf"\b({_TIME_WORD})\s*(?:,\s*|\(\s*)?(?:(?:thứ\s+\w+|chủ nhật),?\s*)?"
    rf"(?:ngày\s+)?{_RANGE_HEAD}(\d{{1,2}})(?:([-/.])(\d{{1,2}})|\s+(tháng)\s+(\d{{1,2}}))"
    rf"(?:(?:\3|\s*[-/.]\s*|\s+năm\s+){_YEAR})?(?![\d]|[-/.]\d)",
    re.IGNORECASE,
)
# The same time words with their tone marks stripped, for pages whose diacritics
# arrive garbled (`Ngàỹ 4/12`): matched on the folded text, offsets unchanged.
_FOLDED_TIME_WORD = (
    r"(?:(?:sang|chieu|trua|toi|dem|hom)(?:\s+(?:nay|qua|mai))?|ngay(?:\s+mai)?)"
)
_FOLDED_SHORT_RE = re.compile(
    _SHORT_RE.pattern.replace(_TIME_WORD, _FOLDED_TIME_WORD)
    .replace("thứ", "thu")
    .replace("chủ nhật", "chu nhat")
    .replace("ngày", "ngay")
    .replace("và|đến|tới", "va|den|toi")
    .replace("tháng", "thang")
    .replace("năm", "nam"),
    re.IGNORECASE,
)
# What comes before a date that is not the article's event.
# `kể từ ngày 21/8`, `có hiệu lực từ ngày 1/9`: when a decision takes effect.
_NOT_EVENT_RE = re.compile(
    r"(?:sinh|sinh ra|ngày sinh|sn|số|kỳ|kể từ|hiệu lực(?: thi hành)?(?: từ)?)"
    r"\s*(?:ngày|năm)?\s*[:(]?\s*$"
)
# `Ngày 1/7/2025 là ngày quyết định có hiệu lực`: the day a decision takes effect.
_EFFECT_AFTER_RE = re.compile(r"\s*là\s+ngày\b[^.\n]{0,40}?\bhiệu lực\b", re.IGNORECASE)
# `(30/4/1975 - 30/4/2025)`: the span an anniversary counts, not the day it is kept.
_SPAN_RE = re.compile(
    r"\(\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\s*[-–]\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\s*\)"
)
# A year that is planned, not lived: `nhiệm vụ năm 2026`, `đến năm 2030`.
_FUTURE_YEAR_RE = re.compile(
    r"(?:(?:đến|tới|kế hoạch|nhiệm vụ|mục tiêu|tầm nhìn|định hướng|chuẩn bị cho)"
    r"(?:\s+\S+){0,2}|(?:^|\s)cho)\s+(?:năm\s+)?$",
    re.IGNORECASE,
)
# `Chiều qua`, `sáng nay` without a day number: a day counted back from publication.
_RELATIVE_RE = re.compile(
    r"\b(sáng|chiều|trưa|tối|đêm|hôm)\s+(nay|qua)\b(?![\s,(]*(?:ngày\s*)?\(?\d)",
    re.IGNORECASE,
)
# A line that is only a source and a date (`VOA 08/10/2020`) is a dateline, and
# so is a header's date with its clock (`Thứ Năm, 12/01/2023 17:43:00 +07:00`).
_CLOCK_RE = re.compile(
    r"\b\d{1,2}\s*[:h]\s*\d{2}(?:\s*:\s*\d{2})?\b|(?:gmt|utc)?\s*[+-]\s*\d{1,2}:?\d{2}\b"
    r"|\b(?:gmt|utc)\b",
    re.IGNORECASE,
)
_DATELINE_WORDS = 3
_TERM_RE = re.compile(rf"{_YEAR}\s*[-–]\s*(?:19|20)\d\d")
_BARE_YEAR_RE = re.compile(rf"(?<![\d/.-]){_YEAR}(?![\d/.-])")
_TERM_RANGE = re.compile(r"\s*[-–]\s*\d")
# A term's first year is the year of the news only where the text opens the term
# (a congress, an election); `Ban cán sự đảng … nhiệm kỳ 2016-2021` being
# disciplined may be years later.
_TERM_OPENS_RE = re.compile(
    r"\b(?:đại hội|bầu|bầu cử|ứng cử|trúng cử|đắc cử|tái cử|kỳ họp thứ nhất"
    r"|phiên họp thứ nhất|khóa mới|nhiệm kỳ mới|khai mạc|ra mắt)\b",
    re.IGNORECASE,
)
_SINCE_RE = re.compile(
    rf"\b(?:từ|kể từ|sau)\b[^.\n]{{0,40}}?\b(?:năm\s+)?{_YEAR}\b[^.\n]{{0,20}}?"
    r"\b(?:tới|đến|cho đến|cho tới)\s+nay\b",
    re.IGNORECASE,
)
# A year of birth: `sinh năm 1960`, `ngày sinh 1960`, but not `Giáng sinh năm 2021`.
_BIRTH_BEFORE_RE = re.compile(
    r"(?<!giáng )\bsinh(?:\s+năm|\s+ngày)?\s*$", re.IGNORECASE
)
_YEAR_WORD_RE = re.compile(rf"\bnăm\s+{_YEAR}\b(?!\s*[-–]\s*\d)", re.IGNORECASE)
# Words that may stand before an opening time word: `Từ ngày 10 …`, `Vào sáng 5/6`.
# `Mới đây, ngày 6/10, …`: an adverb of recency before the date opens it too.
_OPENER_RE = re.compile(
    r"(?:từ|vào|trong|cũng trong)\s+$|(?:mới đây|vừa qua|gần đây),\s*$",
    re.IGNORECASE,
)
# Sentence starts: paragraph start, after a full stop, or after a source prefix
# such as `TCCS -` or `(HNMO) -`.
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|\n\s*|\s[-–]\s+|\)\s*[-–]\s*)$")
# An event reported long before publication is a look back, not the news.
_RECENT = timedelta(days=90)
# A document issued this close to publication is what the article reports.
_SAME_NEWS = timedelta(days=7)
_EVENT_WINDOW = 60
_ASIDE_WORDS = 60


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
    back: int | None = None  # days before publication, for `hôm qua`, `sáng nay`
    stamp: bool = False  # a dateline, not a date in prose
    opens: bool = False  # the time word opens its sentence
    aside: bool = False  # in a headline-shaped line below the title: a sidebar


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

    folded = text.fold(norm)
    short = list(_SHORT_RE.finditer(norm))
    if len(folded) == len(norm):
        spans = {m.start() for m in short}
        short += [
            m for m in _FOLDED_SHORT_RE.finditer(folded) if m.start() not in spans
        ]
    for m in sorted(short, key=lambda m: m.start()):
        if not free(m.start(), m.end()):
            continue
        word = text.fold(m.group(1))
        day = int(m.group(2) or m.group(3))
        month = int(m.group(5) or m.group(7))
        year = int(m.group(8)) if m.group(8) else None
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            continue
        before = norm[max(0, m.start() - 24) : m.start()]
        # `Sáng 12/1, …` or `Từ ngày 10 đến …` opening a sentence announces the
        # event; `… tại Berlin hôm 23/7/2017` inside a sentence looks back.
        opens = bool(_SENTENCE_START.search(_OPENER_RE.sub("", before)))
        strong = not word.startswith("ngay") or opens
        if _NOT_EVENT_RE.search(norm[max(0, m.start() - 15) : m.start()]):
            strong = False
        start = m.start(2) if m.group(2) else m.start(3)
        # `Hà Nội, ngày 07 tháng 02 năm 2023` on its own line dates a document.
        stamp = bool(year) and not strong and _is_dateline(norm, m.start(), m.end())
        if year and NEXT_SUMMARY_RE.match(norm, m.end()):
            # `… Vấn đề hôm nay 07/05/2021 Tối 6/5, …`: a list item's stamp.
            strong, stamp = False, True
        aside = not strong and not stamp and _in_heading_line(norm, m.start(), m.end())
        hits.append(
            DateHit(
                start,
                m.end(),
                day,
                month,
                year,
                strong,
                stamp=stamp,
                opens=opens,
                aside=aside,
            )
        )
        taken.append((m.start(), m.end()))
    for regex, groups in ((_WORDS_RE, (1, 2, 3)), (_FULL_RE, (1, 3, 4))):
        for m in regex.finditer(norm):
            if not free(m.start(), m.end()):
                continue
            day, month, year = (int(m.group(g)) for g in groups)
            if _valid(year, month, day) is None:
                continue
            start = m.start() if regex is _FULL_RE else m.start(1)
            stamp = _is_dateline(norm, m.start(), m.end())
            aside = not stamp and _in_heading_line(norm, m.start(), m.end())
            hits.append(
                DateHit(
                    start, m.end(), day, month, year, False, stamp=stamp, aside=aside
                )
            )
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
    for m in _RELATIVE_RE.finditer(norm):
        before = norm[max(0, m.start() - 12) : m.start()]
        # Only a sentence that opens on the word dates its event: `Đảng ta hôm
        # nay` is rhetoric.
        if not free(m.start(), m.end()) or not _SENTENCE_START.search(before):
            continue
        back = 1 if text.fold(m.group(2)) == "qua" else 0
        hits.append(DateHit(m.start(), m.end(), 0, 0, None, True, back=back))
        taken.append((m.start(), m.end()))
    hits.sort(key=lambda h: h.start)
    return hits


def _in_heading_line(norm: str, start: int, end: int) -> bool:
    """Tell whether a date sits in a short unpunctuated line past the headline.

    Such lines are the headlines of other articles listed beside this one.
    """
    left = norm.rfind("\n", 0, start) + 1
    right = norm.find("\n", end)
    line = norm[left : len(norm) if right == -1 else right].strip()
    first = norm.split("\n", 1)[0].strip()
    return (
        left > 0
        and line != first
        and not line.endswith((".", "!", "?", "…", ";", ":", ","))
        and len(text.WORD_RE.findall(line)) <= _ASIDE_WORDS
    )


def _is_dateline(norm: str, start: int, end: int) -> bool:
    left = norm.rfind("\n", 0, start) + 1
    # `Số: 30/2018/QĐ-UBND | Hải Phòng, ngày 09 …`: a document's header table
    # puts the place and date in a cell of their own.
    left = max(left, norm.rfind("|", left, start) + 1)
    right = norm.find("\n", end)
    right = len(norm) if right == -1 else right
    if re.sub(r"[\W_]+", "", _CLOCK_RE.sub("", norm[end:right])):
        return False
    return len(text.WORD_RE.findall(norm[left:start])) <= _DATELINE_WORDS


# `Hải Phòng, ngày `: the place and `ngày` before a document's own date.
_PLACE_DATE_RE = re.compile(r"\w,\s*ngày\s+$")
_ANNIVERSARY_RE = re.compile(
    r"\(\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}\s*[-–]\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*\)"
)


# `kỷ niệm 117 năm ngày sinh … (1907-2024)`: the years counted, then their span.
_COUNTED_SPAN_RE = re.compile(
    rf"(?<![\d.,])(\d{{1,3}})\s+năm\b[^()\n]{{0,80}}?\(\s*{_YEAR}\s*[-–]\s*{_YEAR}\s*\)",
    re.IGNORECASE,
)


def _anniversary_years(norm: str) -> list[int]:
    """Return the last years of the anniversary spans in the text.

    Only a span from a day to the same day of a later year counts (`(30/4/1975 -
    30/4/2025)`), or a span of years just as long as the years counted before it
    (`117 năm ngày sinh … (1907-2024)`); a life or a term in full dates
    (`(19/5/1912 - 2/9/1995)`) is not an anniversary.
    """
    years = [
        int(m.group(5))
        for m in _ANNIVERSARY_RE.finditer(norm)
        if (int(m.group(1)), int(m.group(2))) == (int(m.group(3)), int(m.group(4)))
    ]
    years += [
        int(m.group(3))
        for m in _COUNTED_SPAN_RE.finditer(norm)
        if int(m.group(3)) - int(m.group(2)) == int(m.group(1))
    ]
    return years


def infer_year(
    norm: str, hits: Iterable[DateHit] = (), latest: int | None = None
) -> int | None:
    """Return the year a text without a publication date most likely speaks of.

    Years the text plans for (`nhiệm vụ năm 2026`) and years after `latest` do
    not count; without any stated year, the first year of a term (`nhiệm kỳ
    2025-2030`) or any year written alone decides.
    """
    latest = latest or date.today().year

    def lived(m: re.Match[str]) -> bool:
        year, before = int(m.group(1)), norm[: m.start()][-40:]
        if _BIRTH_BEFORE_RE.search(before):
            return False  # a birth year says nothing about when the news happened
        return year <= latest and not _FUTURE_YEAR_RE.search(before)

    # `kỷ niệm 60 năm … (1/5/1964 - 1/5/2024)`: a text kept for an anniversary
    # is written in the anniversary's year, whatever history it recalls.
    kept = [y for y in _anniversary_years(norm) if y <= latest]
    if kept:
        return max(kept)
    counts: Counter[int] = Counter(
        int(m.group(1)) for m in _YEAR_WORD_RE.finditer(norm) if lived(m)
    )
    # Of an anniversary's span (`30/4/1975 - 30/4/2025`) only its last year is
    # the one it is kept in.
    opened = [m.start() for m in _SPAN_RE.finditer(norm)]
    firsts = {min((h.start for h in hits if h.start >= s), default=-1) for s in opened}
    counts.update(
        h.year for h in hits if h.year and h.year <= latest and h.start not in firsts
    )
    if not counts:
        terms = [
            int(m.group(1))
            for m in _TERM_RE.finditer(norm)
            if lived(m)
            and _TERM_OPENS_RE.search(norm[max(0, m.start() - 80) : m.start()])
        ]
        # A congress looks back on the term it closes and opens the next (`khóa
        # XI, nhiệm kỳ 2018 – 2023` … `lần thứ XII, nhiệm kỳ 2023 - 2028`): the
        # latest term it opens is the year of the news.
        if terms:
            counts[max(terms)] = 1
    if not counts:
        counts.update(int(m.group(1)) for m in _BARE_YEAR_RE.finditer(norm) if lived(m))
    # `từ Đại hội 6 năm 1986 tới nay`: the text looks back over the years it
    # names, so they are history; only a full date after them tells the year.
    since = [int(m.group(1)) for m in _SINCE_RE.finditer(norm)]
    if since:
        counts = Counter(
            h.year for h in hits if h.year and max(since) < h.year <= latest
        )
    if not counts:
        return None
    # Of two years named as often, the later is more often the one planned for
    # (`chương trình … năm 2013 và … năm 2014`): the earlier is the year lived.
    return max(counts.items(), key=lambda item: (item[1], -item[0]))[0]


def resolve(
    day: int, month: int, reference: date, latest: date | None = None
) -> date | None:
    """Return the day-month nearest to reference, looking one year either side.

    With `latest` (the publication date), nothing after it is chosen.
    """
    best: date | None = None
    best_cost = timedelta.max
    for year in (reference.year, reference.year - 1, reference.year + 1):
        candidate = _valid(year, month, day)
        if candidate is None or (latest and candidate > latest):
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


# A text that opens on a document as its subject (`Chỉ thị số 11/CT-UBND do Ủy ban
# nhân dân tỉnh ký ngày 16/4/2020 …`) reports that document: its date is the news.
_DOCUMENT_OPENING_RE = re.compile(
    r"(?:chỉ thị|quyết định|nghị quyết|công văn|thông báo|kế hoạch|thông tư"
    r"|nghị định|hướng dẫn|văn bản)\b",
    re.IGNORECASE,
)
# … the first clause of that sentence giving when it was signed.
_SIGNED_BEFORE_RE = re.compile(
    r"[^.;:]{0,120}\b(?:ký|ban hành)\s+(?:vào\s+)?(?:ngày\s+)?$", re.IGNORECASE
)


def _opening_paragraph(norm: str) -> tuple[int, int]:
    """Return the span of the first paragraph after the headline, if any."""
    lines = list(re.finditer(r"[^\n]*\S[^\n]*", norm))
    if not lines:
        return (0, 0)
    first = lines[0] if norm.startswith("\n") else (lines[1:2] or [None])[0]
    return first.span() if first else (0, 0)


def build_dates(
    norm: str,
    raw: str,
    hits: list[DateHit],
    published: date | None,
    issued_spans: Iterable[tuple[int, int]],
    lead_span: tuple[int, int] = (0, 0),
) -> tuple[tuple[DateFound, ...], date | None]:
    """Settle years, pick the event date and label every date with its kind."""
    issued = list(issued_spans)
    today = date.today()
    latest = min(published, today) if published else today
    year = published.year if published else infer_year(norm, hits, latest.year)

    def is_issued(h: DateHit) -> bool:
        return any(s <= h.start < e for s, e in issued)

    named = {(h.month, h.year) for h in hits if h.period and h.year and h.day == 1}
    month_years = {
        month: y for month, y in named if sum(1 for m, _ in named if m == month) == 1
    }
    spans = [m.span() for m in _SPAN_RE.finditer(norm)]

    def settle(h: DateHit) -> date | None:
        if h.back is not None:
            return published - timedelta(days=h.back) if published else None
        if h.year:
            value = _valid(h.year, h.month, h.day)
        elif published:
            value = resolve(h.day, h.month, published, latest)
        elif h.month in month_years:
            # `Tiếp dân định kỳ tháng 02/2019` … `vào ngày 18/02`: the month the
            # text names with its year is the one the day falls in.
            value = _valid(month_years[h.month], h.month, h.day)
        elif year:
            value = _valid(year, h.month, h.day)
            if value and value > latest:
                value = _valid(year - 1, h.month, h.day)
        else:
            value = None
        return value if value and value <= latest else None

    def candidates() -> Iterable[DateHit]:
        # A time word that opens a sentence first; then any dated time word;
        # then the first full date in the text.
        usable = [
            h
            for h in hits
            if not h.period
            and not _NOT_EVENT_RE.search(norm[max(0, h.start - 15) : h.start])
            and not _EFFECT_AFTER_RE.match(norm, h.end)
            and not any(s <= h.start < e for s, e in spans)
        ]
        open_start, open_end = _opening_paragraph(norm)
        if _DOCUMENT_OPENING_RE.match(norm, open_start):
            yield from (
                h
                for h in usable
                if open_start <= h.start < open_end
                and _SIGNED_BEFORE_RE.fullmatch(norm, open_start, h.start)
            )
        lead_start, lead_end = lead_span
        yield from (
            h
            for h in usable
            if h.strong and lead_start <= h.start < lead_end and not is_issued(h)
        )
        yield from (h for h in usable if h.strong and h.opens and not is_issued(h))
        yield from (h for h in usable if h.strong and not h.opens and not is_issued(h))
        # A document's own place-date line before every other date it gives
        # (`Hải Phòng, ngày 09 tháng 10 năm 2018` over the laws it cites).
        # A legal-document mirror may print a note or two above it (`áp dụng từ
        # ngày 25/08/2015`, `Ngày ban hành: …`): the first place-date line counts.
        yield from [
            h
            for h in usable
            if h.stamp
            and not is_issued(h)
            and _PLACE_DATE_RE.search(norm, max(0, h.start - 12), h.start)
        ][:1]
        yield from (
            h
            for h in usable
            if not h.strong and not h.stamp and not h.aside and not is_issued(h)
        )
        yield from (h for h in usable if h.stamp and not is_issued(h))
        yield from (h for h in usable if h.aside and not is_issued(h))
        yield from (h for h in usable if is_issued(h))  # the decision is the news

    event_hit: DateHit | None = None
    event: date | None = None
    old: tuple[DateHit, date] | None = None
    for h in candidates():
        if (value := settle(h)) is None:
            continue
        # A document's date is the news when it was issued days before publication,
        # or, without a publication date, when the text dates nothing else.
        if is_issued(h) and published and published - value > _SAME_NEWS:
            continue
        if published and value < published - _RECENT:
            old = old or (h, value)
            continue
        event_hit, event = h, value
        break
    if event is None and old is not None:
        event_hit, event = old
    reference = published or event
    found: list[DateFound] = []
    seen: set[tuple[date, str]] = set()
    for h in hits:
        if h.back is not None:
            if published is None:
                continue
            value = published - timedelta(days=h.back)
        elif h.year:
            value = _valid(h.year, h.month, h.day)
        elif reference:
            value = resolve(h.day, h.month, reference, published)
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
