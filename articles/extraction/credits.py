"""Bylines and photo credits: who wrote or photographed, never who is reported on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import is_title_case

_CREDIT_RE = re.compile(
    r"(?:^|(?<=[\s_(\[|–-]))(?:Ảnh minh họa|Ảnh tư liệu|Ảnh|Nguồn|Video|Clip|Đồ họa|"
    r"Bài và ảnh|Bài, ảnh|Tin, ảnh|Tin và ảnh|Tin|Bài)\s*:\s*([^\n)\]]{1,80})"
)
_THEO_RE = re.compile(r"^\s*\(?Theo\s+([^\n)]{2,60})\)?\s*$", re.MULTILINE)
_NOTE_RE = re.compile(
    r"\s*\((?:tổng hợp|TH|lược ghi|ghi|theo [^)]*|thực hiện|biên dịch)\)\s*$",
    re.IGNORECASE,
)
_SPLIT_RE = re.compile(r"\s*(?:/|,|;|\s[-–]\s|\svà\s)\s*")
_AGENCY_RE = re.compile(r"^[A-ZĐ][A-ZĐ.]{1,7}$")
_TRAILING_LINES = 6


@dataclass(frozen=True)
class CreditSpan:
    """Where a credit sits in the text, so names inside it are not officials."""

    start: int
    end: int
    names: tuple[str, ...]


def _is_name(part: str) -> bool:
    words = part.split()
    return 1 <= len(words) <= 4 and all(is_title_case(w) for w in words)


def credit_names(raw: str) -> list[str]:
    """Return the people or agencies named in one credit: `VGP/Nhật Bắc` → two."""
    raw = _NOTE_RE.sub("", raw.strip()).strip(" .;,")
    names = []
    for part in _SPLIT_RE.split(raw):
        part = part.strip(" .")
        if part and (_is_name(part) or _AGENCY_RE.match(part)):
            names.append(part)
    return names


def byline_names(raw: str) -> list[str]:
    """Return the names in a byline argument: `Thùy Linh (tổng hợp)` → `Thùy Linh`."""
    return credit_names(raw)


def _byline_line(line: str) -> list[str]:
    core = _NOTE_RE.sub("", line.strip())
    if not core or core[-1] in ".!?:…" or len(core.split()) > 8:
        return []
    names = credit_names(core)
    rebuilt = " ".join(n for n in names)
    # Every word of the line must belong to a name, or it is prose.
    return (
        names if len(rebuilt.split()) == len(_SPLIT_RE.sub(" ", core).split()) else []
    )


def find_credits(norm: str, body_span: tuple[int, int]) -> tuple[list[CreditSpan], int]:
    """Return photo credits anywhere, and the byline closing the body if there is one.

    The second value is the index in the list of the byline span, or -1.
    """
    spans = [
        CreditSpan(m.start(), m.end(), tuple(credit_names(m.group(1))))
        for m in _CREDIT_RE.finditer(norm)
    ]
    spans = [s for s in spans if s.names]
    for m in _THEO_RE.finditer(norm):
        names = tuple(credit_names(m.group(1)))
        if names:
            spans.append(CreditSpan(m.start(), m.end(), names))
    byline_index = -1
    start, end = body_span
    lines = []
    pos = start
    for line in norm[start:end].split("\n"):
        if line.strip():
            lines.append((pos, line))
        pos += len(line) + 1
    for line_start, line in reversed(lines[-_TRAILING_LINES:]):
        names = _byline_line(line)
        if names and not any(s.start <= line_start < s.end for s in spans):
            spans.append(CreditSpan(line_start, line_start + len(line), tuple(names)))
            byline_index = len(spans) - 1
            break
        if line.rstrip()[-1:] in '.!?…”"' or len(line.split()) > 12:
            break  # reached the article's last sentence: no byline below it
    return spans, byline_index
