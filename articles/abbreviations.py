"""Abbreviations of Party and State text: the words they stand for.

One table says that `T.Ư`, `TƯ`, `TW` and `Trung ương` are one name, that
`UBKT` is `Ủy ban Kiểm tra`, and so on. `find` locates any spelling of an entry
in a sequence of syllables (`text.tokens`), with or without diacritics, so the
query layer can offer every other spelling of what the reader typed.

Two kinds of ambiguity are settled here, per written form:

- `alone=False`: the form is too ambiguous on a page to stand for the entry by
  itself, and counts only next to a neighbouring word of the query. `TW` alone
  is mostly the issuer inside a code (`205-QĐ/TW`), `TƯ` alone is also the word
  `tư`, `TP` alone may be another abbreviation, `BCT` is also Bộ Công Thương.
- `cased=True`: the form is also an ordinary word, so typed text shows it as an
  abbreviation only in capitals: `TƯ` is Trung ương, `tư` is a word, `TU` (no
  horn) is a provincial committee. A folded index cannot tell `TƯ` from `tư`
  (`tổ chức tư vấn`, `cơ quan tư pháp`), so on a page such a form counts only
  next to another abbreviation (`UBKT TƯ`), see `short_forms`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import text


@dataclass(frozen=True, slots=True)
class Spelling:
    """One way of writing an entry."""

    text: str
    alone: bool = True
    cased: bool = False

    @property
    def norms(self) -> tuple[str, ...]:
        """Return the normalized, case-folded syllables (diacritics kept)."""
        return tuple(text.syllables(self.text))

    @property
    def folds(self) -> tuple[str, ...]:
        """Return the syllables without diacritics."""
        return tuple(t.folded for t in text.tokens(self.text))


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """An expansion and the abbreviations written for it."""

    expansion: str
    forms: tuple[Spelling, ...]
    expansion_alone: bool = True

    @property
    def spellings(self) -> tuple[Spelling, ...]:
        """Return the expansion first, then every written abbreviation."""
        return (Spelling(self.expansion, alone=self.expansion_alone), *self.forms)


def _entry(expansion: str, *forms: str | Spelling) -> Abbreviation:
    return Abbreviation(
        expansion, tuple(f if isinstance(f, Spelling) else Spelling(f) for f in forms)
    )


def _context(form: str, cased: bool = False) -> Spelling:
    return Spelling(form, alone=False, cased=cased)


TABLE: tuple[Abbreviation, ...] = (
    _entry("Trung ương", "T.Ư", "T.W", _context("TƯ", cased=True), _context("TW")),
    _entry("Ban Chấp hành", "BCH"),
    _entry("Ban Chấp hành Trung ương", "BCHTW", "BCHTƯ"),
    _entry("Bộ Chính trị", _context("BCT")),
    _entry("Ủy viên Bộ Chính trị", "UVBCT"),
    _entry("Ban Bí thư", "BBT"),
    _entry("Tổng Bí thư", "TBT"),
    _entry("Ban Thường vụ", _context("BTV")),
    _entry("Ủy ban Kiểm tra", "UBKT"),
    _entry(
        "Ủy ban Kiểm tra Trung ương",
        "UBKTTW",
        "UBKTTƯ",
        "UBKT TW",
        "UBKT T.Ư",
        Spelling("UBKT TƯ", cased=True),
    ),
    _entry("Ủy viên Trung ương", "UVTW", "UVTƯ"),
    _entry("Quân ủy Trung ương", "QUTW", "QUTƯ"),
    _entry("Ban Tổ chức Trung ương", "BTCTW", "BTCTƯ"),
    _entry("Ủy ban", "UB"),
    _entry("Hội đồng nhân dân", "HĐND"),
    _entry("Ủy ban nhân dân", "UBND"),
    _entry("Mặt trận Tổ quốc", "MTTQ"),
    _entry("Mặt trận Tổ quốc Việt Nam", "MTTQVN"),
    _entry("Ủy ban Mặt trận Tổ quốc", "UBMTTQ"),
    _entry("Đại biểu Quốc hội", "ĐBQH"),
    _entry("Ủy ban Thường vụ Quốc hội", "UBTVQH"),
    _entry("Đảng Cộng sản Việt Nam", "ĐCSVN"),
    _entry("thành phố", _context("TP")),
    _entry("thành phố Hồ Chí Minh", "TPHCM", "TP.HCM"),
    _entry("Hồ Chí Minh", "HCM"),
    _entry("Việt Nam", "VN"),
    _entry("Thông tấn xã Việt Nam", "TTXVN"),
    _entry("Viện Kiểm sát nhân dân", "VKSND"),
    _entry("Tòa án nhân dân", "TAND"),
    _entry("Công an nhân dân", "CAND"),
    _entry("Quân đội nhân dân", "QĐND"),
    _entry("Cựu chiến binh", "CCB"),
    _entry("xã hội chủ nghĩa", "XHCN"),
    _entry("chủ nghĩa xã hội", "CNXH"),
    _entry("kinh tế - xã hội", "KT-XH", "KTXH"),
    _entry("Khoa học và Công nghệ", "KH&CN", "KHCN"),
    _entry("Giao thông vận tải", "GTVT"),
    _entry("Giáo sư", "GS"),
    _entry("Phó Giáo sư", "PGS"),
    _entry("Tiến sĩ", "TS"),
    _entry("Thạc sĩ", "ThS"),
    _entry("Nhà xuất bản", "NXB"),
)


def written_forms(
    expansion: str,
    *,
    dots: str = ".",
    with_expansion: bool = False,
    ignore_case: bool = False,
) -> re.Pattern[str]:
    """Return a pattern of every written form of one entry, as whole words.

    For text whose context already settles the ambiguous forms (a title phrase,
    the issuing body of a document), where `TW` and `TƯ` can only mean
    `Trung ương`. A dot inside a form matches any character of `dots`, with a
    space allowed either side (`T. Ư`, `T,Ư` on scraped pages); `with_expansion`
    also matches the expansion itself.
    """
    return _written_forms(expansion, dots, with_expansion, ignore_case)


@functools.cache
def _written_forms(
    expansion: str, dots: str, with_expansion: bool, ignore_case: bool
) -> re.Pattern[str]:
    entry = next(e for e in TABLE if e.expansion == expansion)
    forms = {s.text for s in entry.forms}
    if with_expansion:
        forms.add(entry.expansion)
    dot = rf"\s?[{re.escape(dots)}]\s?"
    alternatives = (
        dot.join(re.escape(part) for part in form.split("."))
        for form in sorted(forms, key=len, reverse=True)
    )
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", flags)


@dataclass(frozen=True, slots=True)
class Found:
    """A spelling of an entry found at syllables start..end of a text."""

    start: int
    end: int
    entry: Abbreviation
    spelling: Spelling

    @property
    def others(self) -> tuple[Spelling, ...]:
        """Return the entry's other spellings (one per distinct folded form)."""
        seen = {self.spelling.folds}
        out = []
        for s in self.entry.spellings:
            if s.folds not in seen:
                seen.add(s.folds)
                out.append(s)
        return tuple(out)


@functools.cache
def _by_head() -> dict[str, list[tuple[Spelling, Abbreviation]]]:
    """Return spellings indexed by their first folded syllable, longest first."""
    heads: dict[str, list[tuple[Spelling, Abbreviation]]] = {}
    for entry in TABLE:
        for spelling in entry.spellings:
            heads.setdefault(spelling.folds[0], []).append((spelling, entry))
    for found in heads.values():
        found.sort(key=lambda pair: -len(pair[0].folds))
    return heads


def is_abbreviation(spelling: Spelling) -> bool:
    """Tell whether a spelling is an abbreviation rather than the expansion."""
    # Some word with two capitals (`TW`, `ThS`, `T.Ư`); expansions have none.
    return any(sum(c.isupper() for c in w) >= 2 for w in spelling.text.split())


def _gaps(value: str, toks: Sequence[text.Token]) -> list[str]:
    return [value[a.end : b.start] for a, b in zip(toks, toks[1:], strict=False)]


def _written(spelling: Spelling, value: str, toks: Sequence[text.Token]) -> bool:
    """Tell whether toks (found in value) are written the way spelling requires."""
    if not is_abbreviation(spelling):
        return True  # an expansion matches in any case, with or without marks
    # Inside one written word (`T.Ư`, `KT-XH`) one mark joins the syllables;
    # where the table spells a space (`UBKT TƯ`), a space.
    wanted = _gaps(spelling.text, list(text.tokens(spelling.text)))
    for gap, want in zip(_gaps(value, toks), wanted, strict=True):
        if want.isspace() and not gap.isspace():
            return False
        if not want.isspace() and (len(gap) != 1 or gap.isspace()):
            return False
    if spelling.cased:
        surface = " ".join(text.normalize(value[toks[0].start : toks[-1].end]).split())
        return surface == spelling.text
    # With its marks (`hđnd`) or with none at all (`hdnd`), never half-marked.
    norms = tuple(t.norm for t in toks)
    return norms == spelling.norms or all(t.norm == t.folded for t in toks)


# Terms numbered in Roman or Arabic figures alike: `khóa XI` = `khóa 11`,
# `Đại hội XIII` = `Đại hội 13`. Elsewhere a figure is only itself.
NUMBERED_AFTER = frozenset({"khoa", "hoi"})
_ROMAN = (("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))


def roman(n: int) -> str:
    """Return n (1..39) in Roman figures, lower case: 14 → `xiv`."""
    out = ""
    for letters, value in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


_FROM_ROMAN = {roman(n): n for n in range(1, 40)}


def _numerals(toks: Sequence[text.Token]) -> list[Found]:
    """Return the figures after a numbered term, each with its other figures.

    Both spellings need the term before them (`khoa_xi`): `xi` alone is also a
    syllable (`xi măng`), and a bare figure is any number.
    """
    out = []
    for i in range(1, len(toks)):
        if toks[i - 1].folded not in NUMBERED_AFTER:
            continue
        word = toks[i].folded
        n = int(word) if word.isdigit() and len(word) < 3 else _FROM_ROMAN.get(word)
        if not n or n >= 40:
            continue
        entry = Abbreviation(
            str(n), (Spelling(roman(n).upper(), alone=False),), expansion_alone=False
        )
        typed = next(s for s in entry.spellings if s.folds == (word.lstrip("0"),))
        out.append(Found(i, i + 1, entry, typed))
    return out


@functools.cache
def short_forms() -> frozenset[str]:
    """Return the folded one-syllable abbreviations that are no ordinary word."""
    return frozenset(
        s.folds[0] for e in TABLE for s in e.forms if len(s.folds) == 1 and not s.cased
    )


def find(value: str, toks: Sequence[text.Token] | None = None) -> list[Found]:
    """Return every spelling of a table entry in value, left to right.

    Spellings compare without diacritics (`uy ban kiem tra`, `hdnd`), except
    `cased` forms, which must be written as in the table. Matches may overlap
    (`Ủy ban Kiểm tra Trung ương` holds three entries): the caller chooses.
    """
    toks = list(text.tokens(value)) if toks is None else list(toks)
    heads = _by_head()
    found: list[Found] = []
    seen: set[tuple[int, int, str]] = set()
    for i, tok in enumerate(toks):
        for spelling, entry in heads.get(tok.folded, ()):
            size = len(spelling.folds)
            window = toks[i : i + size]
            if tuple(t.folded for t in window) != spelling.folds:
                continue
            if (i, i + size, entry.expansion) in seen:
                continue
            if _written(spelling, value, window):
                seen.add((i, i + size, entry.expansion))
                found.append(Found(i, i + size, entry, spelling))
    return found + _numerals(toks)
