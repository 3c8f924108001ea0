"""Bylines and photo credits: who wrote or photographed, never who is reported on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import pagetext, text
from ..codekeys import TYPE_WORDS
from .names import REGION_NAMES, is_title_case

_CREDIT_RE = re.compile(
    r"(?:^|(?<=[\s_(\[|–-]))(?<!Nguồn )(?:(Bài và ảnh|Bài, ảnh|Tin, ảnh|Tin và ảnh"
    r"|Tin|Bài|Tác giả|Nhóm phóng viên|Thực hiện)|Ảnh minh họa|Ảnh tư liệu|Ảnh|Nguồn"
    r"|Video|Clip|Đồ họa)"
    r"\s*:\s*([^\n\]]{1,80}?)(?=$|\n|\]|\)\s*$|\)\s*\n|\.\s)",
    re.IGNORECASE,
)
_THEO_RE = re.compile(r"^\s*\(?Theo\s+([^\n)]{2,60})\)?\s*$", re.MULTILINE)
_NOTE_RE = re.compile(
    r"\s*\((?:tổng hợp|TH|T/H|lược ghi|ghi|theo [^)]*|thực hiện|biên dịch)\)\s*$",
    re.IGNORECASE,
)
# `Hữu Bằng- Thanh Hiểu`: a dash spaced on one side parts names as well, and so
# does an underscore (`Linh Anh _Văn Kiên`).
# `Đức Nguyên-Hiệp Thương`: a dash between two capitalised names parts them too.
_SPLIT_RE = re.compile(
    r"\s*(?:/|,|;|\s[-–_]|[-–_]\s|\svà\s|(?<=[a-zà-ỹđ])[-–](?=[A-ZĐÀ-Ỹ]))\s*"
)
_AGENCY_RE = re.compile(r"^[A-ZĐ][A-ZĐ.]{1,7}$")
# An outlet's web address after the author (`Hồng Nhung/VOV.VN`) says where the
# piece ran, not who wrote it.
_OUTLET_RE = re.compile(r"^[\w.-]+\.(?:vn|com|net|org|info)$", re.IGNORECASE)
# The label in front of an author line: `Bài và ảnh: NGỌC HƯNG`.
_LABEL_RE = re.compile(
    r"^\s*(?:bài và ảnh|bài, ảnh|bài/ảnh|tin và ảnh|tin, ảnh|tin/ảnh|tin|bài"
    r"|thực hiện|nhóm phóng viên|nhóm pv|ghi chép|tác giả|nguồn tin|nguồn"
    r"|bt|btv|biên tập)\s*:\s*"
    r"|^\s*theo\s+",
    re.IGNORECASE,
)
_LINE_LABELS = "tác giả|nguồn tin|nguồn|theo|bài|tin|thực hiện|bt|btv|biên tập"
_TRAILING_LINES = 6
# One Vietnamese syllable without diacritics: tells `THANH GIANG` from `VIDEO CLIPS`.
_SYLLABLE_RE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?$"
)


@dataclass(frozen=True)
class CreditSpan:
    """Where a credit sits in the text, so names inside it are not officials."""

    start: int
    end: int
    names: tuple[str, ...]
    is_byline: bool = False  # the article's authors, not a photographer


def _is_name(part: str) -> bool:
    if re.fullmatch(r"(?:[A-ZĐ]\.\s?){1,2}[A-ZĐ][^\W\d_]{1,7}", part):
        last = part.replace(".", " ").split()[-1]  # `D.Ngọc`, `Đ.ĐẠO`
        return is_title_case(last) or (
            last.isupper() and _SYLLABLE_RE.match(text.fold(last)) is not None
        )
    words = part.split()
    if not 1 <= len(words) <= 4:
        return False
    if all(len(w) == 1 for w in words):
        return False  # `A A`: the buttons that set the font size
    if len(words) >= 2 and all(w.isupper() and w.isalpha() for w in words):
        # `THANH GIANG`: bylines set in capitals, but not `VIDEO CLIPS`.
        return all(_SYLLABLE_RE.match(text.fold(w)) for w in words)
    return all(is_title_case(w) for w in words)


def _tidy(part: str) -> str:
    words = part.split()
    if len(words) >= 2 and all(w.isupper() for w in words):
        return " ".join(w.capitalize() for w in words)
    return part


# Page furniture with a name's shape: a comment box's heading, an account's
# placeholder, a box's button (`Ý KIẾN`, `Góp ý kiến`, `Guest`, `Trọn bộ`).
_FURNITURE_RE = re.compile(
    r"(?:góp |gửi )?ý kiến(?: bạn đọc)?|user|guest|khách|thành viên|trọn bộ"
)
_PHOTO_LABEL_RE = re.compile(r"(?:ảnh|nguồn ảnh|video|clip|đồ họa)\s*:", re.I)
# A reporter or a team credited by role: `pv`, `P.V`, `Nhóm PV HNMO`.
_ROLE_CREDIT_RE = re.compile(
    r"(?:nhóm\s+)?(?:pv|p\.v|phóng viên)(?:\s+[A-ZĐ]{2,10})?", re.IGNORECASE
)


def credit_names(raw: str) -> list[str]:
    """Return the people or agencies named in one credit: `VGP/Nhật Bắc` → two."""
    raw = pagetext.strip_degrees(_NOTE_RE.sub("", raw.strip())).strip(" .;,")
    raw = re.sub(r"\s*[()]\s*", "/", raw).strip("/")  # `Thái Hùng (TTXVN)`: two credits
    names = []
    for part in _SPLIT_RE.split(raw):
        part = part.strip(" .")
        if _OUTLET_RE.match(part) or pagetext.is_not_author(part):
            continue
        if _FURNITURE_RE.fullmatch(text.key(part)):
            continue
        if _PHOTO_LABEL_RE.match(part):
            continue  # `Ảnh: Viết Thành` beside the author: the photographer
        if part and (
            _is_name(part) or _AGENCY_RE.match(part) or _ROLE_CREDIT_RE.fullmatch(part)
        ):
            names.append(_tidy(part))
    return names


def byline_names(raw: str) -> list[str]:
    """Return the names in a byline argument: `Thùy Linh (tổng hợp)` → `Thùy Linh`."""
    names: list[str] = []
    # The importer joins the lines it took (`Tác giả: A`, `Nguồn tin: Báo B`) with
    # commas; each keeps its own label.
    for line in re.split(rf",\s*(?=(?:{_LINE_LABELS})\b)", raw, flags=re.I):
        names += credit_names(_LABEL_RE.sub("", line.strip().rstrip("|")))
    return names


# An agency and the outlet that ran its story, as one credit: `TTXVN/Báo Tin tức`.
_AGENCY_OUTLET_RE = re.compile(
    r"[A-ZĐ]{2,8}\s*/\s*(?:Báo|Tạp chí|Đài|Cổng thông tin)\s+[^\W\d_][^\W_]*"
    r"(?:\s+[^\W\d_][^\W_]*){0,4}"
)


# The office after a closing byline, as one acronym: `A-B, TTVHTTTTDL`.
_OFFICE_AFTER_RE = re.compile(r",\s*[A-ZĐ]{3,14}$")


def _byline_line(line: str) -> list[str]:
    core = _NOTE_RE.sub("", line.strip())
    core = _OFFICE_AFTER_RE.sub("", core) if _SPLIT_RE.search(core) else core
    if not core or core[-1] in ".!?:…" or len(core.split()) > 8:
        return []
    if _AGENCY_OUTLET_RE.fullmatch(core):
        return [" ".join(core.split())]
    names = credit_names(core)
    if re.fullmatch(r"\([^()]*\)", core.strip()):
        return []  # `(TTXVN/Vietnam+)`: where the story came from, not its author
    bare = pagetext.strip_degrees(re.sub(r"\s*[()]\s*", "/", core).strip("/"))
    kept = _SPLIT_RE.split(bare)
    kept = [p for p in kept if p.strip(" .") and not _OUTLET_RE.match(p.strip(" ."))]
    # Every word of the line must belong to a name, or it is prose.
    words = sum(len(p.split()) for p in kept)
    return names if len(" ".join(names).split()) == words else []


# A timestamp after a credit on its line: `Minh Khang 17/08/2024 09:30`.
_TRAILING_STAMP_RE = re.compile(r"[\s|,–-]+\d{1,2}\s*[/:.-]\s*\d{1,2}[\d\s/:.,-]*$")
_LEADING_LINES = 5
# Initials and a name in capitals signing the last sentence on its line.
_FUSED_INITIALS_RE = re.compile(
    r"(?<=[.!?…”\"])\s+(?P<who>(?:[A-ZĐ]\.\s?){1,2}[A-ZĐÀ-Ỹ]{2,7})\s*\|?\s*$"
)
# The years of a life under a portrait: `(1948-2010)`, `(Sinh năm 1950)`.
_LIFE_YEARS_RE = re.compile(
    r"\(\s*(?:(?:sinh|sn)\s*(?:năm\s*)?)?(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*\)",
    re.IGNORECASE,
)


_WEEKDAY_RE = re.compile(r"thứ (?:hai|ba|tư|năm|sáu|bảy|bẩy)|chủ nhật")


_HONOURED_RE = re.compile(r"(?:Ông|Bà|Đồng chí|ÔNG|BÀ)\s")


def _not_a_signature(line: str) -> bool:
    """Tell a heading, a place or page furniture at the top from an author's name."""
    if _ROLE_CREDIT_RE.fullmatch(line.strip(" .")):
        return False
    if text.key(line) in REGION_NAMES or line.endswith(":"):
        return True
    if _HONOURED_RE.match(line.strip()):
        return True  # `Ông Phan Xuân Thủy` under a photo: whom it shows, no author
    if text.key(line).strip(" :") in TYPE_WORDS:
        return True  # `QUYẾT ĐỊNH` over a legal text: its heading
    if _WEEKDAY_RE.fullmatch(text.key(line).strip(" ,")):
        return True  # `Thứ Ba, 31/12/2019 14:27` with its stamp taken off
    if pagetext.caps_heading(line) or pagetext.is_end_marker(line):
        return True
    if pagetext.is_menu(line):
        return True
    # Every word of a pen name is a Vietnamese syllable: not `Media Player`.
    return not pagetext._vietnamese_name(line)


# The author and the date opening a line of a blog or a list page: `Huy Đức
# 1-2-2021 Được …`, `… bởi Linh 15 Tháng 9, 2025 …`.
_CAP = r"[A-ZĐÀ-Ỹ][^\W\d_]*"
_AUTHOR_DATE_RE = re.compile(
    rf"(?:^|(?<=\sbởi\s))(?P<who>{_CAP}(?:\s+{_CAP}){{0,3}})\s+"
    r"\d{1,2}(?:\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{4}|\s+[Tt]háng\s+\d{1,2},?\s+\d{4})\s"
)


def _author_before_date(line: str) -> str:
    m = _AUTHOR_DATE_RE.search(line)
    if not m or (m.start() > 0 and not line[: m.start()].rstrip().endswith("bởi")):
        return ""
    who = m.group("who")
    if _not_a_signature(who) or not _is_name(who):
        return ""
    return who


def _leading_credits(norm: str, start: int, end: int) -> list[CreditSpan]:
    """Return the author lines at the top of the text, before or just after the lead.

    A line there that is nothing but names or an agency (`Thu Hà`, `TTXVN`, printed
    twice, or with its timestamp after it) signs the article; at most one line of
    prose (the lead) may come before it, and places and headings never do.
    """
    spans: list[CreditSpan] = []
    prose = 0
    pos = start
    seen = 0
    for line in norm[start:end].split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        core = line.strip().rstrip(" |")
        if not core:
            continue
        seen += 1
        # `* Bùi Văn Bồng`: blogs mark the author line under the title with a star.
        core = re.sub(r"^\*[ \t]*", "", core)
        if seen > _LEADING_LINES:
            break
        bare = _TRAILING_STAMP_RE.sub("", core)
        names = [] if _not_a_signature(bare) else _byline_line(bare)
        if not names and (who := _author_before_date(core)):
            at = line_start + line.index(who)
            spans.append(CreditSpan(at, at + len(who), (who,), True))
            continue
        if names:
            spans.append(
                CreditSpan(line_start, line_start + len(line), tuple(names), True)
            )
            continue
        if len(core) >= 80 or core[-1:] in ".!?…":
            prose += 1
            if prose > 1:
                break
    return spans


def find_credits(
    norm: str, body_span: tuple[int, int], lead_start: int | None = None
) -> list[CreditSpan]:
    """Return the credits in the text: photo credits, `Bài: …`, a closing byline."""
    spans = [
        CreditSpan(
            m.start(), m.end(), tuple(credit_names(m.group(2))), bool(m.group(1))
        )
        for m in _CREDIT_RE.finditer(norm)
    ]
    spans = [s for s in spans if s.names]
    for m in _THEO_RE.finditer(norm):
        names = tuple(credit_names(m.group(1)))
        if names:
            spans.append(CreditSpan(m.start(), m.end(), names, True))
    start, end = body_span
    top = start if lead_start is None else lead_start
    spans += [
        s
        for s in _leading_credits(norm, top, end)
        if not any(o.start <= s.start < o.end for o in spans)
    ]
    lines = []
    pos = start
    for line in norm[start:end].split("\n"):
        if line.strip():
            lines.append((pos, line))
        pos += len(line) + 1
    for line_start, line in reversed(lines[-_TRAILING_LINES:]):
        if _LIFE_YEARS_RE.fullmatch(line.strip()):
            break  # `Hà Thị Lụa` over `(1948-2010)`: a portrait's caption, no byline
        if text.key(line.strip(" |.")) in REGION_NAMES:
            break  # `Hưng Yên`: a place (a dateline, a table's last cell), no author
        names = _byline_line(line.rstrip(" |"))
        _, signed = pagetext.split_signature(line)
        if not signed and (initials := _FUSED_INITIALS_RE.search(line)):
            signed = initials.group("who")  # `… ở vị trí mới. V.GIANG |`
        taken = any(s.start <= line_start < s.end for s in spans)
        if not names and signed and (names := credit_names(signed)) and not taken:
            at = line_start + line.rindex(signed)
            spans.append(CreditSpan(at, at + len(signed), tuple(names), True))
            break
        if names and not any(s.start <= line_start < s.end for s in spans):
            spans.append(
                CreditSpan(line_start, line_start + len(line), tuple(names), True)
            )
            break
        if line.rstrip()[-1:] in '.!?…”"' or len(line.split()) > 12:
            break  # reached the article's last sentence: no byline below it
    return spans
