"""The publication timestamp of a page, wherever its header, lead or footer has it.

Pages print when they were published in many shapes and places: a line of its
own above or below the headline, fused with the headline or the section label,
after the lead, in the footer, or only as a scraped ` date 2021-11` token at the
very start of the dump. A stamp with a clock time or a publication label wins
over a bare date; a bare date counts only where it ends a short line (a date in
a sentence is an event). Nothing later than today is a publication date.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .. import text

# ` date 2024-08` / ` date 2025-09-09` at the very start of a scraped dump.
SCRAPED_RE = re.compile(r"^\s*date\s+(\d{4})-(\d{2})(?:-(\d{2}))?(?=\s|$)")

_MONTH_WORDS = {
    "một": 1, "giêng": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12,
}  # fmt: skip
_MONTH_WORD = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
# `16:6`: some sites print the minutes without their leading zero.
_CLOCK = r"(\d{1,2})\s*[:h]\s*(\d{2}|\d(?![\d/.-]))(?:\s*:\s*\d{2})?\s*(am|pm|sa|ch)?"
# A two-digit year only where it ends the line, or the brackets closing it
# (`… nông thôn mới (VTV1 - 19h - 10/01/17)`).
_DMY = r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2}(?=\s*\)?\s*$))"
_WORDY = (
    rf"(?<!\d)(\d{{1,2}})\s+tháng\s+(\d{{1,2}}|{_MONTH_WORD})\s*(?:năm|,)?\s*(\d{{4}})"
)
# `2023-03-31 11:00:33` printed as a page's footer or header stamp.
_ISO = r"(?<![\d/.-])(\d{4})-(\d{2})-(\d{2})(?=[\sT]|$)"
_DATE_RE = re.compile(rf"{_DMY}|{_WORDY}|{_ISO}")
# What may sit between a date and its clock time.
_GAP_RE = re.compile(r"[\s,|\-–—(\[]*(?:lúc|-)?[\s,|\-–—(\[]*")
# `09:09 GMT - thứ sáu, 11 tháng 1, 2013`: a zone and a weekday between the two.
_ZONE = r"\(?\s*(gmt|utc)\s*(?:([+-])\s*(\d{1,2}))?\s*\)?"
_CLOCK_BEFORE_RE = re.compile(
    rf"{_CLOCK}\s*(?:{_ZONE})?[\s,|\-–—']*(?:(?:thứ \w+|chủ nhật)[\s,]*)?"
    r"(?:ngày\s*)?$"
)
_VN_OFFSET = 7
_CLOCK_AFTER_RE = re.compile(_CLOCK)
_LABEL_RE = re.compile(
    r"(?:phát hành|ngày đăng|đăng (?:lúc|ngày)|gửi lúc|xuất bản|cập nhật|đăng tải"
    r"|posted|published)\s*:?\s*(?:lúc|ngày)?\s*(?:thứ \w+|chủ nhật)?[\s,:]*$"
)
_EVENT_WORD_RE = re.compile(
    r"(?:sáng|chiều|trưa|tối|đêm|hôm|từ|đến|ngày|tới|và|hạn|năm|trước|sau)\s*$"
)
# A clock-and-date stamp (either order) or a view counter inside a headline line.
FUSED_STAMP_RE = re.compile(
    r"(?:^|\s)(?:\d{1,2}:\d{2}(?::\d{2})?\s+\d{1,2}/\d{1,2}/\d{4}"
    r"|\d{1,2}/\d{1,2}/\d{4}\s*,?\s*\d{1,2}:\d{2}(?::\d{2})?)(?:\s|$)"
    r"|^(?:lượt xem|\d+\s+lượt xem|thứ\s+\w+,|chủ nhật,)",
    re.IGNORECASE,
)
# `Số 7 (32) - Tháng 9/2015`: a journal's issue line dates the page to its month.
_ISSUE_RE = re.compile(
    r"số\s+\d{1,4}\s*(?:\(\d{1,4}\))?\s*[-–,]\s*tháng\s+(\d{1,2})\s*[/.-]\s*(\d{4})"
)
# What may open a line before the date that stamps it: the author's name (`Huy
# Đức 1-2-2021 …`), or the name after `bởi` in a list page's `… bởi Linh 15 Tháng
# 9, 2025 …`.
_CAP_WORD = r"[A-ZĐÀ-Ỹ][^\W\d_]*"
_AUTHOR_BEFORE_RE = re.compile(
    rf"(?:^|.*\sbởi\s+)(?:{_CAP_WORD}\s+){{1,4}}$|^bởi\s+(?:{_CAP_WORD}\s+){{1,4}}$"
)
# A summary opening right after a date with a time word in capitals and its day
# (`07/05/2021 Tối 6/5, …`): the date before it stamps a list item.
NEXT_SUMMARY_RE = re.compile(
    r" (?:Sáng|Chiều|Trưa|Tối|Đêm|Ngày|Hôm)(?: (?:nay|qua|ngày))? \d{1,2}[/.-]\d"
)
# A view counter or reading time right after a bare date (`📅 14/2/2026👁️ 5 lượt
# xem⏱️ 12 phút đọc`): the date is the stamp of the line it heads.
_COUNTER_AFTER_RE = re.compile(
    r"[^\w]*\d[\d.,]*\s*(?:lượt xem|lượt đọc|views?|bình luận|phút đọc)\b"
)
# A news agency's dateline opening the lead: `Hà Nội (TTXVN 11/3/2022) Toàn bộ …`,
# the source in capitals and the date inside the brackets after the place.
_DATELINE_BEFORE_RE = re.compile(
    rf"(?:{_CAP_WORD}\s+){{0,4}}\(\s*[A-ZĐ][A-ZĐ0-9.+]{{1,15}}\s+$"
)
_HEADER_PARAS = 15
_FOOTER_PARAS = 10
_SHORT_LINE = 20  # words: longer lines are prose, where a bare date is an event


@dataclass(frozen=True)
class Stamp:
    """One publication timestamp: when, how precise, and how sure we are of it."""

    when: datetime
    precision: str  # "minute", "day" or "month"
    rank: int = 0  # higher is surer: label > clock time > bare date


def scraped_token(raw: str) -> tuple[Stamp | None, str]:
    """Split a leading ` date 2024-08` token off raw text: (stamp, the rest)."""
    m = SCRAPED_RE.match(raw)
    if not m:
        return None, raw
    year, month = int(m.group(1)), int(m.group(2))
    rest = raw[m.end() :].lstrip(" \t")
    try:
        if m.group(3):
            return Stamp(datetime(year, month, int(m.group(3))), "day", -1), rest
        last = calendar.monthrange(year, month)[1]
        # The month is all the page says; bound it by the month's last day so
        # events later in that month still fall before publication.
        return Stamp(datetime(year, month, last), "month", -2), rest
    except ValueError:
        return None, rest


def _year(value: str) -> int:
    year = int(value)
    if len(value) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _hour(hour: int, half: str | None) -> int:
    if half in {"pm", "ch"} and hour < 12:
        return hour + 12
    if half in {"am", "sa"} and hour == 12:
        return 0
    return hour


def _issue_stamp(line: str, today: date) -> Stamp | None:
    m = _ISSUE_RE.fullmatch(line)
    if not m:
        return None
    month, year = int(m.group(1)), int(m.group(2))
    if not (1 <= month <= 12 and 1945 <= year <= today.year):
        return None
    when = datetime(year, month, calendar.monthrange(year, month)[1])
    return Stamp(when, "month", 0) if when.date() <= today else None


def _stamps_a_long_line(cased: str, start: int, end: int) -> bool:
    """Tell whether a bare date inside a long or running line still stamps it.

    The author's name right before it opens the line (`Huy Đức 1-2-2021 Được …`,
    `… bởi Linh 15 Tháng 9, 2025 …`); it closes a headline in brackets
    (`… Ninh Bình(05/10/2025)`); or a list item's section and date are fused
    with the summary after them (`… cao tốcĐô thị - 22/11/2023Bộ Giao thông …`,
    `… COVID-19 Vấn đề hôm nay 07/05/2021 Tối 6/5, …`).
    """
    before, after = cased[:start], cased[end:]
    if _AUTHOR_BEFORE_RE.fullmatch(before) and after[:1] == " ":
        return True
    if NEXT_SUMMARY_RE.match(after):
        return True
    if after == ")" and re.search(r"\((?:[^()]{0,30}\s[-–,]\s)?$", before):
        # `… Ninh Bình(05/10/2025)`, `… (VTV1 - 19h - 10/01/17)`.
        return True
    if _COUNTER_AFTER_RE.match(after):
        return True
    if after.lstrip().startswith(")") and _DATELINE_BEFORE_RE.fullmatch(before):
        return True
    return bool(re.search(r"\w\s[-–]\s$", before)) and after[:1].isalpha()


def line_stamps(line: str, today: date) -> list[Stamp]:
    """Return every timestamp-shaped date in one line, best first."""
    s = text.key(line)
    cased = " ".join(text.normalize(line).split())
    if len(cased) != len(s):
        cased = s
    if issue := _issue_stamp(s, today):
        return [issue]
    found: list[Stamp] = []
    for m in _DATE_RE.finditer(s):
        if m.group(1):
            day, month, year = int(m.group(1)), int(m.group(3)), _year(m.group(4))
        elif m.group(8):
            year, month, day = int(m.group(8)), int(m.group(9)), int(m.group(10))
        else:
            day, word, year = int(m.group(5)), m.group(6), int(m.group(7))
            month = int(word) if word.isdigit() else _MONTH_WORDS[word]
        if not 1945 <= year <= today.year:
            continue
        before, after = s[: m.start()], s[m.end() :]
        clock = _CLOCK_BEFORE_RE.search(before) if not m.group(8) else None
        if clock is None:
            gap = _GAP_RE.match(after)
            clock = _CLOCK_AFTER_RE.match(after, gap.end() if gap else 0)
            if clock and clock.start() > 8:
                clock = None
        labelled = bool(_LABEL_RE.search(before))
        hour = minute = 0
        if clock:
            hour, minute = (
                _hour(int(clock.group(1)), clock.group(3)),
                int(clock.group(2)),
            )
        try:
            when = datetime(year, month, day, hour, minute)
        except ValueError:
            continue
        if clock and clock.re is _CLOCK_BEFORE_RE and clock.group(4):
            # A clock given in GMT/UTC: the archive keeps Vietnamese local time.
            offset = int(clock.group(6) or 0) * (-1 if clock.group(5) == "-" else 1)
            when += timedelta(hours=_VN_OFFSET - offset)
        if when.date() > today:
            continue
        if clock or labelled:
            rank = 2 * labelled + bool(clock) + 1
        else:
            # A bare date is a stamp only where it ends a short line and is not
            # the object of an event word (`Sáng 12-1-2020`, `đến 5/3/2021`).
            tail = re.sub(r"[\W_]+", "", after)
            if (
                tail or text.WORD_RE.findall(s).__len__() > _SHORT_LINE
            ) and not _stamps_a_long_line(cased, m.start(), m.end()):
                continue
            if _EVENT_WORD_RE.search(before):
                continue
            rank = 0
        found.append(Stamp(when, "minute" if clock else "day", rank))
    if not found:
        foreign = _foreign_stamp(line.strip().lower(), today)
        if foreign:
            found.append(foreign)
    found.sort(key=lambda st: -st.rank)
    return found


_EN_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_FR_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
# `Tuesday, December 28, 2010`, `dimanche 6 janvier 2019`: a header line of its own
# on pages mirrored from English or French sites.
_EN_STAMP_RE = re.compile(
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
    rf"({'|'.join(_EN_MONTHS)})\s+(\d{{1,2}}),?\s+(\d{{4}})"
)
_FR_STAMP_RE = re.compile(
    r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
    rf"(\d{{1,2}})(?:er)?\s+({'|'.join(_FR_MONTHS)})\s+(\d{{4}})"
)


def _foreign_stamp(line: str, today: date) -> Stamp | None:
    """Return the date of a line that is only an English or French date, or None."""
    line = unicodedata.normalize("NFC", line)
    if m := _EN_STAMP_RE.fullmatch(line):
        month, day, year = _EN_MONTHS.index(m.group(1)) + 1, m.group(2), m.group(3)
    elif m := _FR_STAMP_RE.fullmatch(line):
        day, month, year = m.group(1), _FR_MONTHS.index(m.group(2)) + 1, m.group(3)
    else:
        return None
    try:
        when = datetime(int(year), month, int(day))
    except ValueError:
        return None
    if not when.year >= 1945 or when.date() > today:
        return None
    return Stamp(when, "day", 0)


def find_published(
    paragraphs: list[str], scraped: Stamp | None = None, today: date | None = None
) -> Stamp | None:
    """Return the page's publication stamp from its header, lead or footer lines."""
    today = today or date.today()
    zones = (paragraphs[:_HEADER_PARAS], paragraphs[_HEADER_PARAS:][-_FOOTER_PARAS:])
    for zone in zones:
        best: Stamp | None = None
        for line in zone:
            for stamp in line_stamps(line, today):
                if scraped and not _agrees(stamp, scraped):
                    continue
                if best is None or stamp.rank > best.rank:
                    best = stamp
        if best is not None:
            return best
    return scraped


def _agrees(stamp: Stamp, scraped: Stamp) -> bool:
    size = 10 if scraped.precision == "day" else 7
    return stamp.when.isoformat()[:size] == scraped.when.isoformat()[:size]
