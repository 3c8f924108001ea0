"""Officials named in an article: full names, titles, honorifics, roles, short refs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .. import pagetext, text
from .credits import CreditSpan
from .later import AGENT_BEFORE_RE, pronoun_posts, titles_later
from .lists import find_groups, share_across_lists, share_item_chains
from .names import (
    HONORIFIC_RE,
    PERSON_LEAD_RE,
    PLACE_BEFORE_RE,
    PLACE_NAMES,
    REGION_NAMES,
    STRONG_SURNAMES,
    SURNAMES,
    WEAK_SURNAMES,
    canonical_honorific,
    is_title_case,
)
from .results import PersonFound
from .titles import (
    _UPPER,
    ALIAS_RE,
    HEAD_RE,
    dedupe_titles,
    sentence_start,
    titles_after,
    titles_before,
    titles_below,
    unmask,
)

# A word, cut where a lost space glued a capitalised one to it (`ôngTrần`,
# `thành viênBan`); `ThS`, `VnExpress` stay whole.
_WORD_RE = re.compile(
    rf"[^\W\d_]+?(?:(?<=[^\W\d_]{{2}})(?<![{_UPPER}])(?<![{_UPPER}][^\W\d_])"
    rf"(?=[{_UPPER}](?![{_UPPER}])[^\W\d_])|(?![^\W\d_]))"
)
# Sentence-initial honorifics are capitalized like a name syllable.
_ORG_TAILS = WEAK_SURNAMES | {"đoàn"}
_PLAIN_HONORIFICS = frozenset({"", "đồng chí", "ông", "bà", "Bác"})
_NO_HONORIFIC = frozenset({"", "Bác"})
_RUN_OPENERS = frozenset({"ông", "bà", "bác", "anh", "chị", "cố"})
_ROLE_RE = re.compile(
    r"(đồng chủ trì|chủ trì|phát biểu kết luận|kết luận|trình bày báo cáo|"
    r"trình bày tờ trình|báo cáo|trao tặng|trao(?!\s+đổi)|phát biểu|khai mạc|"
    r"bế mạc|trình bày|tham dự|dự)(?!\w)",
    re.IGNORECASE,
)
_ROLES = {
    "đồng chủ trì": "chair",
    "chủ trì": "chair",
    "phát biểu kết luận": "conclude",
    "kết luận": "conclude",
    "trình bày báo cáo": "report",
    "trình bày tờ trình": "report",
    "báo cáo": "report",
    "trao tặng": "award",
    "trao": "award",
    "phát biểu": "speak",
    "khai mạc": "speak",
    "bế mạc": "speak",
    "trình bày": "speak",
    "tham dự": "attend",
    "dự": "attend",
}
# Which role speaks for a person who plays several in one article.
_ROLE_RANK = {
    "chair": 6,
    "conclude": 5,
    "report": 4,
    "award": 3,
    "speak": 2,
    "attend": 1,
}
_SKIP_AFTER = re.compile(
    r"(?:[\s,;]+|và\s+|cùng\s+|đồng chí\s+|\([^)]{0,40}\)\s*|"
    r"(?:đã|đang|sẽ|cũng|vừa|đến|tới|về|tiếp tục|lần lượt|trực tiếp)\s+)",
    re.IGNORECASE,
)
_SUPPORT_RE = re.compile(
    r"sự\s+(chủ trì|tham dự|chứng kiến|dự)\s+của\s+(?:các\s+)?(?:đồng chí\s+)?$",
    re.IGNORECASE,
)
_SUPPORT_ROLES = {"chủ trì": "chair", "tham dự": "attend", "dự": "attend"}
_LEAD_PIECE_RE = re.compile(
    r"^\W*(?:trong\s+|khi\s+|sau khi\s+|cùng\s+|đến\s+|tới\s+)?", re.IGNORECASE
)


# Words that never end a name: a run going on into them has run into an
# institution (`Võ Văn Thưởng Bộ Chính trị`).
_NEVER_LAST_TEXT = "bộ ban ủy sở đảng tỉnh huyện quận xã phường thị cục vụ tòa phó tổng"
_NEVER_LAST = frozenset(_NEVER_LAST_TEXT.split())
# Two-syllable openings of institutions and posts, whose first syllable can also
# end a name (`Quốc`, `Chính`, `Trung`): cut only when the second one follows.
_ORG_BIGRAM_TEXT = """
    quốc_hội chính_phủ chính_trị ủy_ban ủy_viên hội_đồng hội_nghị đại_hội
    đại_biểu mặt_trận nhà_nước trung_ương thường_vụ thường_trực công_an
    quân_đội quân_khu chủ_tịch chủ_nhiệm bí_thư thủ_tướng giám_đốc kiểm_toán
    thanh_tra viện_kiểm cộng_hòa liên_hiệp hội_liên tổng_liên công_tác
    thư_ký
"""
_ORG_BIGRAMS = frozenset(
    text.key(w.replace("_", " ")) for w in _ORG_BIGRAM_TEXT.split()
)


@dataclass
class _Mention:
    start: int
    end: int
    words: list[str]
    honorific: str = ""
    full_start: int = 0
    full_end: int = 0
    titles: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)  # the chain written before it
    roles: list[str] = field(default_factory=list)
    key: str = ""
    linked_to: str = ""  # for a short ref: the key of the full name
    loose: bool = False  # no known surname: needs an honorific and a title after
    caps: bool = False  # written in capitals (`NGUYỄN PHÚ TRỌNG Tổng Bí thư`)

    @property
    def name(self) -> str:
        return " ".join(self.words)


_OUTLET_BEFORE_RE = re.compile(r"(?<!\w)Báo[ \t]+$")
# `Mùa A Chư (1974, trú xã …)`, `Lò Văn Sáng (SN 1985)`: a birth year in brackets
# after a name, as police and court reports give it, says it is a person's.
_BORN_AFTER_RE = re.compile(r"[ \t]*\((?:SN|sinh năm|sinh)?[ \t]*(?:19|20)\d\d\b")
_TIME_WORDS = frozenset({"ngày", "sáng", "chiều", "trưa", "tối", "đêm", "hôm"})
_DAY_AFTER_RE = re.compile(r"\s*\(?\d")


def _runs(masked: str) -> list[list[tuple[int, int, str]]]:
    """Group capitalized syllables separated only by spaces."""
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    for m in _WORD_RE.finditer(masked):
        word = m.group()
        if not is_title_case(word):
            if current:
                runs.append(current)
            current = []
            continue
        if (
            current
            and masked[current[-1][1] : m.start()].strip(" ") != ""
            and not _wrapped_name(masked, current, m)
        ):
            runs.append(current)
            current = []
        if text.key(word) in _TIME_WORDS and _DAY_AFTER_RE.match(masked, m.end()):
            # `tại Hà Nội Ngày 24.9`: a time word set in capitals, not a name.
            if current:
                runs.append(current)
            current = []
            continue
        if (
            current
            and m.start() - current[-1][1] > 1
            and not _wrapped_name(masked, current, m)
        ):
            # Two spaces part tags and table cells, never the syllables of a name.
            runs.append(current)
            current = []
        if not current and word.lower() in _RUN_OPENERS:
            continue
        cut = _glued_end(word)
        if cut:
            # `Bộ trưởng Tô Lâmnhiệt liệt …`: a lost space glued the next word on.
            current.append((m.start(), m.start() + cut, word[:cut]))
            runs.append(current)
            current = []
            continue
        current.append((m.start(), m.end(), word))
    if current:
        runs.append(current)
    return [_trim_org_tail(masked, run) for run in runs]


_NEXT_WORD_RE = re.compile(r"[ \t]+([^\W\d_]+)")


def _wrapped_name(
    masked: str, current: list[tuple[int, int, str]], m: re.Match
) -> bool:
    """Whether a hard line break cut a name in two (`Thủ tướng Phạm Minh` / `Chính
    còn tiến hành …`): two syllables from a known surname end the line, mid-
    sentence, and the next line goes on with one capitalised syllable and prose."""
    if len(current) != 2 or masked[current[-1][1] : m.start()] not in {"\n", "\n\n"}:
        return False
    after = _NEXT_WORD_RE.match(masked, m.end())
    return (
        text.key(current[0][2]) in STRONG_SURNAMES
        and after is not None
        and after.group(1).islower()
        and text.key(after.group(1)) not in _ORGAN_AFTER_PLACE
    )


_VIETNAMESE_MARKS = frozenset(
    "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)


def _glued_end(word: str) -> int:
    """Return where a name syllable ends inside a word glued to the next one, or 0.

    Only a word that is no syllable splits, into a syllable and a lower-case
    Vietnamese syllable with a mark (`Lâmnhiệt`); `Putin` stays whole.
    """
    if len(word) < 5 or pagetext.is_syllable(word):
        return 0
    for cut in range(len(word) - 2, 1, -1):
        head, rest = word[:cut], word[cut:]
        if (
            rest.islower()
            and pagetext.is_syllable(head)
            and pagetext.is_syllable(rest)
            and any(c in _VIETNAMESE_MARKS for c in rest)
        ):
            return cut
    return 0


# What follows a run that ends a name, never an organ word (`Quận ủy`, `Bộ Y tế`).
# Levels of local government, and the lower-case words that go on from one into
# an organ of it (`Huyện ủy`, `Tỉnh đoàn`, `Xã đội`).
_PLACE_LEVELS = frozenset({"phường", "xã", "quận", "huyện", "tỉnh"})
_ORGAN_AFTER_PLACE = frozenset({"ủy", "đoàn", "đội", "hội", "trưởng"})
_CLOSED_AFTER_RE = re.compile(r"\s*(?:[,;:)]|[.!?](?:\s|$)|\s[-–]\s|$)")


def _trim_org_tail(
    masked: str, run: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Cut capitalized words that open an institution off the end of a run."""
    while len(run) > 1:
        _, end, word = run[-1]
        last = text.key(word)
        after = re.match(r" ([^\W\d_]+)", masked[end : end + 24])
        pair = f"{last} {text.key(after.group(1))}" if after else ""
        # Two words are cut only before an institution's second word: `Đoàn Công
        # tác` is a delegation, `Lê Bộ` too short to judge.
        if pair not in _ORG_BIGRAMS and (len(run) == 2 or last not in _NEVER_LAST):
            break
        if pair not in _ORG_BIGRAMS and _CLOSED_AFTER_RE.match(masked, end):
            break  # `Trần Đức Quận - Ủy viên …`: no organ's name goes on after it
        if (
            last in _PLACE_LEVELS
            and after
            and after.group(1).islower()
            and text.key(after.group(1)) not in _ORGAN_AFTER_PLACE
        ):
            break  # `Nguyễn Văn Phường chi bộ …`: a ward is named in capitals
        run = run[:-1]
    return run


def _strip_place(keys: list[str]) -> int:
    """Return how many leading words of a run form a known place name."""
    for size in (4, 3, 2, 1):
        if len(keys) - size >= 2 and " ".join(keys[:size]) in REGION_NAMES:
            return size
    return 0


_THI_PLACES = frozenset({"xã", "trấn", "ủy", "uỷ", "đội"})


def _name_start(run: list[tuple[int, int, str]], honoured: bool = False) -> int | None:
    """Return where the name starts inside a run (`Hà Nội Ngô Thị Thanh Hằng`).

    honoured: `ông`, `bà` or `đồng chí` stands right before the run, so its
    first word opens the name (`ông Lâm Hoàng Nghiệp`).
    """
    keys = [text.key(w) for _, _, w in run]
    if honoured and 3 <= len(keys) <= 4 and keys[0] in SURNAMES:
        return 0
    if 3 <= len(keys) <= 4 and keys[1] == "thị" and keys[2] not in _THI_PLACES:
        return 0  # `Khang Thị Mào`: `Thị` in the middle names a woman
    if 3 <= len(keys) <= 4 and run[1][2] == "A" and keys[0] not in REGION_NAMES:
        return 0  # `Mùa A Chư`, `Giàng A Páo`: `A` in the middle names a Hmong man
    n = len(keys)
    for i in range(_strip_place(keys), n - 1):
        if n - i > 4 or keys[i] not in SURNAMES:
            continue
        if (
            n - i > 2
            and keys[i + 1] in STRONG_SURNAMES
            and (i or keys[i] in _ORG_TAILS)
        ):
            # `Trung ương Đoàn Nguyễn Anh Tuấn`, `Bình Dương Trần Thanh Liêm`: the
            # first surname-like word ends an org or place name.
            continue
        return i
    return None


def _honorific(masked: str, start: int) -> tuple[str, int]:
    m = HONORIFIC_RE.search(masked, max(0, start - 30), start)
    if m and m.end() == start:
        return canonical_honorific(m.group(1)), m.start(1)
    return "", start


def _role_after(
    masked: str, mention: _Mention, by_start: dict[int, _Mention]
) -> tuple[str, bool]:
    """Return the verb after a mention, and whether other names stood in between."""
    pos = mention.full_end
    shared = False
    for _ in range(12):
        if pos in by_start and by_start[pos] is not mention:
            pos = by_start[pos].full_end
            shared = True
            continue
        m = _SKIP_AFTER.match(masked, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    m = _ROLE_RE.match(masked, pos)
    if not m:
        return "", shared
    role = _ROLES[m.group(1).lower()]
    # `dự và phát biểu chỉ đạo`: the stronger of two joined verbs.
    second = re.compile(r"\s+và\s+").match(masked, m.end())
    if second:
        m2 = _ROLE_RE.match(masked, second.end())
        if m2 and _ROLE_RANK[_ROLES[m2.group(1).lower()]] > _ROLE_RANK[role]:
            role = _ROLES[m2.group(1).lower()]
    return role, shared


def _role_before(masked: str, mention: _Mention, mentions: list[_Mention]) -> str:
    support = _SUPPORT_RE.search(
        masked, max(0, mention.full_start - 60), mention.full_start
    )
    if support and support.end() == mention.full_start:
        return _SUPPORT_ROLES.get(support.group(1).lower(), "")
    start = mention.full_start
    window = max(0, start - 400)
    begin = window
    for m in re.finditer(r"[.!?\n]", masked[window:start]):
        begin = window + m.end()
    prefix = list(masked[begin:start])
    for other in mentions:
        if (
            other is not mention
            and begin <= other.full_start
            and other.full_end <= start
        ):
            for i in range(other.full_start - begin, other.full_end - begin):
                prefix[i] = " "
    pieces = [
        p
        for p in re.split(r"[,;]", "".join(prefix))
        if p.strip() and p.strip().lower() not in {"và", "cùng", "cùng với", "với"}
    ]
    if not pieces:
        return ""
    nearest = pieces[-1]
    lead = _LEAD_PIECE_RE.match(nearest)
    m = _ROLE_RE.match(nearest, lead.end() if lead else 0)
    if not m:
        return ""
    # `Dự hội nghị có A` names attendees; `Phát biểu tại hội nghị, A` the speaker.
    return _ROLES[m.group(1).lower()]


def _mentions(masked: str, credit_spans: Iterable[CreditSpan]) -> list[_Mention]:
    credits = list(credit_spans)
    found: list[_Mention] = []
    for run in _runs(masked):
        honoured = _honorific(masked, run[0][0])[0] in _PLAIN_HONORIFICS - _NO_HONORIFIC
        i = _name_start(run, honoured)
        if (
            run[0][2] == "Y"
            and 3 <= len(run) <= 6
            and _honorific(masked, run[0][0])[0] in _PLAIN_HONORIFICS - {""}
        ):
            # `đồng chí Y Thanh Hà Niê Kđăm`: Ê Đê and M'nông men's names open
            # with `Y` and end with the family name; the whole run is the name.
            i = 0
        loose = False
        if i is None:
            # `ông Thuận Hữu, Tổng Biên tập …`: a pen name or an unlisted surname
            # may still be a person when an honorific and a title hold it.
            if not 2 <= len(run) <= 3 or HEAD_RE.match(masked, run[0][0]):
                continue
            i, loose = 0, True
        words = [w for _, _, w in run[i:]]
        start, end = run[i][0], run[-1][1]
        if (
            any(c.start <= start < c.end for c in credits)
            and not (titles_below(masked, end, len(masked))[0])
        ):
            # An author's line; but an author block with the posts on the line
            # under the name (`TS. Luật sư A` / `Chủ tịch Liên đoàn …`) is an
            # official's too.
            continue
        if _OUTLET_BEFORE_RE.search(masked, max(0, start - 8), start):
            continue  # `trò chuyện cùng Báo Văn Hoá, …`: a newspaper's name
        mention = _Mention(
            start, end, words, key=text.key(" ".join(words)), loose=loose
        )
        if loose and (
            mention.key in REGION_NAMES or _honorific(masked, start)[0] in _NO_HONORIFIC
        ):
            continue
        # `Bí thư Tỉnh ủy Ninh Bình`: a province after a title is its place; only
        # an honorific right before it makes it someone's name.
        if (
            mention.key in REGION_NAMES
            and mention.key not in PLACE_NAMES
            and not _honorific(masked, start)[0]
        ):
            continue
        if mention.key in PLACE_NAMES:
            prefix = masked[max(0, start - 40) : start]
            if not PERSON_LEAD_RE.search(prefix) or PLACE_BEFORE_RE.search(prefix):
                continue  # `TP Hồ Chí Minh`, `Hà Nội`: a place, and no name boundary
        found.append(mention)
    taken = {m.start for m in found}
    for run in _caps_runs(masked):
        start, end = run[0][0], run[-1][1]
        if start in taken or any(c.start <= start < c.end for c in credits):
            continue
        words = [w.capitalize() for _, _, w in run]
        found.append(
            _Mention(start, end, words, key=text.key(" ".join(words)), caps=True)
        )
    found.sort(key=lambda m: m.start)
    return found


def _caps_runs(masked: str) -> list[list[tuple[int, int, str]]]:
    """Return names set in capitals: two to four syllables from a surname, alone.

    `NGUYỄN PHÚ TRỌNG Tổng Bí thư …`; a headline in capitals (`TBT NGUYỄN PHÚ
    TRỌNG ĐƯỢC …`) runs on past the name and gives none.
    """
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    for m in _WORD_RE.finditer(masked):
        word = m.group()
        if word.isupper() and current and masked[current[-1][1] : m.start()] == " ":
            current.append((m.start(), m.end(), word))
            continue
        if current:
            runs.append(current)
        current = [(m.start(), m.end(), word)] if word.isupper() else []
    if current:
        runs.append(current)
    return [
        run
        for run in runs
        if 2 <= len(run) <= 4
        and text.key(run[0][2]) in SURNAMES
        and all(pagetext.is_syllable(w) for _, _, w in run)
        and masked[max(0, run[0][0] - 1) : run[0][0]] in {"", " ", "\n", "(", "“"}
    ]


def _short_refs(
    masked: str, known: dict[str, _Mention], taken: set[int]
) -> list[_Mention]:
    """Return `đồng chí Mai`, `ông Vượng` refs that point at one full name."""
    refs = []
    for run in _runs(masked):
        if len(run) > 2 or run[0][0] in taken:
            continue
        start, end = run[0][0], run[-1][1]
        honorific, _ = _honorific(masked, start)
        if not honorific:
            continue
        tail = text.key(" ".join(w for _, _, w in run))
        size = len(run)
        matches = {
            k
            for k in known
            if len(k.split()) > size and k.split()[-size:] == tail.split()
        }
        if len(matches) != 1:
            continue
        ref = _Mention(start, end, [w for _, _, w in run], honorific=honorific)
        ref.linked_to = matches.pop()
        refs.append(ref)
    return refs


def _fold_short_names(masked: str, accepted: list[_Mention]) -> None:
    """Point `Doãn Thanh` at `Ngô Thị Doãn Thanh` when it ends one full name only.

    A name cut by a word spun into it (`Trương Quang quẻ Được`) points at the
    full name the page writes elsewhere (`Trương Quang Được`).
    """
    keys = {m.key: len(m.words) for m in accepted}
    for mention in accepted:
        size = len(mention.words)
        tail = mention.key.split()
        longer = {k for k, n in keys.items() if n > size and k.split()[-size:] == tail}
        if len(longer) == 1:
            mention.linked_to = mention.key = longer.pop()
            continue
        after = masked[mention.end : mention.end + 40]
        for k, n in keys.items():
            rest = k.split()[size:]
            if n > size and k.split()[:size] == tail and rest:
                m = re.match(r"[ \t]+([^\W\d_]+)((?:[ \t]+[^\W\d_]+)+)", after)
                spun = m and text.key(" ".join(m.group(2).split()[: len(rest)]))
                if m and m.group(1).islower() and spun == " ".join(rest):
                    mention.linked_to = mention.key = k
                    break


def find_persons(
    masked: str, raw: str, credit_spans: Iterable[CreditSpan], credit_keys: set[str]
) -> tuple[PersonFound, ...]:
    """Return the officials named in masked text (see titles.mask), in reading order."""
    raw = raw if len(raw) == len(masked) else masked
    candidates = _mentions(masked, credit_spans)
    starts = sorted(m.start for m in candidates if not m.caps)
    groups = find_groups(masked)
    context: dict[int, bool] = {}
    for index, mention in enumerate(candidates):
        honorific, hon_start = _honorific(masked, mention.start)
        floor = candidates[index - 1].end if index else 0
        seg_start = sentence_start(masked, hon_start, floor)
        before, chain_start = titles_before(
            masked,
            seg_start,
            hon_start,
            bridge=honorific not in _PLAIN_HONORIFICS,
            copula=bool(honorific),
        )
        if before and not honorific:
            honorific, _ = _honorific(masked, chain_start)
        # `A (bí danh B) - Trưởng ban`: the alias's name does not end A's chain.
        alias = ALIAS_RE.match(masked, mention.end)
        after_at = alias.end() if alias else mention.end
        limit = next((s for s in starts if s >= after_at), len(masked))
        after, chain_end = titles_after(masked, mention.end, limit)
        group_titles: list[str] = []
        in_group = False
        for g_start, g_end, g_titles, comrades in groups:
            if g_start <= mention.start < g_end:
                in_group = True
                group_titles = g_titles
                honorific = honorific or ("đồng chí" if comrades else "")
        mention.honorific = honorific
        mention.before = before
        mention.titles = group_titles + before + after
        mention.full_start = min(hon_start, chain_start)
        mention.full_end = chain_end
        born = _BORN_AFTER_RE.match(masked, mention.end)
        context[id(mention)] = bool(honorific or before or after or in_group or born)
        if mention.loose:
            context[id(mention)] = bool(after and not before)
        if mention.caps:
            # Capitals after a post are a byline fused to it (`… Bộ Công an TRẦN
            # MINH`); a name in capitals is one only with its post after it.
            context[id(mention)] = bool(after)
    accepted: list[_Mention] = []
    for mention in candidates:
        # `… ông Mai Văn C` where an excerpt stops: the name may be cut; a caption
        # ending `Thủ tướng Phạm Minh Chính` is whole.
        tail = masked[mention.end :].strip()
        glued = masked[mention.end : mention.end + 1] in {"…", "."}
        if (
            not tail
            and (not mention.titles or not pagetext.is_syllable(mention.words[-1]))
        ) or (tail in {"…", "..."} and glued):
            # Cut where the excerpt stops: `… Chủ tịch UBND tỉnh Thái Ng`,
            # `ông Mai Văn C…`.
            continue
        key = mention.key
        prefix = masked[max(0, mention.start - 40) : mention.start]
        if key not in PLACE_NAMES and (
            PLACE_BEFORE_RE.search(prefix) and not context[id(mention)]
        ):
            continue
        strong = (
            text.key(mention.words[0]) in STRONG_SURNAMES
            and len(mention.words) >= 3
            and not mention.caps
        )
        if context[id(mention)] or (strong and key not in credit_keys):
            accepted.append(mention)
    accepted_keys = {m.key for m in accepted}
    for mention in candidates:
        if mention not in accepted and mention.key in accepted_keys:
            prefix = masked[max(0, mention.start - 40) : mention.start]
            if mention.key not in PLACE_NAMES and not PLACE_BEFORE_RE.search(prefix):
                accepted.append(mention)
    accepted.sort(key=lambda m: m.start)
    # Posts stated later in the sentence (`ông nay giữ chức …`) run up to the next
    # accepted name, past places like `huyện Triệu Sơn`; they never make a name.
    later: dict[int, list[str]] = {}
    for mention, after_next in zip(accepted, [*accepted[1:], None], strict=False):
        limit = after_next.start if after_next else len(masked)
        agent = AGENT_BEFORE_RE.search(
            masked, max(0, mention.full_start - 12), mention.full_start
        )
        later[id(mention)] = titles_later(
            masked, mention.full_end, limit, agent=agent is not None
        )
        mention.titles = mention.titles + later[id(mention)]
    pronoun_posts(masked, accepted)
    share_across_lists(masked, accepted, later)
    share_item_chains(masked, accepted)
    _fold_short_names(masked, accepted)
    known = {m.key: m for m in accepted if not m.linked_to}
    taken = {m.start for m in candidates}
    refs = _short_refs(masked, known, taken)
    for ref in refs:
        _, hon_start = _honorific(masked, ref.start)
        ref.full_start, ref.full_end = hon_start, ref.end
        ref.key = ref.linked_to
    everyone = sorted(accepted + refs, key=lambda m: m.start)
    # `bà Tuyến lần lượt giữ các chức …`: a short reference carries posts too.
    for ref in refs:
        nxt = next((m.start for m in everyone if m.start > ref.end), len(masked))
        ref.titles = titles_later(masked, ref.end, nxt)
    by_start = {m.full_start: m for m in everyone}
    for mention in everyone:
        after, shared = _role_after(masked, mention, by_start)
        before = _role_before(masked, mention, everyone)
        # A verb right after the name wins; `Dự hội nghị có A; B chủ trì` gives A
        # the intro's role, not the verb that belongs to B.
        role = (after if not shared else "") or before or after
        if role:
            mention.roles.append(role)
    return _merge(everyone, raw)


_RANK_RE = re.compile(
    r"(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy)|(?:Phó\s+|Chuẩn\s+)?Đô\s+đốc",
    re.IGNORECASE,
)


def _merge(mentions: list[_Mention], raw: str) -> tuple[PersonFound, ...]:
    by_key: dict[str, list[_Mention]] = {}
    for m in mentions:
        by_key.setdefault(m.key, []).append(m)
    out = []
    for key, group in by_key.items():
        full = [m for m in group if not m.linked_to]
        if not full:
            continue
        name = text.normalize(unmask(full[0].name))
        surfaces = tuple(
            dict.fromkeys(" ".join(raw[m.start : m.end].split()) for m in group)
        )
        # A military rank is a title too (`Đại tướng`); `ông`, `bà` are not.
        ranks = [m.honorific for m in group if _RANK_RE.fullmatch(m.honorific)]
        titles = dedupe_titles(
            ranks + [t for m in group for t in m.titles], prefixes=True
        )
        roles = [r for m in group for r in m.roles]
        role = max(roles, key=lambda r: _ROLE_RANK[r]) if roles else ""
        honorific = next((m.honorific for m in group if m.honorific), "")
        out.append(
            PersonFound(
                name=name,
                key=key,
                surfaces=surfaces,
                titles=titles,
                role=role,
                honorific=honorific,
                count=len(group),
            )
        )
    return tuple(out)


def person_key(name: str) -> str:
    """Return the key two spellings of one name share (case, Unicode form, tones)."""
    return text.key(name)


__all__ = ["HEAD_RE", "find_persons", "person_key"]
