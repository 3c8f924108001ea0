"""Whoosh analyzers built on the project's Vietnamese text rules.

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

from whoosh.analysis import Token, Tokenizer

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


# The *_terms functions give the same terms as the tokenizers below, without
# positions, for the rebuild's segment writer; they map cached per-word results
# over the words so no Python code runs per syllable.


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


class SyllableTokenizer(Tokenizer):
    """Yield syllables with positions; exact and folded forms share a position.

    At query time (mode="query", e.g. haystack's own parser) only the folded form
    is produced, so haystack's SearchQuerySet finds text with or without
    diacritics.
    """

    terms = staticmethod(syllable_terms)

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        query = mode == "query"
        for pos, word in enumerate(text.WORD_RE.findall(value), start_pos):
            norm, folded = forms(word)
            t.stopped = False
            t.boost = 1.0
            if positions:
                t.pos = pos
            if not query:
                t.text = norm
                yield t
                if folded == norm:
                    continue
            t.text = folded
            yield t


class BigramTokenizer(Tokenizer):
    """Yield adjacent folded syllable pairs (`to_chuc`).

    Whoosh checks phrases by walking positions in Python, which takes seconds on
    common words; an AND of bigram terms finds the same documents from postings
    alone. Only folded pairs are indexed (half the postings); exact-diacritic
    ranking uses the exact syllables of the `text` field instead.
    """

    terms = staticmethod(bigram_terms)

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        prev = None
        for pos, word in enumerate(text.WORD_RE.findall(value), start_pos):
            cur = forms(word)
            if prev is not None:
                t.stopped = False
                t.boost = 1.0
                if positions:
                    t.pos = pos
                t.text = f"{prev[1]}_{cur[1]}"
                yield t
            prev = cur


class CompoundTokenizer(Tokenizer):
    """Yield pyvi words (`cán_bộ`) already joined by underscores, normalized."""

    terms = staticmethod(compound_terms)

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, word in enumerate(value.split(), start_pos):
            parts = text.WORD_RE.findall(word)
            if not parts:
                continue  # punctuation that pyvi emits as its own word
            t.text = "_".join(forms(p)[0] for p in parts)
            t.stopped = False
            t.boost = 1.0
            if positions:
                t.pos = pos
            yield t


def syllable_analyzer() -> SyllableTokenizer:
    """Return the analyzer of syllable fields."""
    return SyllableTokenizer()


def bigram_analyzer() -> BigramTokenizer:
    """Return the analyzer of the syllable-bigram field."""
    return BigramTokenizer()


def compound_analyzer() -> CompoundTokenizer:
    """Return the analyzer of the pyvi compound-word field."""
    return CompoundTokenizer()
