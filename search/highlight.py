"""Mark query matches in article text by offsets, with our analyzer.

haystack's `{% highlight %}` re-analyses with the English StemmingAnalyzer and
returns the text unescaped; here the text is tokenised with the same rules as the
index, every piece of text is HTML-escaped, and only our <mark> tags are markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from articles import text

from .analysis import forms
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
        if clause.accented:
            out.append(Needle(clause.norms, True))
        else:
            out.append(Needle(clause.folds, False))
    return [n for n in out if n.syllables]


def _tokens(value: str) -> list[tuple[int, int, str, str]]:
    return [
        (m.start(), m.end(), *forms(m.group())) for m in text.WORD_RE.finditer(value)
    ]


def find_spans(value: str, wanted: list[Needle]) -> list[tuple[int, int, int]]:
    """Return (start, end, needle index) of every match in value, in order.

    Syllables are compared on plain strings first; character offsets are read
    (a second regex pass) only up to the last match, since most of an article's
    words match nothing.
    """
    heads: dict[str, list[tuple[int, Needle]]] = {}
    for i, n in enumerate(wanted):
        heads.setdefault(n.syllables[0], []).append((i, n))
    if not heads:
        return []
    words = text.WORD_RE.findall(value)
    found = []  # (first token, last token, needle index)
    for pos, word in enumerate(words):
        norm, folded = forms(word)
        if norm not in heads and folded not in heads:
            continue
        candidates = heads.get(norm, []) + (
            heads.get(folded, []) if folded != norm else []
        )
        for i, n in candidates:
            size = len(n.syllables)
            if pos + size > len(words):
                continue
            window = [forms(w) for w in words[pos : pos + size]]
            got = tuple(f[0] if n.exact else f[1] for f in window)
            if got == n.syllables:
                found.append((pos, pos + size - 1, i))
    if not found:
        return []
    needed = {p for first, last, _ in found for p in (first, last)}
    last_needed = max(needed)
    offsets: dict[int, tuple[int, int]] = {}
    for pos, m in enumerate(text.WORD_RE.finditer(value)):
        if pos in needed:
            offsets[pos] = (m.start(), m.end())
        if pos >= last_needed:
            break
    spans = [(offsets[a][0], offsets[b][1], i) for a, b, i in found]
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
