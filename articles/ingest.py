"""Turn raw news pages and JSON Lines exports into parsed articles.

This is the pure half of the importer: bytes and text in, `ParsedArticle` and
`FileProblem` values out (`articles.jsonl` reads JSON Lines records). It never
touches the database or settings; the service that stores articles passes
limits in and persists what comes out.

Choices worth knowing:

- Text is stored as written, only cleaned (NFC, no zero-width characters, one
  kind of line end, collapsed spaces); `content_hash` compares through
  `text.key`, so NFD copies and `hoà`/`hòa` spellings count as one article.
- The lead is the first paragraph of article text, minus any source mark
  (`TCCS - `, `(HNMO) - `), which sets `source_code`/`source_name` instead.
- Photo captions are kept apart from the body. A paragraph that merely points
  at a picture (`… (ảnh trên) …`) stays in the body with the pointer removed,
  since the archive has no pictures for it to point at.
- A page without a title line gets one made from its first sentence, with the
  leading "when/where" phrase (`Ngày 28-12-2023,`) dropped; `title_derived` is
  set so editors can see and fix it.
- `published_at` comes from a timestamp in the header, lead or footer, or from
  a scraped ` date 2021-11` token at the very start of a dump (see
  `extraction.published`; a month-only token stands for the month's last day, so
  events that month still fall before publication). Event dates in the text are
  left to extraction.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from . import pagetext, text
from .extraction import published as stamps

MAX_PAGE_BYTES = 20 * 1024 * 1024
PAGE_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)
# How far into a page a title, section label or timestamp may sit.
_HEADER_LINES = 8
_MAX_HEADER_SCAN = 60


def _BREADCRUMB_LIKE(line: str) -> bool:
    return pagetext.is_label(line) and pagetext.words(line) > 5


def content_hash(lead: str, body: str) -> str:
    """Return the duplicate-detection hash of an article's text."""
    return hashlib.sha256(text.key(f"{lead} {body}").encode()).hexdigest()


class IngestError(Exception):
    """Raised when input cannot become an article; the message says why.

    Messages are Vietnamese: the import report shows them to editors as is.
    """


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """One article as read from a page or a JSON line, ready to be stored."""

    title: str
    title_derived: bool
    lead: str
    body: str
    captions: tuple[str, ...]
    section: str
    source_name: str
    source_code: str
    byline: str
    published_at: datetime | None
    url: str = ""
    position: int = 0

    @property
    def content_hash(self) -> str:
        return content_hash(self.lead, self.body)


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A file or line that could not be imported, and why."""

    path: Path
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.reason}"


class Discovery(NamedTuple):
    """Files found by `discover`, and the paths that could not be used."""

    files: list[Path]
    problems: list[FileProblem]


# Decoding ------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# "Text" is really binary data when control characters are both more than this
# share of all characters and more than this many per letter: a readable page
# with a few stray controls (stripped at import) is text, however short.
_MAX_CONTROL_SHARE = 0.02
_MAX_CONTROLS_PER_LETTER = 0.25


def _is_binary(decoded: str) -> bool:
    controls = sum(
        1
        for c in decoded
        if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f\v\x1c\x1d\x1e"
    )
    if "\x00" in decoded:
        return True
    letters = sum(1 for c in decoded if c.isalpha())
    return (
        controls > _MAX_CONTROL_SHARE * len(decoded)
        and controls > _MAX_CONTROLS_PER_LETTER * letters
    )


def decode_bytes(data: bytes) -> str:
    """Decode a page (UTF-8, BOM-marked UTF-16/32, else Windows-1258) and clean it."""
    from . import legacy  # here, not at the top: legacy raises IngestError

    if not data.strip():
        raise IngestError("tệp rỗng")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                decoded = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise IngestError(f"văn bản {codec.upper()} hỏng") from exc
            break
    else:
        if b"\x00" in data:  # no text encoding without a BOM puts NULs in text
            raise IngestError("tệp nhị phân, không phải văn bản")
        try:
            # TCVN3, VNI and cut UTF-8 first: cp1258 would take them as garbage.
            decoded = legacy.decode(data) or data.decode("utf-8")
        except UnicodeDecodeError:
            # Legacy Vietnamese pages: Windows-1258 with combining tone marks.
            try:
                decoded = data.decode("cp1258")
            except UnicodeDecodeError as exc:
                raise IngestError("không nhận ra bảng mã của tệp") from exc
    decoded = legacy.repair_mojibake(decoded)
    if _is_binary(decoded):
        raise IngestError("tệp nhị phân, không phải văn bản")
    cleaned = text.clean(decoded)
    if not cleaned.strip():
        raise IngestError("tệp rỗng")
    return cleaned


# Pages ---------------------------------------------------------------------


# Line breaks a scraper wrote out as escapes (`\r\n` as four characters).
_ESCAPED_BREAK_RE = re.compile(r"\\r\\n|\\n|\\r(?!\\n)")
_ESCAPED_BREAKS_RE = re.compile(
    rf"(?:{_ESCAPED_BREAK_RE.pattern})(?:[ \t]*(?:{_ESCAPED_BREAK_RE.pattern}))+"
)
# Pictures inlined as data (`<image>data:image/png;base64,…</image>`): markup.
_INLINE_IMAGE_RE = re.compile(
    r"<image>.*?</image>|<img\b[^>]*>", re.IGNORECASE | re.DOTALL
)


def _unescape_breaks(raw: str) -> str:
    """Read line breaks written out as `\r\n` escapes as the breaks they stand for.

    Two or more in a row part paragraphs; one alone is the wrap of a line, a
    space. Only on a page that has several: a lone `\n` may be part of a path.
    """
    if len(_ESCAPED_BREAK_RE.findall(raw)) < 3:
        return raw
    return _ESCAPED_BREAK_RE.sub(" ", _ESCAPED_BREAKS_RE.sub("\n", raw))


def _paragraphs(raw: str) -> list[str]:
    raw = _INLINE_IMAGE_RE.sub(" ", _unescape_breaks(raw))
    # str.split() also splits on no-break spaces, which pages use as padding.
    lines = (" ".join(line.split()) for line in text.clean(raw).split("\n"))
    return [line for line in lines if line]


@dataclass(slots=True)
class _Header:
    title: str = ""
    section: str = ""
    published_at: datetime | None = None
    url: str = ""
    byline: str = ""  # a credit printed on the timestamp's line (`pv| 03/02/2021 …`)


_LONE_TIME_WORD_RE = re.compile(
    r"(?:sáng|chiều|trưa|tối|đêm|hôm|ngày)(?: (?:nay|qua|mai|ngày))?,?"
)


# A line opening with `và`, `cùng` or `với` in small letters (`và đ/c Phan Xuân
# Quang …`) carries on the sentence above it: a caption or a lead broken across
# lines, not a headline.
_CONTINUES_RE = re.compile(r"(?:và|cùng|với)\s+[^\W\d_]")


def _read_header(paras: list[str]) -> tuple[_Header, list[str]]:
    """Take title, section and timestamp lines off the top of a page."""
    header = _Header()
    headings: list[str] = []
    # Each timestamp read, with the number of headings above it.
    stamps: list[tuple[int, datetime]] = []
    n = 0
    # Menus, counters and lists of short labels (a site's province menu) do not
    # use up the header: the headline may sit below a long navigation block.
    furniture = 0
    stamp_at = -2  # the line of the last timestamp read
    while n < len(paras) and n - furniture < _HEADER_LINES and n < _MAX_HEADER_SCAN:
        line = paras[n]
        if pagetext.is_menu(line) or pagetext.is_link_marker(line):
            furniture += 1
        elif pagetext.is_metadata(line) or (
            pagetext.is_bullet_item(line) and pagetext.words(line) >= 6
        ):
            # A document's metadata or header table, a search page's query, a
            # bulleted item of a list: text, and never the page's own headline.
            break
        elif _LONE_TIME_WORD_RE.fullmatch(text.key(line)):
            # `Tối` on a line of its own, `26/3, …` on the next: a lead broken
            # across lines, so the text has begun; the two make one paragraph.
            if n + 1 < len(paras):
                paras = [*paras[:n], f"{line} {paras[n + 1]}", *paras[n + 2 :]]
            break
        elif not headings and not stamps and pagetext.is_tag_header(line):
            # A tag page: what it lists are other articles' headlines.
            header.section = line
            n += 1
            break
        elif (
            stamp := pagetext.header_timestamp(line)
            or pagetext.split_header_credit(line)
        ) is not None:
            section, when = stamp
            if section and (credit := pagetext.header_credit(section)):
                header.byline, section = header.byline or credit, ""
            header.section = header.section or section
            if when is not None:
                stamps.append((len(headings), when))
            stamp_at = n
        elif (
            not headings
            and n + 1 < len(paras)
            and line.endswith(".")
            and pagetext.is_heading(line[:-1])
            and len(pagetext.sentences(line)) == 1
            and (
                pagetext.header_timestamp(paras[n + 1]) is not None
                or (stamps and stamp_at == n - 1 and pagetext.is_caption(paras[n + 1]))
            )
        ):
            # `1.400 cử tri … trong ngày 1/5.` over the page's timestamp, or
            # between the stamp and a picture's caption: the headline, printed
            # with a full stop.
            headings.append(line)
        elif pagetext.is_url(line):
            header.url = header.url or line.split()[-1]
        elif pagetext.is_chrome(line):
            pass
        elif (
            pagetext.is_heading(line)
            and not (n + 1 < len(paras) and _CONTINUES_RE.match(paras[n + 1]))
            and (
                not pagetext.is_caption(line)
                or (not headings and _scene_headline(line, paras[n + 1 : n + 5]))
            )
            and not pagetext.is_end_marker(line)
        ):
            headings.append(line)
            if pagetext.is_label(line) and not _BREADCRUMB_LIKE(line):
                furniture += 1
        else:
            break
        n += 1
    # Short labels above the title are the section (`Xây dựng Đảng`); headings
    # after the title belong to the article.
    labels: list[str] = []
    rest: list[str] = []
    # `Hoạt động Đảng ủy - Đoàn thể / Hội nghị đối thoại … / Ngày đăng 18/10/2018`:
    # of the headings over the article's timestamp, the last is the headline
    # when it is the longest (an author, a post or a section is shorter).
    printed = list(headings)
    above = next((k for k, _ in stamps if k >= 2), 0)
    if above and all(
        pagetext.words(line) < pagetext.words(headings[above - 1])
        for line in headings[: above - 1]
    ):
        labels, headings = headings[: above - 1], headings[above - 1 :]
    for i, line in enumerate(headings):
        if header.title:
            rest.append(line)
        elif (
            (
                (pagetext.is_label(line) or pagetext.is_organ_name(line))
                and i + 1 < len(headings)
            )
            or pagetext.is_section_name(line)
            or pagetext.is_organ_name(line)
        ):
            # A section's name alone over the text (`Tin tức - Sự kiện`): the
            # page prints no headline of its own.
            labels.append(line)
        else:
            header.title = line
    if labels:
        header.section = pagetext.section_label(labels[-1])
    # A site's clock may sit above the headline (`Thứ Tư, 27/11/2024 00:25`) and
    # the article's own stamp under it: the stamp under the headline wins.
    if stamps:
        at = printed.index(header.title) if header.title else len(printed)
        header.published_at = next((w for k, w in stamps if k > at), stamps[0][1])
    if rest and _restates(header.title, rest[0]):
        # The page's <title> first, then the headline as printed on the page
        # (`Buộc thôi việc ông A`, `Buộc thôi việc đối với Thứ trưởng … A`).
        header.title = rest.pop(0)
    return header, rest + paras[n:]


def _scene_headline(line: str, following: list[str]) -> bool:
    """Tell whether a first line shaped like a caption is the page's headline.

    `Toàn cảnh phiên họp … khóa XV` over the lead: with no photo credit and no
    pointer at a picture, and prose right under it, it heads the article. A rule
    (`----------`) or the page's stamp between the two (`( Cập nhật lúc:` /
    `02/02/2024` / `)`) is the article's header, not a picture's.
    """
    while following and (
        pagetext.is_chrome(following[0])
        or pagetext.header_timestamp(following[0]) is not None
        or (pagetext.is_label(following[0]) and following[0].endswith(":"))
    ):
        following = following[1:]
    return (
        not pagetext.has_photo_credit(line)
        and bool(following)
        and len(following[0]) >= 150
        and not pagetext.is_heading(following[0])
    )


def _restates(title: str, heading: str) -> bool:
    """Tell whether heading is a longer wording of the same headline."""
    if not title or pagetext.words(heading) <= pagetext.words(title):
        return False
    if pagetext.is_label(heading) or pagetext.is_byline(heading):
        return False
    mine = set(text.key(title).split())
    theirs = set(text.key(heading).split())
    return len(mine) >= 4 and len(mine & theirs) >= 0.8 * len(mine)


# `Số thứ tự` / `Họ tên` / `Chức vụ`: the head of a table of people, not the
# name field of a comment form (which `Email` or `Địa chỉ` follows).
_TABLE_COLUMN_RE = re.compile(
    r"stt|tt|số thứ tự|chức vụ|chức danh|năm sinh|đơn vị|đơn vị công tác"
    r"|nơi công tác|quê quán|nơi ứng cử|ghi chú"
)
_NAME_COLUMN_RE = re.compile(r"họ (?:và )?tên")


def _table_head(paras: list[str], n: int) -> bool:
    """Tell whether paras[n] is the name column's head in a table's header row."""
    if not _NAME_COLUMN_RE.fullmatch(text.key(paras[n]).strip(" :")):
        return False
    near = paras[max(0, n - 1) : n] + paras[n + 1 : n + 2]
    return any(_TABLE_COLUMN_RE.fullmatch(text.key(p).strip(" :.")) for p in near)


def _ends_in_table(paras: list[str]) -> bool:
    """Tell whether the page ends inside a table: its last cells are no signature."""
    heads = [n for n in range(len(paras)) if _table_head(paras, n)]
    return bool(heads) and all(len(p) < 150 for p in paras[heads[-1] :])


def _cut_chrome(paras: list[str]) -> list[str]:
    """Drop page furniture: everything from a trailing marker on, and stray lines."""
    # prose_after[n]: article-like text follows line n before any end marker, so
    # a `Xem thêm` box there sits inside the article rather than after it.
    prose_after = [False] * (len(paras) + 1)
    for n in range(len(paras) - 1, -1, -1):
        line = paras[n]
        prose_after[n] = not pagetext.is_end_marker(line) and (
            prose_after[n + 1] or (len(line) >= 150 and not pagetext.is_heading(line))
        )
    for n, line in enumerate(paras):
        if n == 0:
            continue  # a marker first is a stray line, not the end of an article
        if (pagetext.is_end_marker(line) and not _table_head(paras, n)) or (
            pagetext.is_link_marker(line) and not prose_after[n + 1]
        ):
            paras = paras[:n]
            break
    for n, line in enumerate(paras):
        if pagetext.ends_article(line):
            # After `./.` only the signature and photo credits belong to the page.
            tail = paras[n + 1 :]
            keep = [p for p in tail if pagetext.is_byline(p) or pagetext.is_caption(p)]
            paras = paras[: n + 1] + keep
            break
    stray = (pagetext.is_chrome, pagetext.is_link_marker, pagetext.is_end_marker)
    stray += (pagetext.is_url,)  # the page's own address is kept by parse_page
    return [
        p
        for n, p in enumerate(paras)
        if _table_head(paras, n) or not any(rule(p) for rule in stray)
    ]


def _take_byline(paras: list[str]) -> tuple[str, list[str]]:
    """Split the author line(s) off the end, looking past photo credits."""
    found: list[int] = []
    n = len(paras) - 1
    while n > 0 and len(found) < 2 and len(paras) - n <= 4:
        if pagetext.is_byline(paras[n]):
            found.insert(0, n)
        elif not pagetext.is_caption(paras[n]):
            break  # credits may sit around the signature; prose ends the search
        n -= 1
    byline = ", ".join(paras[i] for i in found)
    if not found:
        # `… thành phố. THẾ KHOA |` and then only a list of other headlines.
        for n in range(len(paras) - 1, max(len(paras) - 7, 0) - 1, -1):
            text_part, signed = pagetext.split_signature(paras[n])
            if signed:
                return signed, paras[:n] + [text_part]
            if not pagetext.is_heading(paras[n]):
                break
    return byline, [p for i, p in enumerate(paras) if i not in found]


def _take_author(paras: list[str]) -> tuple[str, list[str]]:
    """Split an author line (and the affiliation under it) off the top of the text."""
    if not paras:
        return "", paras
    following = paras[1] if len(paras) > 1 else ""
    if pagetext.is_signature_line(paras[0], following):
        return paras[0].rstrip(" |"), paras[1:]  # `D.Ngọc` above the lead
    if not pagetext.is_author_line(paras[0], following):
        # `Tiến sĩ luật A` a few lines down, past captions and page furniture.
        for n in range(1, min(len(paras) - 1, 10)):
            if len(paras[n]) >= 150:
                break
            if pagetext.is_author_line(paras[n], paras[n + 1]) and (
                pagetext.strip_degrees(paras[n]) != paras[n].strip()
            ):
                return paras[n], paras[:n] + paras[n + 1 :]
        return "", paras
    # Journal pages print where the author works under the name; that is not text.
    drop = 2 if len(paras) > 2 and pagetext.is_affiliation(following) else 1
    return paras[0], paras[drop:]


def _drop_link_list(paras: list[str]) -> list[str]:
    """Drop a bulleted list of headlines after the signature: related articles."""
    n = len(paras)
    while n > 1 and pagetext.is_link_item(paras[n - 1]):
        n -= 1
    if n < len(paras) and (
        pagetext.is_byline(paras[n - 1]) or pagetext.is_caption(paras[n - 1])
    ):
        return paras[:n]
    return paras


def _publication(
    header: _Header, paras: list[str], scraped: stamps.Stamp | None
) -> datetime | None:
    """Return the page's publication time (a month-only stamp: its last day)."""
    found = stamps.find_published(paras, scraped)
    if header.published_at is not None:
        at = header.published_at
        timed = bool(at.hour or at.minute)
        if found is None or found.rank <= (2 if timed else 0):
            return at
    if found is None:
        return None
    return found.when.replace(tzinfo=pagetext.VN_TZ)


def parse_page(raw: str) -> ParsedArticle:
    """Parse one raw page into an article; raise IngestError if no text remains."""
    scraped, raw = stamps.scraped_token(text.clean(raw))
    all_paras = _paragraphs(raw)
    header, paras = _read_header(all_paras)
    published_at = _publication(header, all_paras, scraped)
    urls = [p.split()[-1] for p in paras if pagetext.is_url(p)]
    header.url = header.url or (urls[0] if urls else "")
    author, paras = _take_author(paras) if header.title else ("", paras)
    paras = _drop_link_list(_cut_chrome(paras))
    byline = ""
    if not _ends_in_table(paras):
        byline, paras = _take_byline(paras)
    byline = ", ".join(b for b in (header.byline, author, byline) if b)

    code = name = ""
    lead_at: int | None = None
    for n, para in enumerate(paras[:3]):
        code, name, rest = pagetext.split_source_prefix(para)
        if code or name:
            paras[n], lead_at = rest, n
            break
        if not pagetext.is_caption(para):
            lead_at = n
            break

    captions: list[str] = []
    texts: list[str] = []
    for n, para in enumerate(paras):
        if n != lead_at and pagetext.is_caption(para):
            captions.append(para)
        elif cleaned := pagetext.strip_photo_marks(para):
            texts.append(cleaned)
    only_captions = not texts and bool(captions)
    if only_captions:
        # A page that is only photos' captions: they are its text, but no
        # headline is made of one.
        texts, captions = captions, []
    if not texts and header.title and not paras:
        # A page that is only one sentence read as its headline: it is the text.
        texts = [header.title]
    if not texts:
        raise IngestError("trang không có nội dung bài viết")

    lead = ""
    if lead_at is not None and len(texts) > 1 and not pagetext.is_heading(texts[0]):
        lead = texts.pop(0)
    title, derived = _strip_stamp(header.title), False
    if not title and not only_captions:
        title, derived = _derive_title(lead, texts), True
    return ParsedArticle(
        title=title,
        title_derived=derived,
        lead=lead,
        body="\n\n".join(texts),
        captions=tuple(captions),
        section=header.section,
        source_name=name,
        source_code=code,
        byline=byline,
        published_at=published_at,
        url=header.url,
    )


# A link to the page in another language closing the headline: `… [fr]`, `(EN)`.
_LANGUAGE_LINK_RE = re.compile(r"\s*[\[(](?:fr|en|vi|zh|ja|ko|de|es|ru)[\])]$", re.I)


def _strip_stamp(title: str) -> str:
    """Cut a timestamp fused onto the headline (`Tiêu đề 30/01/2026 14:42`)."""
    title = _LANGUAGE_LINK_RE.sub("", title)
    cut = stamps.FUSED_STAMP_RE.search(title)
    if cut and cut.start() > 0:
        title = title[: cut.start()].rstrip(" -|,")
    elif cut:
        return ""  # the line is only metadata (`Lượt xem: 7370 | Gửi lúc: …`)
    return title


def _derive_title(lead: str, paragraphs: list[str]) -> str:
    for para in [lead, *paragraphs]:
        if para and not pagetext.is_heading(para):
            return pagetext.derive_title(para)
    if paragraphs:
        return pagetext.derive_title(paragraphs[0])
    raise IngestError("không có nội dung để đặt tiêu đề")


# Files ---------------------------------------------------------------------


def _wanted(path: Path) -> bool:
    return path.suffix.lower() in PAGE_SUFFIXES + JSONL_SUFFIXES


def discover(paths: Iterable[str | Path]) -> Discovery:
    """Find importable files; missing or unusable paths come back as problems.

    Returns `Discovery(files, problems)`. Files keep the order of the paths
    given; a directory contributes its `*.txt` and `*.jsonl` files (hidden ones
    skipped) sorted by path. A file named twice is listed once.
    """
    files: list[Path] = []
    problems: list[FileProblem] = []
    seen: set[Path] = set()

    def add(found: Path) -> None:
        real = found.resolve()
        if real not in seen:
            seen.add(real)
            files.append(found)

    for given in map(Path, paths):
        if given.is_dir():
            inside: list[Path] = []
            for root, dirs, names in os.walk(given):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                inside.extend(
                    Path(root, name)
                    for name in names
                    if not name.startswith(".") and _wanted(Path(name))
                )
            if not inside:
                problems.append(FileProblem(given, "không có tệp .txt hoặc .jsonl"))
            for found in sorted(inside, key=lambda p: p.parts):
                add(found)
        elif given.is_file():
            if _wanted(given):
                add(given)
            else:
                problems.append(FileProblem(given, "không phải tệp .txt hoặc .jsonl"))
        else:
            problems.append(FileProblem(given, "không tìm thấy tệp hoặc thư mục"))
    return Discovery(files, problems)


def read_file(
    path: Path, *, max_page_bytes: int = MAX_PAGE_BYTES
) -> Iterator[ParsedArticle | FileProblem]:
    """Yield the articles of a page or JSON Lines file, and a problem per failure.

    max_page_bytes bounds a page and each JSON Lines record alike; a longer
    record is skipped unread and reported with its line number.
    """
    path = Path(path)
    if path.suffix.lower() in JSONL_SUFFIXES:
        from .jsonl import read_jsonl  # here: jsonl builds on this module

        yield from read_jsonl(path, max_page_bytes)
        return
    try:
        with path.open("rb") as fh:
            data = fh.read(max_page_bytes + 1)
    except OSError as exc:
        yield FileProblem(path, f"không đọc được tệp: {exc.strerror or exc}")
        return
    if len(data) > max_page_bytes:
        yield FileProblem(path, f"trang lớn hơn giới hạn {max_page_bytes} byte")
        return
    try:
        yield parse_page(decode_bytes(data))
    except IngestError as exc:
        yield FileProblem(path, str(exc))
