"""What an article says happened to posts: states of title phrases, and events.

Pure Python over an article's text and the officials extraction found in it:

- `title_states` tells, for each title phrase of an official, whether the text
  gives it as held on the article's date or as held before (`nguyên Bộ trưởng`,
  `ông từng là …`, `lần lượt giữ các chức …`, `cho thôi giữ chức …`);
- `find_events` finds the appointment events a sentence states about an
  official (`bầu`, `bổ nhiệm`, … `kỷ luật` with its form, `từ trần`), with the
  post the sentence gives and the date it names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from . import text
from .extraction.titles import mask

CURRENT = "current"
FORMER = "former"


class EventKind:
    ELECTED = "elected"  # bầu
    APPOINTED = "appointed"  # bổ nhiệm
    ASSIGNED = "assigned"  # phân công
    TRANSFERRED = "transferred"  # điều động
    ROTATED = "rotated"  # luân chuyển
    NOMINATED = "nominated"  # giới thiệu ứng cử
    DISMISSED = "dismissed"  # miễn nhiệm
    RELIEVED = "relieved"  # cho thôi
    RETIRED = "retired"  # nghỉ hưu
    DISCIPLINED = "disciplined"  # kỷ luật
    DIED = "died"  # từ trần


class DisciplineForm:
    REPRIMAND = "reprimand"  # khiển trách
    WARNING = "warning"  # cảnh cáo
    REMOVAL = "removal"  # cách chức
    EXPULSION = "expulsion"  # khai trừ


#: Events that start a holding, and those that end one.
STARTS = frozenset(
    {
        EventKind.ELECTED,
        EventKind.APPOINTED,
        EventKind.ASSIGNED,
        EventKind.TRANSFERRED,
        EventKind.ROTATED,
    }
)
ENDS = frozenset(
    {EventKind.DISMISSED, EventKind.RELIEVED, EventKind.RETIRED, EventKind.DIED}
)

_EVENT_PATTERNS = (
    (EventKind.NOMINATED, r"giới thiệu(?=(?:\s+\S+){0,8}?\s+(?:ứng cử|để bầu))"),
    (
        EventKind.ELECTED,
        r"(?:bầu(?!\s+cử)(?:\s+bổ\s+sung)?|trúng cử|tái đắc cử|đắc cử)",
    ),
    (EventKind.APPOINTED, r"bổ nhiệm(?:\s+lại)?"),
    (EventKind.ASSIGNED, r"phân công"),
    (EventKind.TRANSFERRED, r"điều động"),
    (EventKind.ROTATED, r"luân chuyển"),
    (EventKind.DISMISSED, r"miễn nhiệm"),
    (
        EventKind.RELIEVED,
        r"cho thôi|cho (?:ông|bà|đồng chí) thôi|thôi giữ chức|thôi làm|thôi tham gia",
    ),
    (
        EventKind.RETIRED,
        r"nghỉ hưu|nghỉ chờ hưu|(?:nghỉ công tác\s+(?:để\s+)?)?hưởng chế độ hưu trí",
    ),
    (
        EventKind.DISCIPLINED,
        r"kỷ luật|khiển trách|cảnh cáo|cách (?:tất cả\s+)?(?:các\s+)?chức(?:\s+vụ)?"
        r"|khai trừ",
    ),
    (EventKind.DIED, r"từ trần|qua đời"),
)
_EVENT_RE = re.compile(
    "|".join(f"(?P<{kind}>(?<!\\w){p}(?!\\w))" for kind, p in _EVENT_PATTERNS),
    re.IGNORECASE,
)
_FORMS = (
    (DisciplineForm.EXPULSION, r"khai trừ"),
    (DisciplineForm.REMOVAL, r"cách (?:tất cả\s+)?(?:các\s+)?chức"),
    (DisciplineForm.WARNING, r"cảnh cáo"),
    (DisciplineForm.REPRIMAND, r"khiển trách"),
)
# `được bổ nhiệm`, `bị kỷ luật`: the official stands before the verb.
# `được điều động, phân công, bổ nhiệm`: one `được` for a list of verbs.
_PASSIVE_RE = re.compile(
    r"(?<!\w)(?:được|bị)(?:\s+[^,.;:]{1,40}?)??\s*(?:[^,.;]{1,24},\s*){0,3}$",
    re.IGNORECASE,
)
# What introduces the post an event gives: `bổ nhiệm ông A giữ chức B`.
_POST_MARK_RE = re.compile(
    r"(?<!\w)(?:(?:giữ|vào|nhận|đảm nhận|đảm nhiệm)\s+)?(?:chức(?:\s+vụ|\s+danh)?"
    r"|cương vị|vị trí)(?!\w)|(?<!\w)(?:làm|là|giữ quyền)(?!\w)",
    re.IGNORECASE,
)

# A post given as held before the article's date, or left: the last marker
# before the title in its sentence decides. `nguyên`, `cựu` count only right
# before the title (`nguyên Bộ trưởng A và Bộ trưởng B`: B is current).
_ENDED_RE = re.compile(
    r"(?<!\w)(?:thôi giữ|cho thôi|không còn giữ|không giữ|miễn nhiệm|cách chức"
    r"|rời (?:chức|cương vị|vị trí))(?!\w)",
    re.IGNORECASE,
)
_PAST_RE = re.compile(
    r"(?<!\w)(?:từng|trước đó|trước đây|trước khi|đã qua|kinh qua|trải qua"
    r"|lần lượt|nắm giữ nhiều|nghỉ hưu|sinh thời|lúc sinh thời|khi còn là"
    r"|thời gian làm)(?!\w)",
    re.IGNORECASE,
)
_FORMER_PREFIX_RE = re.compile(r"(?<!\w)(?:nguyên|cựu|cố)(?:\s+là)?\s+$", re.I)
_PRESENT_RE = re.compile(
    r"(?<!\w)(?:nay|hiện|hiện nay|hiện là|đương nhiệm|tân|được bổ nhiệm|bổ nhiệm"
    r"|được bầu|bầu|phân công|điều động|luân chuyển|đảm nhận|đảm nhiệm"
    r"|nhận nhiệm vụ|giữ chức|tái cử|trúng cử|đắc cử)(?!\w)",
    re.IGNORECASE,
)
ENDED = "ended"
_SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?]?")
_HONORIFIC = r"(?:ông|bà|đồng chí|đ/c|anh|chị|Ông|Bà|Đồng chí)"


@dataclass(frozen=True, slots=True)
class Official:
    """An official of the article: a key and the spellings that name them."""

    key: str
    name: str
    spellings: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EventFound:
    """An appointment event the text states about one official."""

    person: str  # the official's key
    kind: str
    title: str = ""  # the title phrase of the post, as the official's titles write it
    form: str = ""
    date: date | None = None
    surface: str = ""


@dataclass(slots=True)
class _Text:
    """An article's text made comparable: normalized, masked, case-folded."""

    value: str
    folded: str = field(init=False)

    def __post_init__(self) -> None:
        masked = mask(re.sub(r"[ \t]+", " ", text.normalize(self.value)))
        masked = re.sub(r"(?<!\w)T\u2024?Ư(?!\w)|(?<!\w)TW(?!\w)", "Trung ương", masked)
        self.value = masked
        self.folded = masked.casefold()


def comparable(value: str) -> str:
    """Return a title or text the way `title_states` compares them."""
    return " ".join(_Text(value).folded.split())


def _occurrences(haystack: str, needle: str) -> list[int]:
    out, start = [], 0
    if not needle:
        return out
    while (i := haystack.find(needle, start)) >= 0:
        out.append(i)
        start = i + 1
    return out


def _sentence_bounds(value: str, pos: int) -> tuple[int, int]:
    left = max(value.rfind(c, 0, pos) for c in ".!?\n")
    ends = [i for i in (value.find(c, pos) for c in ".!?\n") if i >= 0]
    return left + 1, min(ends) if ends else len(value)


def _state_at(value: str, pos: int, start: int) -> str:
    before = value[start:pos]
    if _FORMER_PREFIX_RE.search(before):
        return FORMER
    marks = [(m.end(), ENDED) for m in _ENDED_RE.finditer(before)]
    marks += [(m.end(), FORMER) for m in _PAST_RE.finditer(before)]
    if not marks:
        return CURRENT
    end, state = max(marks)
    # `thôi giữ chức`: the present words inside a marker are that marker.
    return CURRENT if _PRESENT_RE.search(before, end) else state


def title_states(
    body: str, titles: Iterable[str], official: Official | None = None
) -> dict[str, str]:
    """Return title → `current` or `former`, as the text gives each one.

    A title the text gives as held at any place counts as held: `ông A, Bộ
    trưởng …` then `trước đó ông từng là Bộ trưởng …` is a current post; one it
    says has ended (`cho thôi`, `không còn giữ chức`) is former, in a sentence
    naming the official when one is given. A title the text never spells out
    (the extractor joined it) counts as held.
    """
    doc = _Text(body)
    flat = doc.folded
    out: dict[str, str] = {}
    for title in titles:
        needle = comparable(title).strip(" ,;.…|")
        # The title's own `nguyên`, `cựu` prefix is its state (see positions).
        needle = re.sub(r"^(?:nguyên|cựu|cố|tân|quyền)\s+", "", needle)
        states = []
        for pos in _occurrences(flat, needle):
            start, end = _sentence_bounds(flat, pos)
            state = _state_at(flat, pos, start)
            if (
                state == ENDED
                and official is not None
                and not _name_spans(doc.value[start:end], official)
            ):
                continue  # `cách chức … đối với ông B`: B's post ended, not A's
            states.append(state)
        # Said to have ended (`cho thôi`, `không còn giữ chức`): former, though
        # an apposition still names it; otherwise held if held anywhere.
        if ENDED in states or (states and CURRENT not in states):
            out[title] = FORMER
        else:
            out[title] = CURRENT
    return out


def _name_spans(value: str, official: Official) -> list[tuple[int, int]]:
    """Return where an official is named in a sentence: full or `ông <last>`."""
    spans = []
    names = {s for s in (official.name, *official.spellings) if len(s.split()) >= 2}
    low = value.casefold()
    for name in sorted(names, key=len, reverse=True):
        for pos in _occurrences(low, " ".join(name.casefold().split())):
            spans.append((pos, pos + len(name)))
    parts = official.name.split()
    for size in (2, 1):
        if len(parts) <= size:
            continue
        tail = re.escape(" ".join(parts[-size:]))
        for m in re.finditer(rf"(?<!\w){_HONORIFIC}\s+{tail}(?!\w)", value):
            spans.append((m.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a < merged[-1][1]:
            continue
        merged.append((a, b))
    return merged


def _form(sentence: str) -> str:
    for form, pattern in _FORMS:
        if re.search(rf"(?<!\w){pattern}(?!\w)", sentence, re.IGNORECASE):
            return form
    return ""


def _post_after(
    sentence: str,
    verb_end: int,
    official: Official,
    named: tuple[int, int],
    loose: bool = True,
) -> list[str]:
    """Return the official's titles a sentence gives as an event's posts.

    A title introduced by `giữ chức`, `làm`, `là` after the verb wins
    (`bổ nhiệm làm A là ông X`, `bổ nhiệm ông X giữ chức A`), with the titles
    joined to it (`cho thôi hai cương vị A và B`); else the first title after
    the name that is not its apposition (`ông X, B, làm A`).
    """
    low = sentence.casefold()
    found: list[tuple[int, int, str]] = []
    for title in official.titles:
        needle = comparable(title).strip(" ,;.…|")
        needle = re.sub(r"^(?:nguyên|cựu|cố|tân|quyền)\s+", "", needle)
        for pos in _occurrences(low, needle):
            if pos >= verb_end:
                found.append((pos, pos + len(needle), title))
    found.sort()
    # `cách chức Ủy viên …`, `bổ nhiệm làm A`, `giữ chức A`: right after.
    marks = [verb_end, *(m.end() for m in _POST_MARK_RE.finditer(sentence, verb_end))]
    for end in marks:
        for i, (pos, stop, title) in enumerate(found):
            if 0 <= pos - end <= 3:
                chain = [title]
                for nxt, nxt_stop, other in found[i + 1 :]:
                    if not _JOINED_RE.fullmatch(sentence[stop:nxt]):
                        break
                    chain.append(other)
                    stop = nxt_stop
                return list(dict.fromkeys(chain))
    if not loose:
        return []
    for pos, _stop, title in found:
        if pos < named[1]:
            continue
        if not _APPOSITION_RE.fullmatch(sentence[named[1] : pos]):
            return [title]
    return []


_JOINED_RE = re.compile(r"\s*(?:,|và|,\s*và)\s*")


# `ông A, nguyên B`: B is A's title, not the post of the event.
_APPOSITION_RE = re.compile(r"\s*[,–-]\s*(?:(?:nguyên|cựu|tân|quyền)\s+)?", re.I)


# `đề nghị xem xét, thi hành kỷ luật`, `dự kiến bổ nhiệm`: not done yet.
_PROPOSED_RE = re.compile(
    r"(?<!\w)(?:đề nghị|kiến nghị|xem xét|dự kiến|đề xuất|sẽ)"
    r"(?:[\s,]+\S+){0,3}?[\s,]*$",
    re.IGNORECASE,
)
_INTRANSITIVE = frozenset({EventKind.RETIRED, EventKind.DIED})
# Verbs whose official stands before them: `ông A trúng cử`, `cho ông thôi`.
_BY_ITSELF_RE = re.compile(
    r"trúng cử|tái đắc cử|đắc cử|thôi giữ chức|thôi làm|cho (?:ông|bà|đồng chí) thôi",
    re.I,
)


def find_events(
    body: str,
    officials: Sequence[Official],
    dates: Sequence[tuple[str, date]] = (),
    day: date | None = None,
) -> list[EventFound]:
    """Return the appointment events the sentences of body state about officials.

    dates are the article's dates as (surface, date): an event takes the date
    written in its sentence, else day (the article's event or publication date).
    """
    doc = _Text(body)
    value = doc.value
    out: list[EventFound] = []
    seen: set[tuple[str, str, str]] = set()
    for sm in _SENTENCE_RE.finditer(value):
        sentence = sm.group(0)
        verbs = list(_EVENT_RE.finditer(sentence))
        if not verbs:
            continue
        spans = {o.key: _name_spans(sentence, o) for o in officials}
        if not any(spans.values()):
            continue
        when = _date_in(sentence, dates) or day
        for verb in verbs:
            kind = verb.lastgroup
            if _PROPOSED_RE.search(sentence[: verb.start()]):
                continue  # `đề nghị kỷ luật`: asked for, not done
            for official, (a, b) in _subjects(sentence, verb, officials, spans):
                form = _form(sentence) if kind == EventKind.DISCIPLINED else ""
                titles: list[str] = []
                if kind not in _INTRANSITIVE:
                    # Discipline names a post only right after it (`cách chức
                    # Bí thư …`); a warning is the official's, not a post's.
                    loose = kind != EventKind.DISCIPLINED
                    titles = _post_after(sentence, verb.end(), official, (a, b), loose)
                    if not titles and kind in ENDS:
                        titles = _post_after(sentence, a, official, (a, b))
                for title in titles or [""]:
                    mark = (official.key, kind, text.key(title))
                    if mark in seen:
                        continue
                    seen.add(mark)
                    out.append(
                        EventFound(
                            person=official.key,
                            kind=kind,
                            title=title,
                            form=form,
                            date=when,
                            surface=_shown(sentence),
                        )
                    )
    return _complete_posts(out)


def _shown(sentence: str) -> str:
    return " ".join(sentence.replace("\u2024", ".").split())[:300]


def _complete_posts(events: list[EventFound]) -> list[EventFound]:
    """Drop post-less repeats; give a post-less start the post of its pair.

    `trao quyết định điều động, bổ nhiệm cho ông A` after `A được điều động
    làm B`: one move, so the appointment is to B too.
    """
    titled = {(e.person, e.kind) for e in events if e.title}
    kept = [e for e in events if e.title or (e.person, e.kind) not in titled]
    starts: dict[str, set[str]] = {}
    for e in kept:
        if e.kind in STARTS and e.title:
            starts.setdefault(e.person, set()).add(e.title)
    out = []
    for e in kept:
        pair = starts.get(e.person, set())
        if e.kind in STARTS and not e.title and len(pair) == 1:
            e = EventFound(
                e.person, e.kind, next(iter(pair)), e.form, e.date, e.surface
            )
        out.append(e)
    return out


def _subjects(sentence, verb, officials, spans):
    """Return the officials (with where they are named) a verb is said of."""
    passive = bool(_PASSIVE_RE.search(sentence[: verb.start()]))
    # Who does it stands before an active verb: `Thủ tướng A ký quyết định bổ
    # nhiệm …` is not A's appointment; `ông A nghỉ hưu` is A's retirement.
    subject_before = (
        passive
        or verb.lastgroup in _INTRANSITIVE
        or bool(_BY_ITSELF_RE.fullmatch(verb.group(0)))
    )
    before = [(o, s) for o in officials for s in spans[o.key] if s[1] <= verb.start()]
    after = [(o, s) for o in officials for s in spans[o.key] if s[0] >= verb.end()]
    if subject_before and before:
        return [max(before, key=lambda p: p[1][1])]
    if after:
        after.sort(key=lambda p: p[1][0])
        first = after[0]
        # `bổ nhiệm ông A, ông B giữ chức …`: every name before the post.
        mark = _POST_MARK_RE.search(sentence, first[1][1])
        if mark is None:
            # `bổ nhiệm lại: hai ông A, B (Bộ X) cùng ông C`: a list of names.
            chosen, end = [first], first[1][1]
            for official, span in after[1:]:
                if not _NAME_LIST_RE.fullmatch(sentence[end : span[0]]):
                    break
                if official.key not in {o.key for o, _ in chosen}:
                    chosen.append((official, span))
                end = span[1]
            return chosen
        chosen, keys = [], set()
        for official, span in after:
            if span[0] < mark.start() and official.key not in keys:
                chosen.append((official, span))
                keys.add(official.key)
        return chosen or [first]
    return []


_NAME_LIST_RE = re.compile(
    r"\s*(?:\([^()]{0,80}\))?\s*(?:,|và|cùng)?\s*(?:hai|ba|bốn)?\s*"
    rf"(?:{_HONORIFIC})?\s*",
    re.IGNORECASE,
)


def _date_in(sentence: str, dates: Sequence[tuple[str, date]]) -> date | None:
    low = sentence.casefold()
    for surface, day in dates:
        surface = " ".join(surface.casefold().split())
        if surface and surface in low:
            return day
    return None
