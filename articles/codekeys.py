"""Recognise document codes in any spelling and reduce them to match keys.

`205-QĐ/TW`, `205/QĐ-TW`, `qd 205`, `Quy định số 205` and `QĐ 205` all reduce to
the key `qd-205` (plus `qd-205-tw` when the issuer is known). The index stores
these keys for every cited document, and the query layer looks for the same keys
in what the user typed, so spelling never decides whether a code is found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import text

# Folded type names and abbreviations → the folded abbreviation used in keys.
TYPE_NAMES = {
    "nghi quyet": "nq",
    "quy dinh": "qd",
    "quyet dinh": "qd",
    "ket luan": "kl",
    "chi thi": "ct",
    "ke hoach": "kh",
    "huong dan": "hd",
    "thong bao": "tb",
    "cong van": "cv",
    "nghi dinh": "nd",
    "thong tu": "tt",
    "quy che": "qc",
    "bao cao": "bc",
    "to trinh": "ttr",
}
TYPE_ABBRS = {
    "nq": "nq",
    "qd": "qd",
    "qdi": "qd",
    "kl": "kl",
    "ct": "ct",
    "kh": "kh",
    "hd": "hd",
    "tb": "tb",
    "cv": "cv",
    "nd": "nd",
    "tt": "tt",
    "qc": "qc",
    "bc": "bc",
    "ttr": "ttr",
}
# Spellings of the Central Committee as issuer (checked before folding: `tu` alone
# is a provincial committee, `TƯ` is the Central Committee).
_CENTRAL = {"tw", "tư", "t.ư", "t,ư", "trung ương"}

_ABBR = "|".join(sorted(TYPE_ABBRS, key=len, reverse=True))
_NAME = "|".join(sorted(TYPE_NAMES, key=len, reverse=True))
_ISSUER = r"(?P<issuer>t\s*[.,]?\s*[wu]|trung uong|[a-z]{2,6})"
# number first: 205-QĐ/TW, 205/QĐ-TW, 88 KL/TW, 128/NQ-CP
_NUMBER_FIRST = re.compile(
    rf"(?<![\w/-])(?P<number>\d{{1,5}})\s*[-/ ]\s*(?P<type>{_ABBR})\b"
    rf"(?:\s*[-/]\s*{_ISSUER}\b)?",
)
# type first: QĐ 205, Quy định số 205, Kết luận số 88 KL/TW, nghi quyet 39-nq/tw
_TYPE_FIRST = re.compile(
    rf"(?<![\w/-])(?P<type>{_NAME}|{_ABBR})\s*(?:số|so)?\s*[-.:]?\s*"
    rf"(?P<number>\d{{1,5}})\b"
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
    if squashed.replace(" ", "") in _CENTRAL or squashed in _CENTRAL:
        return "tw"
    if text.fold(squashed) == "trung uong":
        return "tw"
    return text.fold(squashed).replace(" ", "")


def _type_key(raw: str) -> str:
    folded = " ".join(text.fold(raw).split())
    return TYPE_NAMES.get(folded) or TYPE_ABBRS.get(folded.replace(" ", ""), "")


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
            number = m.group("number").lstrip("0") or "0"
            issuer = (
                low[m.start("issuer") : m.end("issuer")] if m.group("issuer") else ""
            )
            found.append(CodeRef(kind, number, _issuer_key(issuer), *m.span()))
            taken.append(m.span())
    return sorted(found, key=lambda c: c.start)


def code_keys(
    code: str, doc_type: str = "", number: str = "", issuer: str = ""
) -> list[str]:
    """Return the match keys of a cited document from its code or its parts."""
    keys: list[str] = []
    for ref in find_codes(code) if code else []:
        keys.extend(k for k in ref.keys if k not in keys)
    kind = _type_key(doc_type) if doc_type else ""
    digits = re.sub(r"\D", "", number or "").lstrip("0")
    if kind and digits:
        base = f"{kind}-{digits}"
        extra = [base] + ([f"{base}-{_issuer_key(issuer)}"] if issuer else [])
        keys.extend(k for k in extra if k not in keys)
    return keys
