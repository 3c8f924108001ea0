"""Whoosh analyzers that give exactly the terms of `search.analysis`.

Whoosh analyses field values itself when documents are written through its own
writer or haystack; these tokenizers make it produce the same terms (with
positions) as the neutral analysis, and expose the term functions for the
bulk segment writer.
"""

from __future__ import annotations

from whoosh.analysis import Token, Tokenizer

from articles import text

from ...analysis import bigram_terms, compound_terms, forms, syllable_terms


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
