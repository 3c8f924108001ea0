"""The document-code grammar: what a document code, a type and an issuer look like.

One lexicon (`DOCUMENT_TYPES`, the Central Committee's spellings) and the
patterns built from it serve both sides of the archive:

- extraction reads codes exactly as written in cased text (`find_canonical`,
  `canonical_code`, `parse_code`: `205-QĐ/TW`, `128/NQ-CP`, `30/2021/QH15`)
  and bare references (`BARE_RE`: `Chỉ thị 35`, `Hướng dẫn số 26`), then
  `articles.extraction.codes` reads what follows them (date, body, subject);
- search reduces any spelling, typed or indexed, to match keys (`find_codes`,
  `code_keys`): `205-QĐ/TW`, `205/QĐ-TW`, `qd 205`, `Quy định số 205` and
  `QĐ 205` all reduce to the key `qd-205` (plus `qd-205-tw` when the issuer is
  known). The index stores these keys for every cited document, and the query
  layer looks for the same keys in what the user typed, so spelling never
  decides whether a code is found.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import text


@dataclass(frozen=True, slots=True)
class DocumentType:
    """One kind of document: its `DocumentType` value, the letters codes write
    after the number, the words prose names it by, and its family (the type
    whose number series it shares)."""

    value: str
    letters: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    family: str = ""

    @property
    def key(self) -> str:
        """Return the abbreviation of match keys (`qd` for QĐ and QĐI)."""
        return text.fold(self.family or self.value).casefold() if self.letters else ""


DOCUMENT_TYPES = (
    DocumentType("NQ", ("NQ",), ("Nghị quyết",)),
    DocumentType("QĐ", ("QĐ",), ("Quy định", "Quyết định")),
    DocumentType("QĐI", ("QĐI",), family="QĐ"),
    DocumentType("KL", ("KL",), ("Kết luận",)),
    DocumentType("CT", ("CT",), ("Chỉ thị",)),
    DocumentType("KH", ("KH",), ("Kế hoạch",)),
    DocumentType("HD", ("HD", "HĐ"), ("Hướng dẫn",)),
    DocumentType("TB", ("TB",), ("Thông báo",)),
    DocumentType("CV", ("CV",), ("Công văn",)),
    DocumentType("NĐ", ("NĐ",), ("Nghị định",)),
    DocumentType("TT", ("TT",), ("Thông tư",)),
    DocumentType("QC", ("QC",), ("Quy chế",)),
    DocumentType("BC", ("BC",), ("Báo cáo",)),
    DocumentType("TTr", ("TTR",), ("Tờ trình",)),
    # Named in prose, never written with letters of their own.
    DocumentType("OTHER", (), ("Thông tri", "Luật")),
)

# Extraction's view of the lexicon (cased text).
#: Code letters as they appear after the number → DocumentType value.
CODE_TYPES = {letters: t.value for t in DOCUMENT_TYPES for letters in t.letters}
#: Type words in running text → (DocumentType value, canonical spelling).
TYPE_WORDS = {name.lower(): (t.value, name) for t in DOCUMENT_TYPES for name in t.names}
#: Types sharing another's number series.
FAMILY = {t.value: t.family for t in DOCUMENT_TYPES if t.family}

# Search's view of the lexicon (folded text) → the abbreviation used in keys.
TYPE_NAMES = {
    text.fold(name).casefold(): t.key
    for t in DOCUMENT_TYPES
    if t.key
    for name in t.names
}
TYPE_ABBRS = {
    text.fold(letters).casefold(): t.key
    for t in DOCUMENT_TYPES
    for letters in t.letters
}

# The Central Committee as issuer: `TW`, `TƯ`, `T.Ư`, `Trung ương`. In cased
# text (extraction) `TU` is a provincial committee; in folded text (search)
# the casefolded forms are checked before folding, for the same reason.
CENTRAL_RE = r"(?:Trung ương|T\s?[.,]\s?Ư|TƯ|TW)"
_CENTRAL_SQUEEZED = {"TƯ", "TW", "Trungương"}
_CENTRAL_FOLDED = {"tw", "tư", "t.ư", "t,ư", "trung ương"}


def family(doc_type: str) -> str:
    """Return the type whose number series doc_type shares (itself if none)."""
    return FAMILY.get(doc_type, doc_type)


def number_key(number: str) -> str:
    """Return a document number without its leading zeros, a letter after it
    kept in lower case (`036a` → `36a`), or "" when it holds no digits."""
    m = re.fullmatch(r"\s*(\d+)([a-z]?)\s*", number.casefold())
    if m:
        return (m.group(1).lstrip("0") or "0") + m.group(2)
    digits = re.sub(r"\D", "", number)
    return (digits.lstrip("0") or "0") if digits else ""


# --- Codes as written (extraction) ------------------------------------------

_LETTERS = r"[A-ZĐ]{1,6}[a-zđ]?"
_PARTY_RE = re.compile(
    rf"(?<![\w/.,-])(\d{{1,5}})(?:\s*[-–]\s*|\s+)({_LETTERS})\s*/\s*"
    # The issuer may name its office too: `1364-QĐKT/TWĐTN-VP`.
    rf"({CENTRAL_RE}|[A-ZĐ][A-ZĐƯ]{{0,9}}\d{{0,2}}(?:-[A-ZĐ]{{1,6}})?)(?![\w.]*\w)"
)
_STATE_RE = re.compile(
    # A number may carry a letter (`36a/NQ-CP`, a document issued after 36).
    rf"(?<![\w/.,-])(\d{{1,5}}[a-z]?)(?:/((?:19|20)\d\d))?/({_LETTERS})\s*-\s*"
    # The issuer may carry a term number: `NQ-UBTVQH14`, `NQ-HĐND10`, and two
    # offices joined by `&`: `SNV-CCHC&PC`.
    rf"({CENTRAL_RE}|[A-ZĐ][A-Za-zĐđƯ]{{0,11}}\d{{0,2}}(?:&[A-ZĐ]{{1,6}})?"
    rf"(?:-[A-ZĐ][A-Za-zĐđ]{{0,9}}\d{{0,2}}(?:&[A-ZĐ]{{1,6}})?)*)"
    r"(?!\w)"
)
# Laws and National Assembly resolutions carry no type letters: `30/2021/QH15`.
_ASSEMBLY_RE = re.compile(
    r"(?<![\w/.,-])(\d{1,5})/((?:19|20)\d\d)/((?:UBTV)?QH\d{1,2})(?!\w)"
)
TYPE_WORD_RE = "|".join(sorted(TYPE_WORDS, key=len, reverse=True))
# A bare reference: a type word and a number, no letters after it.
BARE_RE = re.compile(
    rf"\b({TYPE_WORD_RE})(\s+số)?\s+(\d{{1,5}})(?!\d|[,.]\d|\s*[-/–]\s*\w|\s+{_LETTERS}/)",
    re.IGNORECASE,
)
# Without `số`, only these types are safe to read as a bare reference: `Kế hoạch 5
# năm` or `Báo cáo 6 tháng` are not documents.
BARE_WITHOUT_SO = {"NQ", "QĐ", "KL", "CT", "HD", "NĐ", "TT", "CV"}
# Counts that follow a number are never a document number.
UNIT_AFTER = re.compile(r"\s*(?:%|tháng|ngày|đề án|nhiệm vụ|người|điểm|lượt|năm)\b")
# The type word written before a code: `Kết luận số 88 KL/TW`.
TYPE_BEFORE = re.compile(rf"({TYPE_WORD_RE})(?:\s+số)?\s*(?::\s*)?$", re.IGNORECASE)
# What may stand between two codes sharing one type word: `18-NQ/TW, 19-NQ/TW`.
LIST_GAP = re.compile(r"^\s*(?:,|;|và|,\s*và)\s*(?:số\s+)?$")


@dataclass(frozen=True)
class CodeParts:
    """The pieces of a canonical code."""

    number: str
    letters: str
    issuer: str
    year: int | None
    party: bool


def _issuer(raw: str) -> str:
    squeezed = re.sub(r"[\s.,]", "", raw)
    if squeezed in _CENTRAL_SQUEEZED:
        return "TW"
    return squeezed


def _letters(raw: str) -> str:
    upper = raw.upper()
    return "TTr" if upper == "TTR" else upper


def _canonical_from(match: re.Match[str], party: bool | None) -> str:
    if party is None:
        return "/".join(match.groups())
    if party:
        number, letters, issuer = match.group(1), match.group(2), match.group(3)
        return f"{number}-{_letters(letters)}/{_issuer(issuer)}"
    number, year, letters, issuer = match.groups()
    issuer = _issuer(issuer)
    if issuer == "TW" and not year:
        # Party documents written in state order (`205/QĐ-TW`).
        return f"{number}-{_letters(letters)}/TW"
    middle = f"{year}/" if year else ""
    return f"{number}/{middle}{_letters(letters)}-{issuer}"


def find_canonical(norm: str) -> list[tuple[int, int, str, bool | None]]:
    """Return (start, end, canonical code, party?) of every code written in
    normalized text, left to right (party None: an Assembly code)."""
    found: list[tuple[int, int, str, bool | None]] = []
    taken: list[tuple[int, int]] = []
    kinds: tuple[tuple[bool | None, re.Pattern[str]], ...] = (
        (None, _ASSEMBLY_RE),
        (False, _STATE_RE),
        (True, _PARTY_RE),
    )
    for party, regex in kinds:
        for m in regex.finditer(norm):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.end(), _canonical_from(m, party), party))
    found.sort()
    return found


def canonical_code(raw: str) -> str | None:
    """Return the canonical spelling of the first document code in raw, or None."""
    norm = text.normalize(raw).strip()
    found = find_canonical(norm)
    if not found:
        # Forgive case and missing diacritics in typed input: `39-nq/tw`, `qd`.
        upper = norm.upper()
        upper = re.sub(r"(?<=[\d\s-])QD(?=I?\b|/|-)", "QĐ", upper)
        upper = re.sub(r"(?<=[\d\s-])ND(?=/|-)", "NĐ", upper)
        found = find_canonical(upper)
    return found[0][2] if found else None


def parse_code(code: str) -> CodeParts | None:
    """Split a canonical code into number, type letters, issuer and year."""
    m = re.fullmatch(r"(\d+)-([^/]+)/(.+)", code)
    if m:
        return CodeParts(m.group(1), m.group(2), m.group(3), None, True)
    m = re.fullmatch(r"(\d+)/(\d{4})/((?:UBTV)?QH\d+)", code)
    if m:
        return CodeParts(m.group(1), "", m.group(3), int(m.group(2)), False)
    m = re.fullmatch(r"(\d+[a-z]?)/(?:(\d{4})/)?([^-/]+)-(.+)", code)
    if m:
        year = int(m.group(2)) if m.group(2) else None
        return CodeParts(m.group(1), m.group(3), m.group(4), year, False)
    return None


# --- Any spelling, reduced to match keys (search) ---------------------------

_ABBR = "|".join(sorted(TYPE_ABBRS, key=len, reverse=True))
_NAME = "|".join(sorted(TYPE_NAMES, key=len, reverse=True))
_ISSUER = r"(?P<issuer>t\s*[.,]?\s*[wu]|trung uong|[a-z]{2,6})"
# number first: 205-QĐ/TW, 205/QĐ-TW, 88 KL/TW, 128/NQ-CP
_NUMBER_FIRST = re.compile(
    # A number may carry a letter: `36a/NQ-CP` is issued after `36/NQ-CP`.
    rf"(?<![\w/-])(?P<number>\d{{1,5}}[a-z]?)\s*[-/ ]\s*(?P<type>{_ABBR})\b"
    rf"(?:\s*[-/]\s*{_ISSUER}\b)?",
)
# type first: QĐ 205, Quy định số 205, Kết luận số 88 KL/TW, nghi quyet 39-nq/tw
_TYPE_FIRST = re.compile(
    rf"(?<![\w/-])(?P<type>{_NAME}|{_ABBR})\s*(?:số|so)?\s*[-.:]?\s*"
    rf"(?P<number>\d{{1,5}}[a-z]?)\b"
    rf"(?:\s*[-/ ]\s*(?:{_ABBR})\b)?(?:\s*[-/]\s*{_ISSUER}\b)?",
)


@dataclass(frozen=True, slots=True)
class CodeRef:
    """A document reference found in text: type, number, issuer and its span."""

    doc_type: str
    number: str
    issuer: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return f"{self.doc_type}-{self.number}"

    @property
    def keys(self) -> list[str]:
        base = [self.key]
        return base + [f"{self.key}-{self.issuer}"] if self.issuer else base

    @property
    def label(self) -> str:
        issuer = {"tw": "TW"}.get(self.issuer, self.issuer.upper())
        kind = self.doc_type.upper().replace("QD", "QĐ").replace("ND", "NĐ")
        return f"{self.number}-{kind}/{issuer}" if issuer else f"{kind} {self.number}"


def _issuer_key(raw: str | None) -> str:
    if not raw:
        return ""
    squashed = re.sub(r"\s+", " ", raw.strip().casefold())
    if squashed.replace(" ", "") in _CENTRAL_FOLDED or squashed in _CENTRAL_FOLDED:
        return "tw"
    if text.fold(squashed) == "trung uong":
        return "tw"
    return text.fold(squashed).replace(" ", "")


def _type_key(raw: str) -> str:
    folded = " ".join(text.fold(raw).split())
    return TYPE_NAMES.get(folded) or TYPE_ABBRS.get(folded.replace(" ", ""), "")


@functools.lru_cache(maxsize=8192)
def _fold_char(c: str) -> str:
    # One character in, one out, so match offsets stay valid on the original.
    f = text.fold(c)
    return f if len(f) == 1 else c


def find_codes(value: str) -> list[CodeRef]:
    """Return the document references in value, left to right, without overlaps."""
    low = text.normalize(value).casefold()
    folded = "".join(_fold_char(c) for c in low)
    found: list[CodeRef] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_NUMBER_FIRST, _TYPE_FIRST):
        for m in pattern.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            kind = _type_key(m.group("type"))
            if not kind:
                continue
            issuer = (
                low[m.start("issuer") : m.end("issuer")] if m.group("issuer") else ""
            )
            number = number_key(m.group("number"))
            found.append(CodeRef(kind, number, _issuer_key(issuer), *m.span()))
            taken.append(m.span())
    return sorted(found, key=lambda c: c.start)


def code_keys(
    code: str, doc_type: str = "", number: str = "", issuer: str = ""
) -> list[str]:
    """Return the match keys of a cited document from its code or its parts."""
    return list(_code_keys(code, doc_type, number, issuer))


# Pages and the index ask for the keys of the same few thousand codes again
# and again (every code facet value, every cited document).
@functools.lru_cache(maxsize=65536)
def _code_keys(code: str, doc_type: str, number: str, issuer: str) -> tuple[str, ...]:
    keys: list[str] = []
    for ref in find_codes(code) if code else []:
        keys.extend(k for k in ref.keys if k not in keys)
    kind = _type_key(doc_type) if doc_type else ""
    digits = number_key(number or "")
    if kind and digits:
        base = f"{kind}-{digits}"
        extra = [base] + ([f"{base}-{_issuer_key(issuer)}"] if issuer else [])
        keys.extend(k for k in extra if k not in keys)
    return tuple(keys)
