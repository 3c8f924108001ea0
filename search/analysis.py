"""The Vietnamese analysis every backend's terms come from.

Every text field of the index is analysed here, never by Whoosh's English
StemmingAnalyzer. A syllable field carries, at each position, the normalized
syllable and, when it differs, its folded form: one positional field then serves
exact-diacritic phrases and accentless phrases without doubling the postings of
syllables that have no diacritics.
"""

from __future__ import annotations

import functools
import unicodedata
from itertools import chain

from articles import text

# Version of the analysis rules; bump it to invalidate cached pyvi output.
ANALYSIS_VERSION = "1"


@functools.lru_cache(maxsize=300_000)
def forms(word: str) -> tuple[str, str]:
    """Return the (normalized, folded) forms of one syllable."""
    norm = text.canonical_word(unicodedata.normalize("NFC", word)).casefold()
    return norm, text._fold_word(norm)


def syllable_forms(value: str) -> list[tuple[str, str]]:
    """Return the (normalized, folded) forms of every syllable of value."""
    return [forms(w) for w in text.WORD_RE.findall(value)]


@functools.lru_cache(maxsize=4)
def _words(value: str) -> tuple[str, ...]:
    # The text and bigram fields analyse the same string one after the other.
    return tuple(text.WORD_RE.findall(value))


@functools.lru_cache(maxsize=300_000)
def _syllable_terms_of(word: str) -> tuple[str, ...]:
    norm, folded = forms(word)
    return (norm,) if folded == norm else (norm, folded)


@functools.lru_cache(maxsize=300_000)
def _folded_of(word: str) -> str:
    return forms(word)[1]


@functools.lru_cache(maxsize=300_000)
def _compound_of(word: str) -> str:
    return "_".join(forms(p)[0] for p in text.WORD_RE.findall(word))


# The *_terms functions give every backend its terms (the Whoosh analyzers
# yield the same, with positions); they map cached per-word results over the
# words so no Python code runs per syllable.


def syllable_terms(value: str) -> list[str]:
    """Return the indexed terms of a syllable field, as SyllableTokenizer does."""
    return list(chain.from_iterable(map(_syllable_terms_of, _words(value))))


def bigram_terms(value: str) -> list[str]:
    """Return the indexed terms of the bigram field, as BigramTokenizer does."""
    folded = list(map(_folded_of, _words(value)))
    return list(map("_".join, zip(folded, folded[1:], strict=False)))


def compound_terms(value: str) -> list[str]:
    """Return the indexed terms of the compound field, as CompoundTokenizer does."""
    return list(filter(None, map(_compound_of, value.split())))


def folded_key(value: str) -> str:
    """Return value folded to space-separated syllables: `Trương Thị` → `truong thi`."""
    return " ".join(f for _, f in syllable_forms(value))
