"""Mark query matches in article text by offsets, with our analyzer.

haystack's `{% highlight %}` re-analyses with the English StemmingAnalyzer and
returns the text unescaped; here the text is tokenised with the same rules as the
index, every piece of text is HTML-escaped, and only our <mark> tags are markup.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html import escape

from articles import text

from .analysis import forms
from .matching import spellings_to_mark
from .query import ParsedQuery

_SENTENCE_END = ".!?…\n"


@dataclass(frozen=True, slots=True)
class Needle:
    """A sequence of syllables to mark, compared exactly or folded."""

    syllables: tuple[str, ...]
    exact: bool


def needles(parsed: ParsedQuery) -> list[Needle]:
    """Return what to mark for a parsed query (positive clauses only)."""
    out = []
    for clause in parsed.positive:
        if clause.kind == "code" and clause.code:
            ref = clause.code
            out.append(Needle((ref.number, ref.doc_type), False))
            out.append(Needle(clause.folds, False))
            continue
        # The typed form and the clause's other spellings (`UBKT` for
        # `Ủy ban Kiểm tra`), each marked as a whole.
        out.extend(Needle(s, exact) for s, exact in spellings_to_mark(clause))
    return [n for n in out if n.syllables]


def _tokens(value: str) -> list[tuple[int, int, str, str]]:
    return [
        (m.start(), m.end(), *forms(m.group())) for m in text.WORD_RE.finditer(value)
    ]


def _full_spans(value: str, wanted: list[Needle]) -> list[tuple[int, int, int]]:
    """Return the spans of find_spans by tokenising the whole value (reference)."""
    toks = _tokens(value)
    spans = []
    for pos, (start, _end, norm, folded) in enumerate(toks):
        for i, n in enumerate(wanted):
            size = len(n.syllables)
            window = toks[pos : pos + size]
            if len(window) < size or n.syllables[0] not in (norm, folded):
                continue
            got = tuple(t[2] if n.exact else t[3] for t in window)
            if got == n.syllables:
                spans.append((start, window[-1][1], i))
    spans.sort()
    return spans


_MARKS = "[\u0300-\u036f]*"
_BOUNDARY_BEFORE = "(?<![^\\W_])(?<![\u0300-\u036f])"
_BOUNDARY_AFTER = "(?![^\\W_])(?![\u0300-\u036f])"


@functools.cache
def _letter_variants() -> dict[str, str]:
    """Return, per folded letter, every precomposed letter folding to it."""
    out: dict[str, set[str]] = {}
    for cp in [*range(0x41, 0x250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        if not ch.isalpha():
            continue
        folded = forms(ch)[1]
        if len(folded) == 1:
            out.setdefault(folded, set()).update({ch, ch.lower(), ch.upper()})
    return {k: "".join(sorted(v)) for k, v in out.items()}


@functools.lru_cache(maxsize=512)
def _head_regex(heads: frozenset[str]) -> re.Pattern:
    """Return a regex finding words whose folded form is one of heads."""
    variants = _letter_variants()
    alternatives = []
    for head in sorted({forms(h)[1] for h in heads}, key=len, reverse=True):
        parts = []
        for ch in head:
            chars = variants.get(ch, ch)
            parts.append(f"[{re.escape(chars)}]{_MARKS}")
        alternatives.append("".join(parts))
    body = "|".join(alternatives)
    return re.compile(f"{_BOUNDARY_BEFORE}(?:{body}){_BOUNDARY_AFTER}")


def find_spans(value: str, wanted: list[Needle]) -> list[tuple[int, int, int]]:
    """Return (start, end, needle index) of every match in value, in order.

    A regex finds the words that could start a needle (any case, diacritics or
    Unicode form); only there is the text tokenised and compared syllable by
    syllable, as the index does.
    """
    if not wanted:
        return []
    heads: dict[str, list[tuple[int, Needle]]] = {}
    for i, n in enumerate(wanted):
        heads.setdefault(n.syllables[0], []).append((i, n))
    spans = []
    for m in _head_regex(frozenset(heads)).finditer(value):
        norm, folded = forms(m.group())
        candidates = heads.get(norm, []) + (
            heads.get(folded, []) if folded != norm else []
        )
        if not candidates:
            continue
        longest = max(len(n.syllables) for _i, n in candidates)
        window = []
        for w in text.WORD_RE.finditer(value, m.start()):
            window.append((w.end(), *forms(w.group())))
            if len(window) == longest:
                break
        for i, n in candidates:
            size = len(n.syllables)
            if len(window) < size:
                continue
            got = tuple(t[1] if n.exact else t[2] for t in window[:size])
            if got == n.syllables:
                spans.append((m.start(), window[size - 1][0], i))
    spans.sort()
    return spans


def _merge(value: str, spans: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end, _ in spans:
        # Touching or separated only by spaces: one mark for the whole phrase.
        if merged and (
            start <= merged[-1][1] or not value[merged[-1][1] : start].strip()
        ):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def render(value: str, marks: list[tuple[int, int]], start: int = 0, end=None) -> str:
    """Return value[start:end] HTML-escaped with <mark> around the given spans."""
    end = len(value) if end is None else end
    out, pos = [], start
    for s, e in marks:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(value[pos:s]))
        out.append(f"<mark>{escape(value[s:e])}</mark>")
        pos = e
    out.append(escape(value[pos:end]))
    return "".join(out)


def highlight(value: str, wanted: list[Needle]) -> str:
    """Return the whole value escaped, with every match marked."""
    return render(value, _merge(value, find_spans(value, wanted)))


def _best_window(spans, width: int) -> tuple[int, int]:
    best, best_score, j = (0, 0), (-1, -1), 0
    for i, (start, _e, _n) in enumerate(spans):
        while j < len(spans) and spans[j][1] - start <= width:
            j += 1
        inside = spans[i:j]
        score = (len({n for _s, _e, n in inside}), len(inside))
        if score > best_score:
            best_score, best = score, (start, inside[-1][1] if inside else start)
    return best


def snippet(value: str, wanted: list[Needle], width: int = 260) -> str:
    """Return the best passage of value (about width characters), marked."""
    spans = find_spans(value, wanted) if wanted else []
    if not spans:
        cut = value[:width]
        if len(value) > width:
            cut = cut[: cut.rfind(" ")] if " " in cut else cut
            return escape(cut) + "…"
        return escape(cut)
    first, last = _best_window(spans, width)
    slack = max(0, width - (last - first))
    start = max(0, first - slack // 3)
    # Prefer to start at a sentence or word boundary.
    boundary = max(value.rfind(ch, start, first) for ch in _SENTENCE_END)
    if boundary >= 0 and first - boundary < width // 2:
        start = boundary + 1
    elif start > 0:
        space = value.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else 0
    while start < first and value[start].isspace():
        start += 1
    end = min(len(value), max(last, start + width))
    if end < len(value):
        space = value.find(" ", end)
        end = space if space != -1 and space - end < 30 else end
    body = render(value, _merge(value, spans), start, end)
    return ("…" if start > 0 else "") + body + ("…" if end < len(value) else "")
