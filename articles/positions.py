"""Posts named by title phrases: `Trưởng ban Tổ chức T.Ư` → one normalised post.

Pure Python: a title phrase as the extractor wrote it (`PersonMention.titles`)
goes in, a `TitleReading` comes out: the post it names (rank, body, place, kind
and the key every spelling of that post shares), the state the phrase gives
the holder (`nguyên`, `cựu`, `tân`, `quyền`) and a Party term written after it
(`Ủy viên Bộ Chính trị khóa XIV`). Spellings are unified with the project's one
abbreviation table (`articles.abbreviations`): `T.Ư`, `TƯ`, `TW` are
`Trung ương`, `UBND` is `Ủy ban nhân dân`, and so on.

A phrase that names no identifiable post gives no post: a military rank
(`Thượng tướng`), a rank without its body (`Phó Trưởng Ban`, `Bộ trưởng`), a
local committee without its place (`Bí thư Tỉnh ủy`) unless the article names
the place (`places`, see `local_places`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import abbreviations, text
from .positions_tables import (
    CITIES,
    LOCAL_FORMS,
    NOT_POSTS,
    PROVINCES,
    RANKS,
    SPECIAL,
    SYNONYMS,
    Kind,
    Rank,
)


class State:
    CURRENT = ""
    FORMER = "former"  # `nguyên`, `cựu`, `cố`
    NEW = "new"  # `tân`
    ACTING = "acting"  # `quyền`


class BodyKind:
    POLITBURO = "politburo"
    SECRETARIAT = "secretariat"
    CENTRAL_COMMITTEE = "central_committee"
    CENTRAL_PARTY = "central_party"
    LOCAL_PARTY = "local_party"
    ASSEMBLY = "assembly"
    GOVERNMENT = "government"
    STATE = "state"
    MINISTRY = "ministry"
    LOCAL_GOVERNMENT = "local_government"
    FRONT = "front"
    JUDICIARY = "judiciary"
    MILITARY = "military"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Post:
    """One post (or membership) as every spelling of it normalises."""

    name: str
    key: str
    rank: str
    order: int  # 1 heads the body; larger numbers rank lower
    body: str
    body_kind: str
    place: str
    kind: str
    single: bool  # one holder at a time: a later holder ends the earlier one

    @property
    def body_key(self) -> str:
        return name_key(self.body)


@dataclass(frozen=True, slots=True)
class TitleReading:
    """What one title phrase says: its post, the holder's state, a term."""

    phrase: str
    post: Post | None
    state: str = State.CURRENT
    term: int | None = None


def name_key(value: str) -> str:
    """Return the key two spellings of one post share: its syllables, case-folded."""
    return " ".join(text.syllables(value))


def folded_key(value: str) -> str:
    """Return the key without diacritics (`truong ban to chuc trung uong`)."""
    return " ".join(t.folded for t in text.tokens(value))


_LOCAL_RES = [(re.compile(rf"(?<!\w)(?:{p})(?!\w)"), v) for p, v in LOCAL_FORMS]
_RANK_RES = [(re.compile(rf"{r.pattern}(?!\w)", re.IGNORECASE), r) for r in RANKS]


def expand(phrase: str) -> str:
    """Return phrase with every abbreviation written out, table casing applied.

    Two passes: abbreviations first (`T.Ư` → `Trung ương`), then the table's
    expansions written in another case (`ban Tổ chức Trung ương`), so both
    become `Ban Tổ chức Trung ương`.
    """
    for pattern, value in _LOCAL_RES:
        phrase = pattern.sub(value, phrase)
    for abbreviated in (True, False):
        phrase = _replace(phrase, abbreviated)
    return " ".join(phrase.split())


def _replace(phrase: str, abbreviated: bool) -> str:
    toks = list(text.tokens(phrase))
    spans = []
    for found in abbreviations.find(phrase, toks):
        entry = found.entry
        if entry.expansion in NOT_POSTS or entry.expansion.isdigit():
            continue
        is_abbr = abbreviations.is_abbreviation(found.spelling) or (
            found.spelling.text != entry.expansion
        )
        if is_abbr != abbreviated:
            continue
        window = toks[found.start : found.end]
        if not abbreviated and tuple(t.norm for t in window) != tuple(
            text.syllables(entry.expansion)
        ):
            continue  # only a change of case, never of diacritics
        spans.append((found.start, found.end, entry.expansion))
    # Longest first at each place, no overlaps.
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    chosen, last = [], -1
    for start, end, value in spans:
        if start >= last:
            chosen.append((start, end, value))
            last = end
    for start, end, value in reversed(chosen):
        a, b = toks[start].start, toks[end - 1].end
        # `TP.Hà Nội`: the abbreviation's dot joined the next word.
        tail = " " if phrase[b : b + 1] in {".", ","} and b + 1 < len(phrase) else ""
        skip = 1 if tail else 0
        phrase = phrase[:a] + value + tail + phrase[b + skip :]
    return phrase


_STATE_RE = re.compile(r"^(nguyên|cựu|cố|tân|quyền)\s+", re.IGNORECASE)
_STATES = {
    "nguyên": State.FORMER,
    "cựu": State.FORMER,
    "cố": State.FORMER,
    "tân": State.NEW,
    "quyền": State.ACTING,
}
_ROMAN = {abbreviations.roman(n).upper(): n for n in range(1, 40)}
TERM_SUFFIX_RE = re.compile(r",?\s+khóa\s+([IVXL]+|\d{1,2})$", re.IGNORECASE)
_CLEAN_RE = re.compile(r"\s*\([^)]*\)\s*|[…|]+")

# Local committees and governments: the place follows the locality word.
_LOCALITY = {
    "tỉnh ủy": "tỉnh",
    "thành ủy": "thành phố",
    "huyện ủy": "huyện",
    "quận ủy": "quận",
    "thị ủy": "thị xã",
    "tỉnh": "tỉnh",
    "thành phố": "thành phố",
    "huyện": "huyện",
    "quận": "quận",
    "thị xã": "thị xã",
}
_LOCALITY_RE = re.compile(
    r"(?<!\w)(Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy|tỉnh|thành phố|huyện|quận"
    r"|thị xã)(?!\w)",
    re.IGNORECASE,
)


_SUFFIX_KEYS = {name_key(p): p for p in PROVINCES}
_PROVINCE_KEYS = _SUFFIX_KEYS | {
    "hồ chí minh": "Thành phố Hồ Chí Minh",
    "huế": "Huế",
}


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def _place_words(words: list[str]) -> list[str]:
    """Return the capitalised words a place name is made of, from the start."""
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i].strip(",;.")
        if _capitalised(w):
            out.append(w)
            if words[i] != w:
                break
        elif (
            w in {"-", "–"}
            and out
            and i + 1 < len(words)
            and _capitalised(words[i + 1])
        ):
            out.append("-")
        else:
            break
        i += 1
    return out


def place_name(value: str) -> str:
    """Return a place as the archive writes it: `TP.HCM` → `Thành phố Hồ Chí Minh`."""
    value = " ".join(value.replace("–", "-").split()).strip(" -")
    value = re.sub(r"^(?:tỉnh|thành phố|TP\.?)\s+", "", value, flags=re.IGNORECASE)
    return _PROVINCE_KEYS.get(name_key(value), value)


_COMMITTEE_CASE = {
    k: k[:1].upper() + k[1:]
    for k in ("tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy", "đảng ủy")
}
# Organ words whose next word starts the organ's proper name (`Ban Tổ chức`).
_ORGANS = (
    "Ban",
    "Bộ",
    "Sở",
    "Vụ",
    "Cục",
    "Tổng cục",
    "Ủy ban",
    "Văn phòng",
    "Học viện",
    "Viện",
)
_ORGAN_RE = re.compile(
    r"(?<!\w)(" + "|".join(_ORGANS) + r")\s+"
    r"(?!nhân dân|cán sự|chỉ đạo|công tác|các|trưởng|của)(\w)"
)


def _case_body(body: str) -> str:
    body = body[:1].upper() + body[1:]
    for low, cased in _COMMITTEE_CASE.items():
        body = re.sub(rf"(?<!\w){low}(?!\w)", cased, body, flags=re.IGNORECASE)
    words = body.split(" ")
    for i in range(1, len(words)):
        low = words[i].lower()
        if low in {"tỉnh", "thành", "huyện", "quận"} and words[i - 1][:1].isupper():
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if nxt.lower() != "ủy":
                words[i] = low  # `Ủy ban nhân dân Tỉnh Lào Cai`
    body = " ".join(words)
    return _ORGAN_RE.sub(lambda m: f"{m.group(1)} {m.group(2).upper()}", body)


def body_kind(body: str) -> str:
    """Return what kind of body a body's name is."""
    k = name_key(body)
    padded = f" {k} "
    if k == "bộ chính trị":
        return BodyKind.POLITBURO
    if k == "ban bí thư":
        return BodyKind.SECRETARIAT
    if k.startswith("ban chấp hành trung ương"):
        return BodyKind.CENTRAL_COMMITTEE
    if k.startswith(("ủy ban nhân dân", "hội đồng nhân dân")):
        return BodyKind.LOCAL_GOVERNMENT
    if " trung ương " in padded and k.startswith(
        ("ban ", "ủy ban kiểm tra", "văn phòng", "hội đồng lý luận", "quân ủy")
    ):
        return BodyKind.CENTRAL_PARTY
    if re.search(
        r" (?:tỉnh|thành|huyện|quận|thị|đảng) ủy | đảng bộ |ban cán sự", padded
    ):
        return BodyKind.LOCAL_PARTY
    if " mặt trận tổ quốc " in padded or "đoàn thể" in k or k.startswith("hội "):
        return BodyKind.FRONT
    if " quốc hội " in padded or k.startswith("hội đồng dân tộc"):
        return BodyKind.ASSEMBLY
    if k in ("chính phủ", "văn phòng chính phủ"):
        return BodyKind.GOVERNMENT
    if k.startswith("nhà nước") or "chủ tịch nước" in k or k.startswith("kiểm toán"):
        return BodyKind.STATE
    if k.startswith("bộ ") and not k.startswith("bộ đội"):
        return BodyKind.MINISTRY
    if re.search(r"tòa án|viện kiểm sát", k):
        return BodyKind.JUDICIARY
    if re.search(
        r"quân đội|quân khu|quân chủng|binh chủng|bộ đội|tổng cục chính trị|quân ủy", k
    ):
        return BodyKind.MILITARY
    return BodyKind.OTHER


def _place(body: str) -> tuple[str, str, str | None]:
    """Return the body with its place written the one way, the place, and the
    locality still missing a place (`Tỉnh ủy` alone)."""
    # `Thành ủy TP Hà Nội`: the committee's word says the locality already.
    body = re.sub(
        r"(?<!\w)(Tỉnh ủy|Thành ủy)\s+(?:tỉnh|thành phố|TP\.?)\s+(?=\w)",
        r"\1 ",
        body,
        flags=re.IGNORECASE,
    )
    last = None
    for m in _LOCALITY_RE.finditer(body):
        last = m
    if last is not None:
        rest = body[last.end() :].split()
        if (
            rest
            and rest[0].lower() in {"tỉnh", "thành"}
            and last.group(1).lower()
            in {
                "tỉnh ủy",
                "thành ủy",
            }
        ):
            rest = rest[2:] if rest[0].lower() == "thành" else rest[1:]
        words = _place_words(rest)
        if words:
            place = place_name(" ".join(words))
            tail = " ".join(rest[len(words) :])
            head = body[: last.end()]
            if place.startswith("Thành phố ") and head.lower().endswith("thành phố"):
                head = head[: -len("thành phố")]
            return " ".join(f"{head} {place} {tail}".split()), place, None
        if not body[last.end() :].strip():
            return body, "", _LOCALITY[last.group(1).lower()]
    # `Sở Y tế Hà Nội`: a province's name ends the body.
    for size in (4, 3, 2, 1):
        words = body.split()
        if len(words) > size:
            place = _SUFFIX_KEYS.get(name_key(" ".join(words[-size:])))
            if place:
                return " ".join([*words[:-size], place]), place, None
    return body, "", None


def local_places(value: str) -> dict[str, str]:
    """Return locality → place for the localities value names one place of.

    `Thành ủy Hà Nội … Thành ủy` lets the bare `Thành ủy` mean Hà Nội; two
    provinces named leave `tỉnh` without a place.
    """
    value = expand(text.normalize(value))
    found: dict[str, set[str]] = {}
    for m in _LOCALITY_RE.finditer(value):
        word = m.group(1).lower()
        rest = value[m.end() : m.end() + 80].split()
        if (
            rest
            and rest[0].lower() in {"tỉnh", "thành"}
            and word
            in {
                "tỉnh ủy",
                "thành ủy",
            }
        ):
            rest = rest[2:] if rest[0].lower() == "thành" else rest[1:]
        words = _place_words(rest[:6])
        if not words:
            continue
        place = place_name(" ".join(words))
        if word in {"tỉnh", "tỉnh ủy", "thành phố", "thành ủy"} and (
            name_key(place) not in _PROVINCE_KEYS
        ):
            continue  # `tỉnh Ủy ban …`, a provincial town: not a province's name
        found.setdefault(_LOCALITY[word], set()).add(place)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


def _read_rank(phrase: str) -> tuple[Rank, str] | None:
    for pattern, rank in _RANK_RES:
        m = pattern.match(phrase)
        if m:
            return rank, phrase[m.end() :].strip(" ,-–")
    return None


def _special(name: str) -> Post | None:
    k = name_key(name)
    canonical = _SYNONYMS_BY_KEY.get(k)
    if canonical is not None:
        k = name_key(canonical)
    entry = _SPECIAL_BY_KEY.get(k)
    if entry is None:
        return None
    canonical_name, (rank, order, body, kind, single) = entry
    return Post(
        name=canonical_name,
        key=k,
        rank=rank,
        order=int(order),
        body=body,
        body_kind=body_kind(body),
        place="",
        kind=kind,
        single=bool(single),
    )


_SPECIAL_BY_KEY = {name_key(k): (k, v) for k, v in SPECIAL.items()}
_SYNONYMS_BY_KEY = {name_key(k): v for k, v in SYNONYMS.items()}
# Bodies that name no one organ without more words: `Bí thư Đảng ủy`.
_BARE_BODIES = frozenset(
    name_key(b)
    for b in (
        "Đảng ủy",
        "Ban cán sự đảng",
        "Đảng đoàn",
        "Chi bộ",
        "Ban Thường vụ",
        "Ủy ban Kiểm tra",
        "Văn phòng",
        "Học viện",
        "Ban",
        "Bộ",
        "Sở",
        "Vụ",
        "Cục",
        "Tổng cục",
        "Đoàn",
        "Việt Nam",
        "Bộ trưởng",
        "Hội đồng nhân dân",
        "Ủy ban nhân dân",
    )
)
# What a Party secretary's body starts with (`Bí thư Phú Thọ` names none).
_SECRETARY_BODY_RE = re.compile(
    r"(?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng|Quân|Xã|Phường)\s+ủy|Ban|Chi bộ|Đảng"
    r"|Trung ương|Đoàn|Liên chi",
    re.IGNORECASE,
)


def _body_of(rank: Rank, rest: str) -> str:
    if rank.organ:
        organ_low = rank.organ.lower()
        if rest.lower() == organ_low or rest.lower().startswith(organ_low + " "):
            rest = rest[len(rank.organ) :].strip()
        if not rest:
            return ""
        return f"{rank.organ} {rest}"
    return rest or rank.default_body


def read_post(phrase: str, places: Mapping[str, str] | None = None) -> Post | None:
    """Return the post a title phrase (without state or term) names, if any."""
    special = _special(phrase)
    if special:
        return special
    found = _read_rank(phrase)
    if found is None:
        return None
    rank, rest = found
    committee = re.match(r"(Tỉnh|Thành|Huyện|Quận|Thị)\s+ủy\s+viên", phrase, re.I)
    if committee:
        rest = f"{committee.group(1).capitalize()} ủy {rest}".strip()
    chair = rank.label.endswith("Chủ tịch") or rank.label.startswith("Phó Chủ tịch")
    # `Chủ tịch tỉnh Thừa Thiên Huế`: the province's people's committee.
    if chair and re.match(r"(?:tỉnh|thành phố|huyện|quận|thị xã)\s", rest, re.I):
        rest = f"Ủy ban nhân dân {rest}"
    secretary = rank.label in {"Bí thư", "Phó Bí thư", "Phó Bí thư Thường trực"}
    if secretary and rest and not _SECRETARY_BODY_RE.match(rest):
        province = _PROVINCE_KEYS.get(name_key(rest))
        if not province:
            return None
        rest = f"{'Thành ủy' if province in CITIES else 'Tỉnh ủy'} {province}"
    if rank.label in {"Đại sứ", "Tổng Lãnh sự"} and " tại " not in f" {rest} ":
        return None  # `Đại sứ Việt Nam`: where is not said
    body = _body_of(rank, rest)
    if not body:
        return None
    body = _case_body(body)
    body, place, missing = _place(body)
    if missing or (body.startswith("Sở ") and not place):
        wanted = missing or "tỉnh"
        place = (places or {}).get(wanted, "")
        if not place and wanted == "tỉnh":
            place = (places or {}).get("thành phố", "")
        if not place:
            return None  # `Bí thư Tỉnh ủy`: which province the page does not say
        body = f"{body} {place}"
    if name_key(body) in _BARE_BODIES:
        return None
    if rank.kind == Kind.MEMBERSHIP and rank.organ and not body.startswith(rank.organ):
        body = f"{rank.organ} {body}"
    name = f"{rank.prefix} {body}"
    special = _special(name)
    if special:
        return special
    return Post(
        name=name,
        key=name_key(name),
        rank=rank.label,
        order=rank.order,
        body=body,
        body_kind=body_kind(body),
        place=place,
        kind=rank.kind,
        single=rank.single,
    )


@functools.lru_cache(maxsize=20_000)
def _read_cached(phrase: str, places: tuple[tuple[str, str], ...]) -> TitleReading:
    value = " ".join(text.normalize(phrase).split()).strip(" ,;:.-–")
    value = _CLEAN_RE.sub(" ", value).strip(" ,;:.-–")
    state = State.CURRENT
    while m := _STATE_RE.match(value):
        state = _STATES[m.group(1).lower()]
        value = value[m.end() :]
    term = None
    if m := TERM_SUFFIX_RE.search(value):
        number = m.group(1).upper()
        term = int(number) if number.isdigit() else _ROMAN.get(number)
        value = value[: m.start()]
    value = expand(value)
    if value[:1].islower():
        value = value[:1].upper() + value[1:]
    post = read_post(value, dict(places))
    if post is None or post.body_kind not in _TERMED:
        term = None  # `Bí thư Tỉnh ủy khóa XIV`: a province's own numbering
    return TitleReading(phrase=phrase, post=post, state=state, term=term)


_TERMED = frozenset(
    {
        BodyKind.POLITBURO,
        BodyKind.SECRETARIAT,
        BodyKind.CENTRAL_COMMITTEE,
        BodyKind.CENTRAL_PARTY,
    }
)


def read_title(phrase: str, places: Mapping[str, str] | None = None) -> TitleReading:
    """Return what a title phrase says: post, the holder's state and a term."""
    return _read_cached(phrase, tuple(sorted((places or {}).items())))


_BARE_TAIL_RE = re.compile(
    r"(?<!\w)(?:(?P<standing>Ban Thường vụ|Thường vụ)|(?P<cadre>Ban cán sự đảng))$",
    re.IGNORECASE,
)
_COMMITTEE_RE = re.compile(r"(?:Tỉnh|Thành|Huyện|Quận|Thị) ủy .+$")


def complete(phrase: str, posts: Sequence[Post]) -> str | None:
    """Return a phrase with the body another of the official's posts names.

    `Ủy viên Ban Thường vụ` beside `Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy A` is of
    Tỉnh ủy A; `Bí thư Ban cán sự đảng` beside `Bộ trưởng Bộ B` is of Bộ B. With
    no such post, or two that disagree, None.
    """
    value = TERM_SUFFIX_RE.sub("", " ".join(expand(text.normalize(phrase)).split()))
    m = _BARE_TAIL_RE.search(value)
    if m is None:
        return None
    if m.group("standing"):
        found = {c.group(0) for p in posts if (c := _COMMITTEE_RE.search(p.body))}
    else:
        found = {p.body for p in posts if p.body_kind == BodyKind.MINISTRY}
    if len(found) != 1:
        return None
    return f"{value} {found.pop()}"
