"""Document codes (`205-QĐ/TW`, `128/NQ-CP`, bare `Chỉ thị 35`) and their context.

What a code, a type word or an issuer looks like is the archive's one
document-code grammar (`articles.codekeys`, which search reduces to match keys
too); here each reference found by it gets what the text says around it (type
word, issue date, issuing body, subject), and repeated or bare references are
merged and linked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from .. import abbreviations, text
from ..codekeys import (
    BARE_RE,
    BARE_WITHOUT_SO,
    CENTRAL_RE,
    CODE_TYPES,
    LIST_GAP,
    TYPE_BEFORE,
    TYPE_WORD_RE,
    TYPE_WORDS,
    UNIT_AFTER,
    canonical_code,
    family,
    find_canonical,
    number_key,
    parse_code,
)
from .results import DocumentFound

__all__ = [
    "DocumentHit",
    "canonical_code",
    "find_documents",
    "link_bare",
    "merge_documents",
    "parse_code",
]

_DATE_NUM = r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*((?:19|20)\d\d)"
_DATE_WORDS = r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)"
_ISSUED_RE = re.compile(
    r"\s*,?\s*(?:được\s+)?(?:ban hành\s+)?(?:vào\s+)?ngày\s+"
    rf"(?:{_DATE_NUM}|{_DATE_WORDS})"
)
_CAP = r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]\w*"
_PLACE = rf"(?:\s+{_CAP})*"
_BODY = (
    r"Bộ Chính trị|Ban Bí thư(?: Trung ương Đảng)?"
    r"|(?:Hội nghị (?:lần thứ \w+ )?)?"
    rf"Ban Chấp hành {CENTRAL_RE}(?: Đảng)?(?: khóa [IVXLC]+)?"
    r"|Thủ tướng Chính phủ|Chính phủ|Ủy ban Thường vụ Quốc hội"
    r"|Quốc hội(?: khóa [IVXLC]+)?|Chủ tịch nước"
    rf"|Ban Thường vụ (?:Thành|Tỉnh|Quận|Huyện|Thị|Đảng) ủy{_PLACE}"
    rf"|(?:Thành|Tỉnh|Quận|Huyện|Quân) ủy{_PLACE}"
    rf"|Ban (?:Tổ chức|Tuyên giáo|Dân vận|Nội chính|Kinh tế|Đối ngoại) {CENTRAL_RE}"
    rf"|Ủy ban Kiểm tra {CENTRAL_RE}|Văn phòng {CENTRAL_RE}(?: Đảng)?"
    rf"|Đảng ủy Khối (?:các cơ quan|Doanh nghiệp) {CENTRAL_RE}"
    r"|Bộ (?!Chính trị)[A-ZĐ]\w*(?: (?!về|ngày|việc|và|số|tại|trong|đã|nhằm)\w+)?"
    r"(?: và [A-ZĐ]\w*(?: (?!về|ngày|việc|số|tại|trong|đã)[a-zđ]\w*)?)?"
    rf"|(?:Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND) (?:tỉnh|thành phố|TP){_PLACE}"
)
_BODY_RE = re.compile(rf"\s*,?\s*(?:của|do)\s+({_BODY})(?!\w)")
_SUBJECT_RE = re.compile(r"\s*,?\s*(?:về việc|về|V/v:?)\s+")
_SUBJECT_STOP = re.compile(
    rf"[;.…!?\n(]|\s*,\s*ngày\s+\d|\s+(?:và|cùng)\s+(?:các\s+)?(?:{TYPE_WORD_RE})\b"
    rf"|\s*,\s*(?:{TYPE_WORD_RE})\b"
    r"|\s*,\s*(?:nhằm|để|đồng thời|trong đó|theo đó|góp phần|tạo|đánh giá|đề ra"
    r"|yêu cầu|nhấn mạnh|khẳng định|được|đã|sẽ)\b",
    re.IGNORECASE,
)
_SUBJECT_MAX = 250


def _issuer_fits(issuer: str, body: str) -> bool:
    body_key = text.key(body)
    if not body_key:
        return True
    party = any(w in body_key for w in ("bộ chính trị", "ban bí thư", "trung ương"))
    if issuer == "TW":
        return party
    if issuer in {"CP", "TTg"}:
        return "chính phủ" in body_key or "thủ tướng" in body_key
    return not party


def link_bare(ref: DocumentFound, known_codes: Iterable[str]) -> str:
    """Return the one known code with ref's type family and number, or ""."""
    matches = []
    for code in dict.fromkeys(known_codes):
        parts = parse_code(code)
        if parts is None or number_key(parts.number) != number_key(ref.number):
            continue
        if family(CODE_TYPES.get(parts.letters.upper(), "OTHER")) != family(
            ref.doc_type
        ):
            continue
        matches.append((code, parts))
    if len(matches) > 1 and ref.issuing_body:
        matches = [
            (c, p) for c, p in matches if _issuer_fits(p.issuer, ref.issuing_body)
        ]
    return matches[0][0] if len(matches) == 1 else ""


def _to_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


_CENTRAL = abbreviations.written_forms("Trung ương", dots=".,")


def _clean_body(body: str) -> str:
    return _CENTRAL.sub("Trung ương", body).strip()


def _subject(tail: str) -> str:
    stop = _SUBJECT_STOP.search(tail)
    subject = tail[: stop.start()] if stop else tail
    subject = subject.strip().strip("“”\"'").strip()
    if len(subject) > _SUBJECT_MAX:
        subject = subject[:_SUBJECT_MAX].rsplit(" ", 1)[0]
    return subject


@dataclass
class _Details:
    issued_on: date | None = None
    issued_span: tuple[int, int] | None = None
    issuing_body: str = ""
    subject: str = ""


def _details(norm: str, end: int) -> _Details:
    """Read the issue date, issuing body and subject that follow a reference."""
    found = _Details()
    pos = end
    for _ in range(2):  # date and body come in either order
        m = _ISSUED_RE.match(norm, pos)
        if m and found.issued_on is None:
            g = m.groups()
            found.issued_on = _to_date(*g[0:3]) if g[0] else _to_date(*g[3:6])
            found.issued_span = (m.start() + m.group().index("ngày"), m.end())
            pos = m.end()
            continue
        m = _BODY_RE.match(norm, pos)
        if m and not found.issuing_body:
            found.issuing_body = _clean_body(m.group(1))
            pos = m.end()
            continue
        break
    m = _SUBJECT_RE.match(norm, pos)
    if m:
        found.subject = _subject(norm[m.end() : m.end() + 600])
    return found


@dataclass(frozen=True)
class DocumentHit:
    """One document reference in the text, before mentions are merged."""

    found: DocumentFound
    start: int
    end: int
    issued_span: tuple[int, int] | None


def _type_before(norm: str, start: int, prev_end: int, prev_type: str) -> str:
    window = norm[max(prev_end, start - 40) : start]
    m = TYPE_BEFORE.search(window)
    if m:
        return TYPE_WORDS[m.group(1).lower()][1]
    if prev_type and LIST_GAP.match(norm[prev_end:start]):
        return prev_type  # `Nghị quyết số 18-NQ/TW, 19-NQ/TW`: one type word for both
    return ""


def find_documents(norm: str, raw: str | None = None) -> list[DocumentHit]:
    """Return every document reference in normalized text, in reading order."""
    raw = raw if raw is not None and len(raw) == len(norm) else norm
    hits: list[DocumentHit] = []
    prev_end, prev_type = 0, ""
    for start, end, code, _party in find_canonical(norm):
        parts = parse_code(code)
        assert parts is not None
        if _party and parts.letters == "Đ" and parts.issuer == "C":
            continue  # `7 Đ/C`: seven comrades (đồng chí), not a document
        type_name = _type_before(norm, start, prev_end, prev_type)
        doc_type = CODE_TYPES.get(parts.letters.upper(), "OTHER")
        if not parts.letters and not type_name:
            type_name = "Luật"  # an Assembly code without a type word is a law
        if doc_type == "OTHER" and type_name in _NAME_TYPES:
            doc_type = _NAME_TYPES[type_name]
        details = _details(norm, end)
        surface_start = start
        m = TYPE_BEFORE.search(norm[max(prev_end, start - 40) : start])
        if m:
            surface_start = max(prev_end, start - 40) + m.start()
        hits.append(
            DocumentHit(
                DocumentFound(
                    code=code,
                    doc_type=doc_type,
                    type_name=type_name,
                    number=parts.number,
                    issuer=parts.issuer,
                    year=parts.year,
                    issued_on=details.issued_on,
                    issuing_body=details.issuing_body,
                    subject=details.subject,
                    surfaces=(" ".join(raw[surface_start:end].split()),),
                ),
                start,
                end,
                details.issued_span,
            )
        )
        prev_end, prev_type = end, type_name
    taken = [(h.start, h.end) for h in hits]
    for m in BARE_RE.finditer(norm):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        if m.group(1)[0].islower() and not m.group(2):
            continue  # `theo quyết định 5…` without `số` is prose, not a citation
        doc_type, type_name = TYPE_WORDS[m.group(1).lower()]
        if not m.group(2) and (
            doc_type not in BARE_WITHOUT_SO or UNIT_AFTER.match(norm, m.end())
        ):
            continue
        if UNIT_AFTER.match(norm, m.end()) and not m.group(2):
            continue
        details = _details(norm, m.end())
        hits.append(
            DocumentHit(
                DocumentFound(
                    code="",
                    doc_type=doc_type,
                    type_name=type_name,
                    number=m.group(3),
                    issued_on=details.issued_on,
                    issuing_body=details.issuing_body,
                    subject=details.subject,
                    surfaces=(" ".join(raw[m.start() : m.end()].split()),),
                    is_bare=True,
                ),
                m.start(),
                m.end(),
                details.issued_span,
            )
        )
    hits.sort(key=lambda h: h.start)
    return hits


def _merge(old: DocumentFound, new: DocumentFound) -> DocumentFound:
    surfaces = tuple(dict.fromkeys(old.surfaces + new.surfaces))
    return replace(
        old,
        type_name=old.type_name or new.type_name,
        issued_on=old.issued_on or new.issued_on,
        issuing_body=old.issuing_body or new.issuing_body,
        subject=old.subject or new.subject,
        surfaces=surfaces,
    )


def merge_documents(hits: Iterable[DocumentHit]) -> tuple[DocumentFound, ...]:
    """Merge repeated references and link bare ones to full codes in the same text."""
    merged: dict[tuple[str, str, str], DocumentFound] = {}
    for hit in hits:
        doc = hit.found
        ident = (
            ("code", doc.code, "")
            if not doc.is_bare
            else ("bare", family(doc.doc_type), number_key(doc.number))
        )
        merged[ident] = _merge(merged[ident], doc) if ident in merged else doc
    full_codes = [d.code for d in merged.values() if not d.is_bare]
    out = []
    for doc in merged.values():
        if doc.is_bare:
            doc = replace(doc, linked_code=link_bare(doc, full_codes))
        elif not doc.type_name and doc.doc_type in _DEFAULT_NAMES:
            doc = replace(doc, type_name=_DEFAULT_NAMES[doc.doc_type])
        out.append(doc)
    return tuple(out)


_NAME_TYPES = {name: t for t, name in TYPE_WORDS.values()}
# Used only when the text names no type: QĐ is left blank because party `QĐ/TW`
# codes are both Quy định and Quyết định.
_DEFAULT_NAMES = {
    t: name for t, name in TYPE_WORDS.values() if t not in {"QĐ", "OTHER"}
} | {"QĐI": "Quy định"}
