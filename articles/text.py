"""Vietnamese text rules: the one place that decides what "the same text" means.

Import, extraction, indexing, query parsing and highlighting all go through these
functions, so a word typed with old-style tone placement, in decomposed Unicode or
without diacritics meets its stored form in exactly one way.

Canonical tone placement follows the seeds (`hòa`, `ủy`, `thúy`, `khỏe`): in an open
syllable the tone sits on the first vowel of `oa`, `oe`, `uy`; with a final
consonant it sits on the last vowel of the cluster (`hoàn`, `tuyến`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

# Zero-width and invisible formatting characters that pages smuggle into words.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f"), None
)

# Look-alike letters some pages type for `Đ`/`đ`: the Icelandic eth (U+00D0/F0).
_LOOKALIKES = {0x00D0: "\u0110", 0x00F0: "\u0111"}
# Control characters break XML feeds and pages and mean nothing in an article:
# C0 (but tab and newline; carriage returns become newlines first), DEL, C1, and
# the non-characters U+FFFE/U+FFFF. The ones Python counts as whitespace (form
# feed, vertical tab, the separators, NEL) become a space, so words they split
# stay apart; the rest go.
_BLANK_CONTROLS = "\x0b\x0c\x1c\x1d\x1e\x1f\x85"
_CONTROLS = {
    c: (" " if chr(c) in _BLANK_CONTROLS else None)
    for c in [*range(0x00, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF]
    if chr(c) not in "\t\n"
}
_CLEAN_TABLE = {**_CONTROLS, **_INVISIBLE, **_LOOKALIKES}
# Lone surrogates (JSON `"\ud800"`) cannot be stored as UTF-8 at all.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Vowels with a quality mark take the tone whatever the cluster looks like.
_MARKED_VOWELS = set("ăâêôơưĂÂÊÔƠƯ")
_VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
_VIET_LETTERS = _VOWELS | set("bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVXfjwzFJWZ")

# A run of letters (including combining marks, so NFD input stays one token) or
# digits. Underscores are excluded: pyvi joins compounds with them.
WORD_RE = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")


def clean(text: str) -> str:
    """Return text in NFC, line ends unified, invisible and control characters gone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CLEAN_TABLE)
    return unicodedata.normalize("NFC", _SURROGATE_RE.sub("", text))


def without_controls(text: str) -> str:
    """Return text without control characters, otherwise exactly as given.

    For text that is stored as typed (the admin): no NFC or other rewriting.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)
    return _SURROGATE_RE.sub("", text)


WEB_SCHEMES = ("http", "https")


def web_url(value: str) -> str:
    """Return value if it is an http(s) address, else "" (never a `javascript:`,
    `data:` or other address that a link would run or open)."""
    value = (value or "").strip()
    scheme, sep, rest = value.partition(":")
    if sep and scheme.lower() in WEB_SCHEMES and rest.startswith("//") and rest[2:]:
        return value
    return ""


def _split_tone(letter: str) -> tuple[str, str | None]:
    decomposed = unicodedata.normalize("NFD", letter)
    tone = next((c for c in decomposed if c in _TONES), None)
    if tone is None:
        return letter, None
    base = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", base), tone


def _tone_position(bases: list[str]) -> int | None:
    """Return the index that carries the tone in a syllable of toneless letters."""
    lower = [b.lower() for b in bases]
    start = 0
    while start < len(lower) and lower[start] not in _VOWELS:
        start += 1
    end = start
    while end < len(lower) and lower[end] in _VOWELS:
        end += 1
    if start == len(lower):
        return None
    if any(c not in _VIET_LETTERS for c in lower[end:]) or any(
        c in _VOWELS for c in lower[end:]
    ):
        return None  # not one Vietnamese syllable; leave it alone
    # `qu` and `gi` followed by a vowel: the u/i belongs to the consonant.
    if end - start >= 2 and (
        (lower[start] == "u" and start > 0 and lower[start - 1] == "q")
        or (lower[start] == "i" and start > 0 and lower[start - 1] == "g")
    ):
        start += 1
    cluster = range(start, end)
    marked = [i for i in cluster if bases[i] in _MARKED_VOWELS]
    if marked:
        return marked[-1]  # ươ → ơ; otherwise the only marked vowel
    if len(cluster) == 1:
        return start
    if end < len(lower):  # closed syllable: hoàn, khuếch
        return end - 1
    if len(cluster) == 2:  # open: hòa, thúy, mía, múa
        return start
    return start + 1  # oai, uyu, oay


@functools.lru_cache(maxsize=200_000)
def canonical_word(word: str) -> str:
    """Return one NFC word with its tone mark on the canonical vowel."""
    letters = list(word)
    split = [_split_tone(c) for c in letters]
    tones = [t for _, t in split if t]
    if len(tones) != 1:
        return word
    bases = [b for b, _ in split]
    where = _tone_position(bases)
    if where is None or split[where][1]:
        return word
    bases[where] = unicodedata.normalize("NFC", bases[where] + tones[0])
    return "".join(bases)


def normalize(text: str) -> str:
    """Return text cleaned, in NFC, with tone marks on their canonical vowels."""
    text = clean(text)
    return WORD_RE.sub(lambda m: canonical_word(m.group()), text)


def key(text: str) -> str:
    """Return the comparison key that keeps diacritics: normalized and case-folded."""
    return " ".join(normalize(text).casefold().split())


@functools.lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> str:
    """Return text without diacritics (đ→d), case-folded: `Trương` → `truong`."""
    return WORD_RE.sub(lambda m: _fold_word(m.group()), clean(text).casefold())


def has_diacritics(text: str) -> bool:
    """Tell whether any letter of text carries a Vietnamese diacritic or is đ."""
    return fold(text) != clean(text).casefold()


@dataclass(frozen=True, slots=True)
class Token:
    """One syllable: its text as written, normalized and folded forms, and offsets."""

    text: str
    norm: str
    folded: str
    start: int
    end: int
    position: int


def tokens(text: str) -> Iterator[Token]:
    """Yield the syllables of text with character offsets into text itself."""
    for position, match in enumerate(WORD_RE.finditer(text)):
        raw = match.group()
        norm = canonical_word(unicodedata.normalize("NFC", raw)).casefold()
        yield Token(raw, norm, _fold_word(norm), match.start(), match.end(), position)


def syllables(text: str) -> list[str]:
    """Return the normalized, case-folded syllables of text."""
    return [t.norm for t in tokens(text)]


def segment(text: str) -> list[str]:
    """Return pyvi's words for text, syllables joined by `_` (loads pyvi lazily).

    The one pyvi entry point of the project (query parsing, indexing,
    extraction): `articles.segmenter` feeds pyvi's model cheaper features with
    the same output.
    """
    from .segmenter import tokenize

    return tokenize(normalize(text)).split()


def slugify_vi(text: str) -> str:
    """Return an ASCII slug for text: `Trương Thị Mai` → `truong-thi-mai`."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))
