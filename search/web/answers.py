"""Who held a post then: the answer a query naming a post and a time gets.

`Trưởng Ban Tổ chức Trung ương 2020`, `truong ban to chuc trung uong nam 2020`
or `Bí thư Thành ủy Hà Nội 12/1/2017` shows, above the results, the holders
of that post in that year (or on that day) with the articles that say so. A
query without a year or a date costs nothing here: no query reaches the
database unless the text has one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from articles import text
from articles.positions import expand, folded_key, read_title
from articles.positions_tables import RANKS, SPECIAL, SYNONYMS

_YEAR_RE = re.compile(r"(?<!\w)(?:(?:năm|nam)\s+)?((?:19[4-9]|20\d)\d)(?!\w)", re.I)
_DATE_RE = re.compile(
    r"(?<!\w)(?:(?:ngày|ngay)\s+)?(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)(?!\w)"
    r"|(?<!\w)((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})(?!\w)",
    re.I,
)
# Words around the post that ask the question (`ai là`, `giữ chức`, `?`).
_ASKING_RE = re.compile(
    r"^(?:(?:ai|người)\s+(?:là|giữ chức|giữ|làm)\s+|(?:ai|người)\s+)"
    r"|\s+(?:là ai|vào|trong|thời điểm|lúc)$",
    re.I,
)
_FOLDED_SYNONYMS = {folded_key(k): v for k, v in SYNONYMS.items()}
# The first word of every post's name (`truong`, `pho`, `bi`, `uy` …): a phrase
# starting otherwise names no post, and is not looked up.
_POST_STARTS = frozenset(
    folded_key(name).split()[0]
    for name in [*(r.label for r in RANKS), *SPECIAL, *SYNONYMS, "Tỉnh ủy viên"]
)
EVIDENCE_SHOWN = 5
MAX_WORDS = 16


@dataclass(slots=True)
class Holder:
    """One holder of the post in the period, with the articles that show it."""

    holding: object
    evidenced: bool
    evidence: list = field(default_factory=list)


@dataclass(slots=True)
class Answer:
    """The post a query named, the period it asked about and who held it."""

    position: object
    first: dt.date
    last: dt.date
    year: int | None
    holders: list[Holder] = field(default_factory=list)

    @property
    def single_day(self) -> bool:
        return self.first == self.last


def read_time(q: str) -> tuple[str, dt.date, dt.date, int | None] | None:
    """Return the query without its time, and the period (first, last) it names."""
    m = _DATE_RE.search(q)
    if m:
        day, month, year = (
            (m.group(1), m.group(2), m.group(3))
            if m.group(1)
            else (m.group(6), m.group(5), m.group(4))
        )
        try:
            when = dt.date(int(year), int(month), int(day))
        except ValueError:
            return None
        return q[: m.start()] + " " + q[m.end() :], when, when, None
    years = list(_YEAR_RE.finditer(q))
    if len(years) != 1:
        return None
    m = years[0]
    year = int(m.group(1))
    rest = q[: m.start()] + " " + q[m.end() :]
    return rest, dt.date(year, 1, 1), dt.date(year, 12, 31), year


def find_position(phrase: str):
    """Return the post a phrase names, typed with or without diacritics."""
    from articles.models import Position, PositionAlias

    phrase = " ".join(phrase.split()).strip(" ?.,;:")
    phrase = _ASKING_RE.sub("", phrase).strip()
    words = phrase.split()
    if len(words) < 2 or len(words) > MAX_WORDS:
        return None
    post = read_title(phrase).post
    if post is not None:
        found = Position.objects.by_key(post.key)
        if found is not None:
            return found
    folded = folded_key(expand(text.normalize(phrase)))
    if not folded or folded.split()[0] not in _POST_STARTS:
        return None
    folded = folded_key(_FOLDED_SYNONYMS.get(folded, "")) or folded
    found = Position.objects.filter(folded=folded).order_by("pk").first()
    if found is None:
        alias = (
            PositionAlias.objects.filter(folded=folded).select_related("position")
        ).first()
        found = alias.position if alias else None
    return found


def answer(q: str) -> Answer | None:
    """Return who held the post the query names in the time it names, if both."""
    if not q or len(q) > 300:
        return None
    timed = read_time(q)
    if timed is None:
        return None
    rest, first, last, year = timed
    position = find_position(rest)
    if position is None:
        return None
    from articles.models import Holding, PositionMention

    holdings = list(
        Holding.objects.filter(position=position)
        .during(first, last)
        .select_related("person", "first_article", "last_article", "successor")
        .timeline_order()
    )
    result = Answer(position, first, last, year)
    if not holdings:
        return result
    evidence: dict[int, list] = {}
    rows = (
        PositionMention.objects.filter(
            position=position,
            person_id__in=[h.person_id for h in holdings],
            mentioned_on__range=(first, last),
            state="current",
        )
        .select_related("article")
        .order_by("mentioned_on", "id")
    )
    for row in rows[: EVIDENCE_SHOWN * len(holdings)]:
        kept = evidence.setdefault(row.person_id, [])
        if len(kept) < EVIDENCE_SHOWN:
            kept.append(row.article)
    for holding in holdings:
        shown = evidence.get(holding.person_id, [])
        result.holders.append(Holder(holding, bool(shown), shown))
    if position.is_single and any(h.evidenced for h in result.holders):
        # A post one official holds at a time: who the period's articles name,
        # not who is only inferred to have held it before them.
        result.holders = [h for h in result.holders if h.evidenced]
    return result
