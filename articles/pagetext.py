"""Layout rules for raw Vietnamese news pages: headers, sources, bylines, captions.

These are the line-level judgements the importer makes about a page dumped to
text. Each rule looks at the shape and vocabulary of one line (matched in the
`text.key` form, so `Uỷ`/`Ủy` and NFD input behave alike), never at a fixed
position in a particular site's page, so it carries over to unseen pages.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from . import text

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Well-known outlets by the code they print in front of a lead.
SOURCES: dict[str, str] = {
    "TCCS": "Tạp chí Cộng sản",
    "HNMO": "Hà Nội Mới",
    "HNM": "Hà Nội Mới",
    "TTXVN": "Thông tấn xã Việt Nam",
    "VNA": "Thông tấn xã Việt Nam",
    "ĐCSVN": "Báo điện tử Đảng Cộng sản Việt Nam",
    "DANGCONGSAN": "Báo điện tử Đảng Cộng sản Việt Nam",
    "VOV": "Đài Tiếng nói Việt Nam",
    "VTV": "Đài Truyền hình Việt Nam",
    "CHINHPHU": "Báo điện tử Chính phủ",
    "BAOCHINHPHU": "Báo điện tử Chính phủ",
    "VGP": "Báo điện tử Chính phủ",
    "QĐND": "Quân đội nhân dân",
    "QĐND ONLINE": "Quân đội nhân dân",
    "ND": "Nhân Dân",
    "NDO": "Nhân Dân",
    "NHANDAN": "Nhân Dân",
    "CAND": "Công an nhân dân",
    "SGGP": "Sài Gòn Giải Phóng",
    "SGGPO": "Sài Gòn Giải Phóng",
    "TPO": "Tiền Phong",
    "ANTĐ": "An ninh Thủ đô",
    "KTĐT": "Kinh tế & Đô thị",
    "LĐO": "Lao Động",
    "BNEWS": "Thông tấn xã Việt Nam",
    "TG": "Thế giới & Việt Nam",
}
# The same outlets found by name (`Hà Nội Mới`) as well as by code.
# The first code listed for a name is its canonical one.
_SOURCE_BY_NAME: dict[str, str] = {}
for _code, _name in SOURCES.items():
    _SOURCE_BY_NAME.setdefault(text.key(_name), _code)
# Sites that print the same code under another spelling.
_CODE_ALIASES = {"DANGCONGSAN": "ĐCSVN", "BAOCHINHPHU": "CHINHPHU", "VNA": "TTXVN"}


def source_code(raw: str) -> str:
    """Return the canonical code for a printed source mark: `VOV.VN` → `VOV`."""
    code = re.sub(r"\.(?:vn|com|net|org)$", "", raw.strip(" ()"), flags=re.I)
    code = " ".join(code.split()).upper()
    return _CODE_ALIASES.get(code, code)


def lookup_source(raw: str) -> tuple[str, str]:
    """Return (code, name) for a source given by code or name; unknown parts are ""."""
    raw = " ".join(raw.split()).strip(" ()")
    if not raw:
        return "", ""
    code = source_code(raw)
    if code in SOURCES:
        return code, SOURCES[code]
    if found := _SOURCE_BY_NAME.get(text.key(raw)):
        return _CODE_ALIASES.get(found, found), SOURCES[found]
    # An unknown acronym is a code; an unknown phrase (`Dân trí`) is a name.
    if raw == raw.upper() or re.fullmatch(r"[\w-]+\.(?:vn|com|net|org)", raw, re.I):
        return code, ""
    return "", raw


# `TCCS - `, `VOV.VN - `, `QĐND Online – ` or `(HNMO) - `, `(Chinhphu.vn) – `.
_PREFIX_RE = re.compile(
    r"^(?:\((?P<paren>[^()]{2,30})\)\s*[-–—:]\s*|(?P<bare>[A-ZĐ][A-ZĐ0-9]+"
    r"(?:\.VN|\.vn)?(?: Online)?|[A-Za-z][\w-]*\.(?:vn|com|net))"
    # A dash with space on one side at least, so `COVID-19` is not a source.
    r"(?:\s+[-–—]\s*|\s*[-–—]\s+))(?=\S)"
)


def split_source_prefix(paragraph: str) -> tuple[str, str, str]:
    """Return (code, name, rest) when paragraph starts with a source mark."""
    match = _PREFIX_RE.match(paragraph)
    if not match:
        return "", "", paragraph
    mark = match.group("paren") or match.group("bare")
    if match.group("paren") and not re.search(r"[A-ZĐ]{2}|\.\w+$", mark):
        return "", "", paragraph  # `(Sáng nay) - ` is not a source mark
    code, name = lookup_source(mark)
    return code, name, paragraph[match.end() :]


# Timestamps ---------------------------------------------------------------

_ISO_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:z|[+-]\d{2}:?\d{2})?"
)
_DMY_RE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_YMD_RE = re.compile(r"(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)")
# `ngày 7 tháng 2 năm 2023`, and the header form `01 Tháng 4 2022`, `11 tháng 1, 2013`.
_WORDY_RE = re.compile(
    r"(?:ngày\s+)?(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,|\s+năm)?\s+(\d{4})"
)
# `16:6` is a clock some sites print without the minutes' leading zero.
# `3:16:17 CH`, `01:49:17 PM`: a twelve-hour clock with its half of the day.
_TIME_RE = re.compile(
    r"(?<![\d/.])(\d{1,2})\s*[:h]\s*(\d{2}|\d(?![\d/.-]))(?:\s*:\s*(\d{2}))?(?!\d)"
    r"(?:\s*(am|pm|sa|ch)\b)?"
)
# `GMT+7`, `(UTC +7)`, and the bare offset closing `26/02/2026 17:21:00 +07:00`.
_OFFSET_RE = re.compile(
    r"\(?\s*(?:gmt|utc)\s*([+-])\s*(\d{1,2})\s*\)?|(?<=\d)\s+([+-])(\d{2}):?00\s*$"
)
# What may surround the date and time on a header line and still be a header.
_FILLER_RE = re.compile(
    r"thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật|\bcn\b|\bt[2-7]\b|ngày|lúc"
    r"|cập\s*nhật|đăng(?:\s*tải)?|ngày\s*đăng|xuất\s*bản|phát\s*hành|giờ"
    r"|[\s,|\-–—'’:()\[\]/.]"
    # `Tue , 16/11/2010, 06:33:27 (GMT+7)`: a weekday in English.
    r"|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b"
    r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
)


def _timestamp(line: str) -> tuple[bool, datetime | None]:
    """Tell whether line is a timestamp, and its datetime when the date is real."""
    s = text.key(line)
    if _ISO_RE.fullmatch(s):
        try:
            parsed = datetime.fromisoformat(s.upper().replace(" ", "T"))
        except ValueError:
            return True, None
        if parsed.tzinfo is None:
            return True, parsed.replace(tzinfo=VN_TZ)
        return True, parsed.astimezone(VN_TZ)
    offset = None
    if m := _OFFSET_RE.search(s):
        sign, hours = (m.group(1), m.group(2)) if m.group(1) else m.group(3, 4)
        hours = int(hours) * (1 if sign == "+" else -1)
        offset = timezone(timedelta(hours=hours))
        s = s[: m.start()] + " " + s[m.end() :]
    date = _WORDY_RE.search(s) or _DMY_RE.search(s) or _YMD_RE.search(s)
    if not date:
        return False, None
    if date.re is _YMD_RE:
        year, month, day = (int(g) for g in date.groups())
    else:
        day, month, year = (int(g) for g in date.groups())
    rest = s[: date.start()] + " " + s[date.end() :]
    hour = minute = second = 0
    if clock := _TIME_RE.search(rest):
        hour, minute = int(clock.group(1)), int(clock.group(2))
        second = int(clock.group(3) or 0)
        if clock.group(4) in {"pm", "ch"} and hour < 12:
            hour += 12
        elif clock.group(4) in {"am", "sa"} and hour == 12:
            hour = 0
        rest = rest[: clock.start()] + " " + rest[clock.end() :]
    if _FILLER_RE.sub("", rest):
        return False, None  # other words on the line: a sentence, not a header
    try:
        when = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return True, None
    if offset is not None:
        return True, when.replace(tzinfo=offset).astimezone(VN_TZ)
    return True, when.replace(tzinfo=VN_TZ)


# A credit printed on the timestamp's line, before it: `pv| 03/02/2021 08:53`,
# `Minh Khang 17/08/2024 09:30`, `Nhóm PV HNMO - Ảnh: Viết Thành| 29/09/2017 08:20`.
_CREDIT_BEFORE_STAMP_RE = re.compile(
    r"^(?P<who>(?:[^\W\d_][^\W_]*\.?\s+){1,4}?)(?P<stamp>\d{1,2}\s*[:/.h-].*)$"
)
_PHOTO_TAIL_RE = re.compile(r"\s*[-–|]\s*ảnh\s*:.*$", re.IGNORECASE)
_ROLE_GROUP_RE = re.compile(
    r"(?:nhóm\s+)?(?:pv|p\.v|phóng viên|btv|ctv)(?:\s+[A-ZĐ]{2,10})?", re.IGNORECASE
)


def header_credit(value: str) -> str:
    """Return the author named before a header timestamp, or "" for a section.

    `pv`, `PV`, `Nhóm PV HNMO`, a pen name or full name (`Minh Khang`), optionally
    with a photo credit after it (`… - Ảnh: Viết Thành`, dropped).
    """
    value = _PHOTO_TAIL_RE.sub("", value.strip().strip("|")).strip(" -–|,")
    if not value or len(value) > 60:
        return ""
    if _ROLE_GROUP_RE.fullmatch(value):
        return value
    from .extraction.names import REGION_NAMES  # here: extraction imports this module

    if text.key(value) in REGION_NAMES or re.fullmatch(r"[A-ZĐ]{2,8}", value):
        return ""  # a source before its date (`VOA 08/10/2020`) is a dateline
    if not _vietnamese_name(value) or _caps_heading(value):
        return ""
    return value if _is_names(value) and not is_not_author(value) else ""


def is_header_credit(value: str) -> bool:
    """Tell whether what precedes a header timestamp names the author."""
    return bool(header_credit(value))


def split_header_credit(line: str) -> tuple[str, datetime | None] | None:
    """Return (credit, datetime) for a line that is a credit fused with a timestamp."""
    m = _CREDIT_BEFORE_STAMP_RE.match(" ".join(line.split()))
    if not m or not is_header_credit(m.group("who")):
        return None
    is_stamp, when = _timestamp(m.group("stamp"))
    return (m.group("who").strip(), when) if is_stamp else None


def parse_timestamp(value: str) -> datetime | None:
    """Parse a page-header or ISO 8601 timestamp (d/m/y); None when not a real one."""
    found = header_timestamp(value)
    return found[1] if found else None


_SECTION_DASH_RE = re.compile(r"([^\d|]{2,40}?)\s+[-–—]\s+(?=\d)")


def header_timestamp(line: str) -> tuple[str, datetime | None] | None:
    """Return (section, datetime) for a header line like `Chính trị | 09:16 …`."""
    is_stamp, when = _timestamp(line)
    if is_stamp:
        return "", when
    # A journal's code printed in front of its timestamp: `QPTD -Thứ Ba, 17/04/…`.
    if (prefix := _PREFIX_RE.match(line)) and prefix.group("bare"):
        is_stamp, when = _timestamp(line[prefix.end() :])
        if is_stamp:
            return "", when
    # `Tin tức - 19:33, 26/07/2025`: a section and a dash before a clocked stamp.
    if (dash := _SECTION_DASH_RE.match(line)) and (
        is_label(dash.group(1)) or is_section_name(dash.group(1))
    ):
        is_stamp, when = _timestamp(line[dash.end() :])
        if is_stamp and when is not None and (when.hour or when.minute):
            return dash.group(1), when
    parts = [p.strip() for p in line.split("|")]
    for cut in range(1, len(parts)):
        is_stamp, when = _timestamp(" ".join(parts[cut:]))
        if is_stamp:
            return " - ".join(p for p in parts[:cut] if p), when
    # `Ngày đăng 18/10/2018 | 10:50 | Lượt xem: 1675`: a view counter after it.
    for cut in range(len(parts) - 1, 0, -1):
        if all(is_menu(p) for p in parts[cut:] if p):
            is_stamp, when = _timestamp(" ".join(parts[:cut]))
            if is_stamp:
                return "", when
    return None


# Line shapes --------------------------------------------------------------

# A sentence ends at end punctuation followed by a capital or a digit, unless
# the word before the dot is an abbreviation (`TP.`, `GS.`) or an initial.
_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"”’»)]*(?P<gap>\s+)(?P<next>[\"“(]?\w)")
_ABBREV_RE = re.compile(
    r"(?:^|[\s(])(?:TP|Tp|tp|GS|PGS|TS|ThS|BS|KS|NXB|TT|Th|St|[A-ZĐ])\.$"
)


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences on end punctuation followed by a capital."""
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(paragraph):
        first = match.group("next")[-1]
        head = paragraph[start : match.start("gap")]
        if not (first.isupper() or first.isdigit()) or _ABBREV_RE.search(head):
            continue
        out.append(head.strip())
        start = match.start("next")
    out.append(paragraph[start:].strip())
    return [s for s in out if s]


def words(line: str) -> int:
    """Count the syllables and numbers in a line."""
    return sum(1 for _ in text.WORD_RE.finditer(line))


# `Hà Nội, ngày 17/02/2020`: the place and date a text was signed, not a heading.
_DATELINE_RE = re.compile(
    r"[^\d,]{2,40},\s*ngày\s+\d{1,2}(?:\s*[/.-]\s*\d{1,2}|\s+tháng)", re.IGNORECASE
)


def is_heading(line: str) -> bool:
    """Tell whether a line is shaped like a title or subheading, not prose."""
    stripped = line.rstrip('"”’»)')
    return (
        0 < words(line) <= 40
        and len(line) <= 250
        and not stripped.endswith((".", ",", ";", ":", "…", "-"))
        and not _PREFIX_RE.match(line)
        and not _DATELINE_RE.match(line)
    )


_BREADCRUMB_RE = re.compile(r"\s[>»›]\s")


def is_label(line: str) -> bool:
    """Tell whether a heading is a section label or a breadcrumb trail."""
    return bool(_BREADCRUMB_RE.search(line)) or (words(line) <= 5 and len(line) <= 40)


# The words sections of news sites are named with: `Tin tức - Sự kiện`,
# `Thời sự - Chính trị`, `Văn hóa - Du lịch`, `Thời sự trong ngày`.
_SECTION_PHRASES = (
    "tin tức|tin|thời sự|sự kiện|chính trị|văn hóa|du lịch|xã hội|kinh tế|an ninh"
    "|quốc phòng|pháp luật|thể thao|giáo dục|y tế|đời sống|khoa học|công nghệ"
    "|môi trường|nông nghiệp|nông thôn|thế giới|quốc tế|trong nước|trong ngày"
    "|nổi bật|mới nhất|hoạt động|xây dựng đảng|nhà đất|bất động sản|địa phương"
    "|thống kê|trong (?:xã|phường|huyện|quận|tỉnh|thành phố)"
)
_SECTION_NAME_RE = re.compile(
    rf"(?:{_SECTION_PHRASES})(?:\s+(?:{_SECTION_PHRASES}))*"
    rf"(?:\s*[-–/|&,]\s*(?:{_SECTION_PHRASES})(?:\s+(?:{_SECTION_PHRASES}))*)*"
)


# A document mirror's or a search page's metadata line: `Số: 06-HD/UBKTTW`,
# `Số hiệu: 853/QĐ-UBND`, `Hiệu lực: Hết hiệu lực toàn bộ`, `Kết quả tìm kiếm: A`.
_METADATA_RE = re.compile(
    r"(?:số|số hiệu|ký hiệu|hiệu lực|tình trạng(?: hiệu lực)?|ngày (?:ban hành|có hiệu"
    r" lực|hết hiệu lực|công báo)|loại văn bản|nơi ban hành|cơ quan ban hành|người ký"
    r"|lĩnh vực|số công báo|kết quả tìm kiếm|tìm kiếm)\s*:.*"
)
# `Cộng hòa xã hội chủ nghĩa Việt Nam`, `Độc lập - Tự do - Hạnh phúc`.
_MOTTO_RE = re.compile(
    r"cộng hòa xã hội chủ nghĩa việt nam|độc lập\s*[-–]\s*tự do\s*[-–]\s*hạnh phúc"
)


# `I. THÔNG TIN VỀ TÌNH HÌNH KINH TẾ-XÃ HỘI`: a report's numbered part.
_ROMAN_PART_RE = re.compile(r"(?:[IVX]{1,4})\.\s+\S.*")


def is_metadata(line: str) -> bool:
    """Tell whether a line is metadata, a document's motto or a table's cell.

    None of them is ever a headline: a document mirror's `Số: …`, `Hiệu lực: …`,
    a search page's `Kết quả tìm kiếm: …`, the national motto, and a cell of a
    document's header table (`ỦY BAN NHÂN DÂN |`).
    """
    key = text.key(line).lstrip("•-–*+ ").strip()
    cell = line.strip(" |")
    return (
        _METADATA_RE.fullmatch(key) is not None
        or _MOTTO_RE.fullmatch(key.strip(" |")) is not None
        or (line.rstrip().endswith("|") and words(cell) >= 2 and cell.isupper())
        or _ROMAN_PART_RE.fullmatch(line.strip()) is not None
    )


# A bulleted item: `• Ông A được …`, `- 1Thông tư …` (not a `>` breadcrumb).
_BULLET_RE = re.compile(r"[•▪►*+]\s*\S|[-–]\s*(?:\d|\s\S)")


def is_bullet_item(line: str) -> bool:
    """Tell whether a line is an item of a bulleted list."""
    return _BULLET_RE.match(line.strip()) is not None and not is_label(line)


def is_tag_header(line: str) -> bool:
    """Tell whether a heading on top of a page names a tag, not a headline.

    A tag page heads its list with the tag: a person's bare name (`Phan Văn Mãi`)
    or a phrase in lower case (`bí thư tỉnh ủy cà mau`, `tỉnh Thái Bình`); a
    headline starts with a capital and says something.
    """
    from .extraction.names import REGION_NAMES, SURNAMES  # extraction imports us

    line = line.strip()
    if not line or not line[0].isalpha() or re.search(r"\d", line):
        return False
    parts = line.split()
    if line[0].islower():
        return (
            len(parts) >= 2
            and text.has_diacritics(line)
            and all(is_syllable(p) for p in parts)
        )
    return (
        3 <= len(parts) <= 4
        and text.key(parts[0]) in SURNAMES
        and text.key(line) not in REGION_NAMES
        and _is_names(line)
        and _vietnamese_name(line)
        and not _caps_heading(line)
        and not is_not_author(line)
    )


# An organ's name and its place alone: `Hội đồng nhân dân`, `HĐND tỉnh Bắc Ninh`,
# `ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM`, `QUẬN 5 - THÀNH PHỐ HỒ CHÍ MINH`.
_ORGAN_HEAD = (
    r"(?:hội đồng nhân dân|hđnd|ủy ban nhân dân|ubnd|ủy ban mặt trận tổ quốc"
    r"(?: việt nam)?|ubmttq(?: ?việt nam| ?vn)?|mặt trận tổ quốc(?: việt nam)?"
    r"|đảng ủy|tỉnh ủy|thành ủy|huyện ủy|quận ủy)"
)
_PLACE = r"(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|xã|phường|thị trấn)"
_ORGAN_NAME_RE = re.compile(
    rf"(?:{_ORGAN_HEAD}(?:\s+{_PLACE}(?:\s+\w+){{1,3}})?"
    rf"|{_PLACE}\s+\w+(?:\s+\w+){{0,2}}\s*[-–]\s*{_PLACE}(?:\s+\w+){{1,3}})"
)


# A place alone in capitals: a masthead's second line (`THÀNH PHỐ HÀ NỘI` under
# `ỦY BAN NHÂN DÂN`), never a headline.
_PLACE_ALONE_RE = re.compile(rf"{_PLACE}\s+\w+(?:\s+\w+){{0,3}}")


def is_organ_name(line: str) -> bool:
    """Tell whether a heading only names an organ or a place (a masthead, a tag).

    A headline says what an organ did; `HĐND tỉnh Bắc Ninh` alone over the text
    is the site's or the section's name.
    """
    if len(line) > 60:
        return False
    key = text.key(line)
    if _ORGAN_NAME_RE.fullmatch(key) is not None:
        return True
    return line.isupper() and _PLACE_ALONE_RE.fullmatch(key) is not None


def is_section_name(line: str) -> bool:
    """Tell whether a short line is only a section's name (`Tin tức - Sự kiện`)."""
    return len(line) <= 60 and _SECTION_NAME_RE.fullmatch(text.key(line)) is not None


def section_label(line: str) -> str:
    """Return the most specific part of a breadcrumb: `Trang chủ > A > B` → `B`."""
    parts = [p.strip() for p in re.split(r"\s*[>»›]\s*", line) if p.strip()]
    parts = [p for p in parts if text.key(p) not in {"trang chủ", "home"}]
    parts = [p for p in parts if not is_menu(p)]
    return parts[-1] if parts else ""


def is_url(line: str) -> bool:
    """Tell whether a line is nothing but a web address."""
    return re.fullmatch(r"(?:nguồn:\s*)?https?://\S+", line, re.I) is not None


# Page chrome: a line that is exactly one of these ends the article and
# everything after it is navigation, forms or sidebars.
_END_MARKERS_RE = re.compile(
    r"ý kiến bạn đọc.*|ý kiến của bạn|họ (?:và )?tên|địa chỉ|e-?mail"
    r"|mã (?:bảo vệ|xác nhận)"
    r"|gửi (?:ý kiến|bình luận)|bình luận(?: \(?\d+\)?)?|gõ tiếng việt có dấu.*"
    # A comment box's own words: `Bình luận Bình luận của bạn sẽ được biên tập…`,
    # `Bạn phải đăng nhập để bình luận.`
    r"|bình luận\b.*\b(?:của bạn|bạn đọc|biên tập|đăng nhập)\b.*"
    r"|bạn (?:phải|cần) đăng nhập\b.*"
    r"|thông báo|(?:bài|tin|tin,? bài) cùng (?:chuyên mục|chủ đề)|cùng chuyên mục"
    # `Tin khác`, `Các bài khác`, `CÁC TIN, BÀI VIẾT KHÁC`, `Những tin bài khác`.
    r"|(?:các |những )?(?:tin|bài)(?:,? ?(?:tin|bài))?(?: viết)? khác"
    r"|giới thiệu tạp chí in"
    r"|tra cứu tạp chí in.*|video clips?|video|tin đọc nhiều|đọc nhiều(?: nhất)?"
    r"|xem nhiều(?: nhất)?|tin mới(?: nhất)?|chia sẻ|in bài(?: viết)?|bản in|gửi email"
    r"|từ khóa|tags?|về đầu trang|đầu trang|quay lại|trở lại|bài viết liên quan"
)
# Related-link markers: page chrome at the end, but sometimes a box in the
# middle of a page whose article text goes on after it.
_LINK_MARKERS_RE = re.compile(r"xem thêm|đọc thêm|tin liên quan|bài liên quan")
# Stray chrome lines dropped wherever they appear.
_CHROME_RE = re.compile(r"số \d{1,3}\s*[-–/]\s*\d{4}|[\W_]*")


# A tag line (`Tags: A  B  C`, `Từ khóa: …`) closes the article however long it is.
_TAGS_RE = re.compile(r"(?:tags?|từ khóa)\s*:")


def _marker_key(line: str) -> str:
    return text.key(line).strip(" :*>»›.") if len(line) <= 80 else ""


# The same markers without diacritics, for pages that lost theirs (`Cac Bai Khac`).
_FOLDED_END_MARKERS_RE = re.compile(text.fold(_END_MARKERS_RE.pattern))


def is_end_marker(line: str) -> bool:
    """Tell whether a line opens the page chrome that follows an article."""
    key = _marker_key(line)
    return (
        _END_MARKERS_RE.fullmatch(key) is not None
        or _TAGS_RE.match(text.key(line)) is not None
        or (
            not text.has_diacritics(key)
            and _FOLDED_END_MARKERS_RE.fullmatch(text.fold(key)) is not None
        )
    )


# A bulleted link in a related-articles list: `- Khai mạc hội nghị …`.
_LIST_ITEM_RE = re.compile(r"[-–•▪►»›>*+]\s*(?P<rest>\S.*)")


def is_link_item(line: str) -> bool:
    """Tell whether a line is a bulleted headline, as in a related-articles list."""
    m = _LIST_ITEM_RE.fullmatch(line)
    return m is not None and is_heading(m.group("rest"))


def is_link_marker(line: str) -> bool:
    """Tell whether a line is a `Xem thêm` / `Tin liên quan` marker or link."""
    key = _marker_key(line)
    return bool(key) and (
        _LINK_MARKERS_RE.fullmatch(key) is not None
        or re.match(rf"(?:{_LINK_MARKERS_RE.pattern})\s*[:>»›]", key) is not None
    )


def is_chrome(line: str) -> bool:
    """Tell whether a line is a stray bit of page furniture (`Số 5 - 2022`)."""
    return _CHROME_RE.fullmatch(text.key(line)) is not None


# Site furniture that is never a headline or a section: image alt texts
# (`icon 24h qua`), account links, view counters, weather, media labels, blog
# label pages (`Hiển thị các bài đăng có nhãn …`).
_MENU_RE = re.compile(
    r"icon\b.*|đăng nhập|đăng ký.*|đăng xuất|tìm kiếm|menu|trang chủ|liên hệ"
    r"|quảng cáo|rss|top|home|english|tiếng việt(?: \| english)?"
    r"|(?:xem )?video\b.*|clip\b.*|ảnh\s*:.*|xem ảnh\b.*|xem video\b.*"
    r"|(?:lượt xem|xem)\s*:?\s*[\d.,]+|[\d.,]+\s*(?:lượt xem|lượt đọc|views?)"
    r"|hiển thị (?:các|tất cả) bài đăng\b.*"
    r"|.{0,40}?-?\d{1,2}\s*°\s*c?.{0,20}"
    # Hotlines and contact lines, hashtags, skip links.
    r"|.*\b(?:hotline|đường dây nóng)\b.*|(?:liên hệ|điện thoại|zalo)\b.*\d{6,}.*"
    r"|#\S.*|(?:bỏ qua|truy cập) (?:nội dung|đến nội dung)\b.*"
    # A visitor counter, a document site's download button, a print view's button.
    r"|(?:hiện )?đang có [\d.,]+ khách"
    r"(?: và (?:[\d.,]+|không) thành viên)?(?: đang online)?"
    r"|tải (?:bản đầy đủ|xuống|về)\b.*|print\b.*"
    # Font-size and share buttons: `A- A A+ | Chia sẻ bài viết lên facebook …`.
    r"|a-\s*a\s*a\+.*|[+-]\s*a{1,2}\s*[+-]|.*\bchia sẻ bài viết lên\b.*"
    # Print, mail and read-aloud buttons, a text-size picker, skip links.
    r"|in(?: bài(?: viết)?| trang)?|gửi (?:email|e-mail|bài viết)|(?:xem )?cỡ chữ\b.*"
    r"|(?:nghe )?đọc bài(?: viết)?|skip (?:to|ribbon|navigation)\b.*"
    # A visit counter's labels and figures: `Số người đang online:` / `1134`.
    r"|thống kê truy cập|số (?:người|lượt|khách)(?: đang)? (?:online|truy cập)\b.*"
    r"|[\d.,]+"
)


def is_menu(line: str) -> bool:
    """Tell whether a short line is site furniture: menus, counters, weather."""
    key = text.key(line).strip(" |:>»›.")
    return len(line) <= 100 and _MENU_RE.fullmatch(key) is not None


def ends_article(paragraph: str) -> bool:
    """Tell whether a paragraph carries the `./.` end-of-article mark."""
    return paragraph.rstrip().endswith("/.")


# Bylines ------------------------------------------------------------------

# One syllable of a name (`Tùng`) or initials (`H.`, `Q.Anh`).
_NAME_PART_RE = re.compile(r"[^\W\d_]{1,7}(?:\.[^\W\d_]{1,7})*\.?")
# Words that open an organisation or a page element, never a person's name.
_NOT_NAMES = {"ban", "hội", "đảng", "bộ", "sở", "ủy", "báo", "tạp", "đài", "cổng"}
_ROLE_RE = re.compile(
    r"(?:nhóm\s+)?(?:pv|p\.v|phóng viên|btv|ctv|biên tập viên|cộng tác viên)\.?"
)
_CREDIT_RE = re.compile(
    r"(?:tác giả|tin|bài|tin và ảnh|tin, ảnh|tin/ảnh|bài và ảnh|bài, ảnh|bài/ảnh"
    r"|thực hiện|nhóm phóng viên|ghi chép|video|clip|bt|btv|biên tập)\s*:\s*(?P<who>.+)"
)
_ATTRIBUTION_RE = re.compile(r"(?:theo|nguồn(?: tin)?)\s*:?\s+(?P<who>.+)")
# Page furniture set in capitals that looks like an agency code (`TOP`).
_NOT_AGENCIES = {"TOP", "HOME", "MENU", "RSS", "VIDEO", "CLIP", "BACK", "MORE", "NEW"}
# Names of outlets and the headings of pages and sections: what the page is or
# shows, never who wrote it (`Báo Tuổi Trẻ`, `Kết Luận`, `Bộ Chính Trị`).
_NOT_AUTHOR_RE = re.compile(
    r"(?:báo|tạp chí|đài|cổng|trang|kênh|nhà xuất bản|thông tấn)\s.*"
    r"|.*\b(?:kết luận|chính trị|nghị quyết|quyết định|chỉ thị|thông báo|tờ trình"
    r"|thời sự|xã hội|kinh tế|văn hóa|pháp luật"
    r"|thế giới|quốc tế|trong nước|tin tức|sự kiện|bình luận|trang chủ|đời sống"
    r"|xây dựng|quốc phòng|an ninh|giáo dục|thể thao|du lịch|sức khỏe|việt nam"
    r"|hà nội|trung ương|nổi bật|mới nhất|chia sẻ|liên quan|công nghệ|khoa học"
    r"|bạn đọc|góc nhìn|tiêu điểm|địa phương|vùng miền|diễn đàn|nhân sự|phóng sự"
    r"|tư liệu|tòa soạn|đăng ký|đăng nhập|nhận thư|bản tin)\b.*"
    # Follow buttons and the platforms they name: `Google News`, `Theo dõi … trên`.
    r"|(?:theo dõi\b.*|.*\b(?:google news|facebook|zalo|youtube|tiktok|twitter)\b.*)"
)


def is_not_author(name: str) -> bool:
    """Tell whether a credited name is an outlet, a heading or page furniture."""
    name = name.strip(" .|")
    return name in _NOT_AGENCIES or _NOT_AUTHOR_RE.fullmatch(text.key(name)) is not None


def _is_name(value: str) -> bool:
    parts = value.split()
    return (
        (2 <= len(parts) <= 5 or (len(parts) == 1 and "." in value.rstrip(".")))
        and all(_NAME_PART_RE.fullmatch(p) and p[0].isupper() for p in parts)
        and text.key(parts[0]) not in _NOT_NAMES
    )


def _is_names(value: str) -> bool:
    value = re.sub(r"\s*\([^()]{1,30}\)$", "", value.strip())  # `(tổng hợp)`
    # `Hữu Bằng- Thanh Hiểu`: a dash spaced on one side still parts two names.
    names = [n for n in re.split(r"\s*(?:,|;|\s[-–]|[-–]\s|\bvà\b)\s*", value) if n]
    return bool(names) and all(
        (_is_name(n) and not _NOT_AUTHOR_RE.fullmatch(text.key(n)))
        or (re.fullmatch(r"[A-ZĐ]{2,8}", n) and n not in _NOT_AGENCIES)
        for n in names
    )


def is_byline(line: str) -> bool:
    """Tell whether a closing line names the author or agency: `Võ Lâm`, `PV`."""
    line = line.strip().rstrip("|").strip()  # `Phạm Đông |`
    if len(line) > 80 or not line:
        return False
    key = text.key(line)
    if line.rstrip(".") in _NOT_AGENCIES or (
        _NOT_AUTHOR_RE.fullmatch(key) and not _ATTRIBUTION_RE.fullmatch(key)
    ):
        return False
    if _ROLE_RE.fullmatch(key) or re.fullmatch(r"[A-ZĐ]{2,8}\.?", line):
        return True
    if m := _CREDIT_RE.fullmatch(key):
        return _is_names(line[-len(m.group("who")) :]) or len(m.group("who")) <= 40
    if m := _ATTRIBUTION_RE.fullmatch(key):
        who = m.group("who")
        return words(who) <= 8 and not re.search(r"[,;:]|\.$", who)
    if _is_names(line):
        return True
    # `Lê Hòa – Bí thư Chi bộ thôn Đông`, `Vũ Lan – HND huyện`: the author and
    # where they work, on the closing line.
    m = _CLOSING_AFFILIATION_RE.fullmatch(line)
    return bool(m) and _is_names(m.group("who")) and _names_an_office(m.group("where"))


# The author's name, a spaced dash and where the author works or what post they hold.
_CLOSING_AFFILIATION_RE = re.compile(
    r"(?P<who>[^–-]{3,40}?)\s+[-–]\s*(?P<where>[^,;.]{2,60})"
)
# An office written by its initials and its level: `HND tỉnh`, `LĐLĐ huyện`.
_OFFICE_INITIALS_RE = re.compile(
    r"[A-ZĐ]{2,6}(?:\s+(?:tỉnh|huyện|thành phố|thị xã|quận|xã|phường|thị trấn))?"
)


def _names_an_office(where: str) -> bool:
    where = where.strip()
    return (
        _AFFILIATION_RE.match(text.key(where)) is not None
        or _OFFICE_INITIALS_RE.fullmatch(where) is not None
    )


# Degrees and ranks printed before an author's name: `PGS, TS.`, `ThS.`, `Đại tá`.
_DEGREE_RE = re.compile(
    r"(?:^|(?<=[\s,;–-]))(?:P?GS|TSKH|TS|ThS|NCS|CN|BS|KS|Nhà báo|Luật sư"
    r"|(?:Phó giáo sư|Giáo sư|Tiến sĩ|Thạc sĩ|Bác sĩ|Kỹ sư)(?: (?:luật|kinh tế"
    r"|khoa học|sử học|triết học|y học|văn học|chính trị học))?"
    r"|(?:Đại|Thượng|Trung|Thiếu) (?:tá|tướng))(?!\w)\s*[.,]?\s*",
    re.I,
)
# A line naming where an author works, printed under the name.
_AFFILIATION_RE = re.compile(
    r"(?:học viện|trường|đại học|viện|ban|bộ|tạp chí|báo|ủy ban|sở|tỉnh ủy|thành ủy"
    r"|huyện ủy|đảng ủy|cục|vụ|trung tâm|hội|quân khu|quân ủy|tổng cục|văn phòng"
    r"|nguyên|phó|trưởng|giám đốc|chủ tịch|bí thư|ủy viên|đại biểu|nghiên cứu sinh)\b"
)


def strip_degrees(line: str) -> str:
    """Remove degrees and ranks from an author line: `PGS, TS. A` → `A`."""
    return _DEGREE_RE.sub("", line).strip(" ,;.-–")


def is_affiliation(line: str) -> bool:
    """Tell whether a short line names an institution an author belongs to."""
    return (
        is_heading(line)
        and words(line) <= 20
        and _AFFILIATION_RE.match(text.key(line)) is not None
    )


# `ThS. A - Vụ Pháp chế (Bộ Tài chính)`: where the author works, on the name's line.
_INLINE_AFFILIATION_RE = re.compile(r"\s[-–]\s*(?P<where>[^,;]+?)(?=\s*(?:[,;]|$))")


def _strip_inline_affiliations(names: str) -> str:
    def drop(m: re.Match[str]) -> str:
        where = re.sub(r"\s*\([^()]*\)", "", m.group("where"))
        return "" if _AFFILIATION_RE.match(text.key(where)) else m.group(0)

    return _INLINE_AFFILIATION_RE.sub(drop, names)


def is_author_line(line: str, next_line: str = "") -> bool:
    """Tell whether a line under the title names the author (`PGS, TS. Lê Văn A`).

    A bare name counts only with an affiliation line after it; with degrees in
    front it counts on its own, as does a list of degree-and-name authors each
    followed by where they work (`ThS. A - Văn phòng (Bộ Tài chính), ThS. B - …`).
    """
    if len(line) > 160 or not is_heading(line):
        return False
    names = strip_degrees(line)
    if not names:
        return False
    if not _is_names(names):
        bare = _strip_inline_affiliations(names)
        return bare != names and names != line.strip() and _is_names(bare)
    return len(line) <= 120 and (names != line.strip() or is_affiliation(next_line))


# A signature in capitals after a paragraph's last sentence (`… thành phố.
# THẾ KHOA |`): sites that print the author on the same line as the text.
_FUSED_SIGNATURE_RE = re.compile(
    r"(?<=[.!?…”\"])\s+(?P<who>(?:[A-ZĐÀ-Ỹ]{1,7}\s+){1,3}[A-ZĐÀ-Ỹ]{1,7}|P\.V|PV)\s*\|?\s*$"
)


def split_signature(paragraph: str) -> tuple[str, str]:
    """Split a capitals signature off the end of a paragraph: (text, signature)."""
    m = _FUSED_SIGNATURE_RE.search(paragraph)
    if not m or m.group("who") in _NOT_AGENCIES or is_not_author(m.group("who")):
        return paragraph, ""
    return paragraph[: m.start()].rstrip(), m.group("who")


def caps_heading(line: str) -> bool:
    """Tell a section heading in capitals (`CÔNG TÁC NỘI CHÍNH`) from a full name."""
    return _caps_heading(line)


def _caps_heading(line: str) -> bool:
    """Tell a section heading in capitals (`CÔNG TÁC NỘI CHÍNH`) from a full name.

    A name of three syllables or more starts with a surname; pen names without
    one (`THẾ KHOA`) are two syllables.
    """
    from .extraction.names import SURNAMES  # here: extraction imports this module

    parts = line.split()
    if any(re.fullmatch(r"(?:[A-ZĐ]\.)+[^\W\d_]+", p) for p in parts):
        return False  # `T.HÀ - V.NAM`: initials sign a name, headings have none
    return len(parts) >= 3 and line.isupper() and text.key(parts[0]) not in SURNAMES


# One Vietnamese syllable with its marks folded away: `Thoại` → `thoai`, never
# `media` or `player`.
_SYLLABLE_RE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?$"
)


def is_syllable(word: str) -> bool:
    """Tell whether a word could be one Vietnamese syllable (marks ignored)."""
    return _SYLLABLE_RE.match(text.fold(word)) is not None


def _vietnamese_name(line: str) -> bool:
    words = [w for w in re.split(r"[\s,;/–-]+", line) if w]
    return all(
        is_syllable(w.strip("."))
        or re.fullmatch(r"[A-ZĐ]{2,8}\.?", w)
        or re.fullmatch(r"(?:[A-ZĐ]\.)+[^\W\d_]*", w)
        for w in words
    )


def is_signature_line(line: str, next_line: str) -> bool:
    """Tell whether a bare name under the headline signs the article (`D.Ngọc`).

    Only when prose follows at once, so a subheading is never taken for a name.
    """
    line, next_line = line.strip().rstrip("|").strip(), next_line.strip()
    if not line or len(line) > 60 or line.endswith((".", ":")):
        return False
    if not (_is_names(line) or re.fullmatch(r"[A-ZĐ]{2,8}", line)):
        return False
    if line in _NOT_AGENCIES or _caps_heading(line) or not _vietnamese_name(line):
        return False
    if is_end_marker(line) or is_menu(line) or is_not_author(line):
        return False
    # A long caption-like lead (no closing stop) is prose as well.
    prose = len(next_line) >= 150 or (
        len(next_line) >= 80 and not is_heading(next_line)
    )
    return prose or bool(_PREFIX_RE.match(next_line))


# Photo captions -----------------------------------------------------------

# A credit at the end (`… _ Ảnh: TTXVN`, `(Ảnh: VGP/Nhật Bắc)`) or start of a line.
_CREDIT_END_RE = re.compile(
    r"(?:^|[\s_.,;–—(-])(?<!hình )\(?(?:ảnh|nguồn ảnh|ảnh minh họa)\s*:"
    r"\s*[^:]{1,60}?\)?\s*$"
)
_CREDIT_START_RE = re.compile(r"\(?(?:ảnh|nguồn ảnh)(?: minh họa)?\s*[:)]|ảnh minh họa")
# `(ảnh trên)`, `(Ảnh dưới)`, `(ảnh: trái)`: a pointer at a picture on the page.
PHOTO_MARK_RE = re.compile(
    r"\s*\((?:ảnh|hình)\s*:?\s*(?:trên|dưới|giữa|bên\s*\w+|trái|phải|từ\s*\w+\s*sang"
    r"\s*\w+|minh họa)?\s*\)",
    re.I,
)
# Picture descriptions begin with what is shown or the person doing something.
_SCENE_START_RE = re.compile(
    r"(?:toàn cảnh|quang cảnh|khung cảnh|một góc|các đại biểu|đại biểu|tiết mục"
    r")\b"
)
_SCENE_VERB_RE = re.compile(
    r"\s(?:phát biểu|trao(?! đổi)|tặng|chúc mừng|chụp ảnh|bấm nút|cắt băng|thăm hỏi"
    r"|tham quan|dâng hương|đặt vòng hoa)\b"
)
# Prose, not a picture: adverbial openings and reporting verbs.
_PROSE_START_RE = re.compile(
    r"(?:tại|trong|theo|về|sau|trước|khi|với|để|phát biểu|báo cáo|sáng|chiều|tối"
    r"|trưa|ngày|hôm|vừa qua|nhân dịp|thay mặt|cùng|bên cạnh|đồng thời|tuy nhiên"
    r"|ngoài ra|như vậy|do đó|vì vậy|thứ \w+)\b"
)
_PROSE_WORD_RE = re.compile(
    r"\b(?:đã|sẽ|đang|cho biết|nhấn mạnh|yêu cầu|đề nghị|khẳng định|cho rằng|nêu rõ)\b"
)


def is_caption(paragraph: str) -> bool:
    """Tell whether a paragraph describes a photo rather than tells the story."""
    key = text.key(paragraph)
    if len(paragraph) <= 400 and (
        _CREDIT_END_RE.search(key) or _CREDIT_START_RE.match(key)
    ):
        return True
    if len(paragraph) > 250 or len(sentences(paragraph)) > 1:
        return False
    if _PROSE_START_RE.match(key) or _PROSE_WORD_RE.search(key):
        return False
    if ":" in key or "“" in key:  # a quotation is reported speech, not a picture
        return False
    return bool(
        PHOTO_MARK_RE.search(paragraph)
        or _SCENE_START_RE.match(key)
        or _SCENE_VERB_RE.search(key)
    )


def has_photo_credit(paragraph: str) -> bool:
    """Tell whether a paragraph credits or points at a photo (`Ảnh: TTXVN`)."""
    key = text.key(paragraph)
    return bool(
        _CREDIT_END_RE.search(key)
        or _CREDIT_START_RE.match(key)
        or PHOTO_MARK_RE.search(paragraph)
    )


def strip_photo_marks(paragraph: str) -> str:
    """Remove `(ảnh trên)`-style pointers at pictures the archive does not keep."""
    return " ".join(PHOTO_MARK_RE.sub("", paragraph).split())


# Derived titles -----------------------------------------------------------

# When and where a lead sentence happens is not what a headline says.
_OPENER_RE = re.compile(
    r"^(?:(?:sáng|chiều|tối|trưa|đêm|ngày|hôm nay|hôm qua|vừa qua|mới đây|sáng nay"
    r"|chiều nay|tối nay|trong (?:hai |ba )?ngày)\b[^,]{0,30}|tại [^,]{1,50}),\s*",
    re.I,
)
TITLE_MAX = 120


def derive_title(paragraph: str, limit: int = TITLE_MAX) -> str:
    """Make a headline from the first sentence of a paragraph, cut at a word."""
    first = sentences(paragraph)[0] if paragraph.strip() else ""
    for _ in range(3):
        trimmed = _OPENER_RE.sub("", first, count=1)
        if trimmed == first or words(trimmed) < 5:
            break
        first = trimmed
    first = first.rstrip(" .,;:!…/")
    if len(first) > limit:
        cut = first[: limit + 1].rsplit(" ", 1)[0]
        # End on a clause when one closes late enough, else on a word.
        clause = max(cut.rfind(","), cut.rfind(";"))
        if clause >= limit // 2:
            cut = cut[:clause]
        first = cut.rstrip(" ,;:-–") + "…"
    return first[:1].upper() + first[1:]
