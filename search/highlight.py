"""Mark query matches in article text by offsets, with our analyzer.

haystack's `{% highlight %}` re-analyses with the English StemmingAnalyzer and
returns the text unescaped; here the text is tokenised with the same rules as the
index, every piece of text is HTML-escaped, and only our <mark> tags are markup.

What is marked follows the query plan: a phrase (quoted, a pyvi compound, a name)
is marked only where it occurs whole, and its syllables are never marked alone;
a document code is marked whole (`205-QĐ/TW`, `Quy định số 205`) wherever the
code grammar of `articles.codekeys` reads the same document. Snippets read only
a bounded stretch of the text and start and end between words.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from html import escape

from articles import text
from articles.codekeys import CodeRef, find_codes

from .analysis import forms
from .matching import spellings_to_mark
from .query import ParsedQuery

# A snippet scans the text in chunks of about SCAN_CHUNK characters and stops
# SCAN_AFTER_FIRST characters after its first match, or as soon as one passage
# holds every clause; without any match it gives up after SCAN_LIMIT characters
# and shows the beginning. Articles are ~4 000 characters: they are read whole.
SCAN_CHUNK = 2000
SCAN_AFTER_FIRST = 6000
SCAN_LIMIT = 30000

# How far around a code's number the code grammar reads, then on to a space:
# the longest spellings put 14 characters before the number (`Nghị quyết số`)
# and 12 after it (` - QĐ / T.Ư`).
_CODE_REACH = 24


@dataclass(frozen=True, slots=True)
class Needle:
    """What to mark for one query clause: syllables in sequence, or a code.

    Syllables are compared exactly (the reader typed diacritics) or folded; a
    code needle is matched by the code grammar instead. `clause` tells needles of
    different clauses apart when a snippet looks for the passage naming most.
    """

    syllables: tuple[str, ...]
    exact: bool
    code: CodeRef | None = None
    clause: int = 0


def needles(parsed: ParsedQuery) -> list[Needle]:
    """Return what to mark for a parsed query (positive clauses only)."""
    out: list[Needle] = []
    for i, clause in enumerate(parsed.positive):
        if clause.kind == "code" and clause.code:
            out.append(Needle((), False, clause.code, i))
            continue
        # The typed form and the clause's other spellings (`UBKT` for
        # `Ủy ban Kiểm tra`), each marked as a whole.
        out.extend(
            Needle(syllables, exact, clause=i)
            for syllables, exact in spellings_to_mark(clause)
            if syllables
        )
    # A phrase's syllables are marked inside the phrase only, never one by one.
    in_phrases = {forms(s)[1] for n in out if len(n.syllables) > 1 for s in n.syllables}
    kept = [
        n
        for n in out
        if n.code or len(n.syllables) > 1 or forms(n.syllables[0])[1] not in in_phrases
    ]
    return list(dict.fromkeys(kept))


def _tokens(value: str) -> list[tuple[int, int, str, str]]:
    return [
        (m.start(), m.end(), *forms(m.group())) for m in text.WORD_RE.finditer(value)
    ]


def _same_code(found: CodeRef, wanted: CodeRef) -> bool:
    # Issuers only tell codes apart when both name one (`205-QĐ/TW` ≠ `205/QĐ-CP`).
    return (
        found.doc_type == wanted.doc_type
        and found.number == wanted.number
        and not (found.issuer and wanted.issuer and found.issuer != wanted.issuer)
    )


_CLUSTER = re.compile(r".[\u0300-\u036f]*", re.DOTALL)


@functools.lru_cache(maxsize=4096)
def _codes_of(piece: str) -> tuple[CodeRef, ...]:
    # The scan and the passage read the same pieces; titles repeat across pages.
    return tuple(find_codes(piece))


def _codes_in(value: str, lo: int, hi: int) -> list[tuple[int, int, CodeRef]]:
    """Return the codes read in value[lo:hi], with their offsets in value.

    The code grammar reads normalized, case-folded text. Unless the piece is
    already in that form, each character (with its combining marks) is
    normalized on its own so offsets map back to value even in decomposed or
    oddly cased text. A code touching an edge of the piece that is not an edge
    of a word is left out: it may be cut.
    """
    raw = value[lo:hi]
    if text.clean(raw) == raw and len(raw.casefold()) == len(raw):
        piece, starts, ends = raw, None, None
    else:
        chars: list[str] = []
        starts, ends = [], []
        for m in _CLUSTER.finditer(value, lo, hi):
            for ch in text.clean(m.group()).casefold():
                chars.append(ch)
                starts.append(m.start())
                ends.append(m.end())
        piece = "".join(chars)
        if len(text.normalize(piece).casefold()) != len(piece):
            return []  # offsets would not map back
    open_start = lo > 0 and not value[lo - 1].isspace()
    open_end = hi < len(value) and not value[hi].isspace()
    out = []
    for ref in _codes_of(piece):
        if (open_start and ref.start == 0) or (open_end and ref.end == len(piece)):
            continue
        if starts is None:
            out.append((lo + ref.start, lo + ref.end, ref))
        else:
            out.append((starts[ref.start], ends[ref.end - 1], ref))
    return out


def _numbers(value: str, number: str, start: int, end: int):
    """Yield (start, end) of number written alone (leading zeros allowed)."""
    i = value.find(number, start, end)
    while i != -1:
        after = i + len(number)
        first = i
        while first > 0 and value[first - 1] == "0":
            first -= 1
        if not (first > 0 and value[first - 1].isdigit()) and not (
            after < len(value) and value[after].isdigit()
        ):
            yield first, after
        i = value.find(number, after, end)


def _word_start_before(value: str, pos: int, reach: int) -> int:
    """Return the position after the last whitespace in reach before pos."""
    lo = max(0, pos - reach)
    for i in range(pos - 1, lo - 1, -1):
        if value[i].isspace():
            return i + 1
    return lo if lo == 0 else pos


def _word_end_after(value: str, pos: int, reach: int) -> int:
    """Return the position of the first whitespace in reach after pos."""
    found = _SPACE.search(value, pos, min(len(value), pos + reach))
    return found.start() if found else min(len(value), pos + reach)


def _code_spans(value: str, wanted: list[Needle], start: int, end: int):
    spans = []
    for i, n in enumerate(wanted):
        if n.code is None:
            continue
        for first, after in _numbers(value, n.code.number, start, end):
            # From a space well before the number to a space well after it.
            lo = _word_start_before(value, max(0, first - _CODE_REACH), 24)
            hi = _word_end_after(value, min(len(value), after + _CODE_REACH), 24)
            for s, e, ref in _codes_in(value, lo, hi):
                if s <= first < e and _same_code(ref, n.code):
                    spans.append((s, e, i))
    return spans


def _full_code_spans(value: str, wanted: list[Needle]) -> list[tuple[int, int, int]]:
    codes = _codes_in(value, 0, len(value)) if any(n.code for n in wanted) else []
    return [
        (s, e, i)
        for s, e, ref in codes
        for i, n in enumerate(wanted)
        if n.code and _same_code(ref, n.code)
    ]


def _full_spans(value: str, wanted: list[Needle]) -> list[tuple[int, int, int]]:
    """Return the spans of find_spans by reading the whole value (reference)."""
    toks = _tokens(value)
    spans = _full_code_spans(value, wanted)
    for pos, (start, _end, norm, folded) in enumerate(toks):
        for i, n in enumerate(wanted):
            size = len(n.syllables)
            window = toks[pos : pos + size]
            if not size or len(window) < size or n.syllables[0] not in (norm, folded):
                continue
            got = tuple(t[2] if n.exact else t[3] for t in window)
            if got == n.syllables:
                spans.append((start, window[-1][1], i))
    spans.sort()
    return spans


_MARKS = "[\u0300-\u036f]*"
# A word starts where the character before is neither a letter, a digit nor a
# combining mark, and ends where the next one is none of them; the start is
# checked once past the word's first letter (see `_head_regex`).
_BOUNDARY_AFTER = "(?![^\\W_])(?![\u0300-\u036f])"
_BOUNDARY_BEHIND_FIRST = "(?<![^\\W_].)(?<![\u0300-\u036f].)"
_SPACE = re.compile(r"\s")
_WORD_RUN = re.compile(r"(?:[^\W_]|[\u0300-\u036f])*")


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


# One entry per folded syllable in use (about 5 KB each, see `_head_matches`).
@functools.lru_cache(maxsize=2048)
def _head_regex(heads: frozenset[str]) -> re.Pattern:
    """Return a regex finding words whose folded form is one of heads.

    It starts with one character class, the first letters of every head in
    every case and diacritic, so the regex engine skips ahead to the next such
    letter instead of trying each alternative at every position; the word
    boundary and each head's own first letter are checked behind that letter.
    It finds what a word boundary, one of the heads spelled in any variant of
    its letters (each followed by any combining marks), then a word boundary
    finds, at the same places.
    """
    variants = _letter_variants()
    alternatives, first = [], set()
    for head in sorted({forms(h)[1] for h in heads}, key=len, reverse=True):
        letters = variants.get(head[0], head[0])
        first.update(letters)
        parts = [f"(?<=[{re.escape(letters)}]){_MARKS}"]
        for ch in head[1:]:
            parts.append(f"[{re.escape(variants.get(ch, ch))}]{_MARKS}")
        alternatives.append("".join(parts))
    starts = re.escape("".join(sorted(first)))
    body = "|".join(alternatives)
    return re.compile(f"[{starts}]{_BOUNDARY_BEHIND_FIRST}(?:{body}){_BOUNDARY_AFTER}")


def _head_matches(value: str, heads: frozenset[str], start: int, end: int):
    """Yield the matches of `_head_regex(heads)` in value[start:end], unordered.

    One regex per folded head, so a new query reuses the compiled regexes of
    the words it shares with earlier ones (compiling a head's letter classes
    costs about a millisecond, more than scanning a page with it). A word
    matches at most one folded head, so these are the combined regex's
    matches.
    """
    for head in sorted({forms(h)[1] for h in heads}):
        yield from _head_regex(frozenset((head,))).finditer(value, start, end)


def _syllable_spans(value: str, wanted: list[Needle], start: int, end: int):
    heads: dict[str, list[tuple[int, Needle]]] = {}
    for i, n in enumerate(wanted):
        if n.syllables:
            heads.setdefault(n.syllables[0], []).append((i, n))
    if not heads:
        return []
    spans = []
    for m in _head_matches(value, frozenset(heads), start, end):
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
    return spans


def find_spans(
    value: str, wanted: list[Needle], start: int = 0, end: int | None = None
) -> list[tuple[int, int, int]]:
    """Return (start, end, needle index) of every match beginning in value[start:end].

    A regex finds the words that could start a needle (any case, diacritics or
    Unicode form); only there is the text tokenised and compared syllable by
    syllable, as the index does. Codes are looked for around their number.
    Give start and end between words: a word cut in two is not found.
    """
    if not wanted:
        return []
    end = len(value) if end is None else end
    spans = _syllable_spans(value, wanted, start, end)
    spans += _code_spans(value, wanted, start, end)
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


def _best_window(spans, width: int, clauses: list[int]) -> tuple[int, int, int]:
    """Return (first, last, clauses named) of the passage naming most clauses.

    Among passages of at most width characters, the one naming the most
    different clauses wins, then the one with the most matches, then the first.
    """
    best, best_score = (0, 0, 0), (-1, -1)
    inside: Counter[int] = Counter()
    j = 0
    for i, (start, _end, n) in enumerate(spans):
        while j < len(spans) and (j == i or spans[j][1] - start <= width):
            inside[clauses[spans[j][2]]] += 1
            j += 1
        score = (len(inside), j - i)
        if score > best_score:
            last = max(e for _s, e, _n in spans[i:j])
            best_score, best = score, (start, last, len(inside))
        inside[clauses[n]] -= 1
        if not inside[clauses[n]]:
            del inside[clauses[n]]
    return best


def _word_boundary(value: str, pos: int) -> int:
    """Return pos, or the end of the word pos falls in."""
    return _WORD_RUN.match(value, pos).end() if pos < len(value) else len(value)


_SENTENCE_START = re.compile(r"[.!?…][\"'”’»)\]]*\s+|\n\s*")


def _passage_start(value: str, first: int, slack: int, width: int) -> int:
    """Return where a passage showing value[first:] begins: after a space."""
    lo = max(0, first - width // 2)
    sentence = [m.end() for m in _SENTENCE_START.finditer(value, lo, first)]
    if sentence:
        start = sentence[-1]
    elif lo == 0:
        start = 0
    else:
        target = first - slack // 3
        start = _word_start_before(value, target, 40)
        if start == target and not value[target - 1].isspace():
            # No space just before: the next one, else the match itself.
            found = _SPACE.search(value, target, first)
            start = found.end() if found else first
    while start < first and value[start].isspace():
        start += 1
    return start


def _passage_end(value: str, start: int, last: int, width: int) -> int:
    """Return where a passage ending after value[:last] stops: before a space."""
    target = max(last, start + width)
    if target >= len(value):
        return len(value)
    found = _SPACE.search(value, target, target + 30)
    if found:
        end = found.start()
    else:
        space = max(value.rfind(" ", last, target), value.rfind("\n", last, target))
        end = space if space > last else _word_boundary(value, target)
    while end > start and value[end - 1].isspace():
        end -= 1
    return end


def _lead(value: str, width: int) -> str:
    """Return the beginning of value, about width characters, cut between words."""
    if len(value) <= width:
        return escape(value)
    end = _passage_end(value, 0, 0, width)
    return escape(value[:end]) + "…"


def _scan(value: str, wanted: list[Needle], width: int):
    """Return the best passage's (first, last) within a bounded read of value."""
    clauses = [n.clause for n in wanted]
    every = len(set(clauses))
    found: list[tuple[int, int, int]] = []
    seen: set[int] = set()
    pos = 0
    while pos < len(value):
        stop = _word_boundary(value, min(len(value), pos + SCAN_CHUNK))
        more = find_spans(value, wanted, pos, stop)
        found += more
        seen.update(clauses[n] for _s, _e, n in more)
        pos = stop
        if found:
            if pos - found[0][0] >= SCAN_AFTER_FIRST:
                break
            # Stop early only when one passage names every clause.
            if len(seen) == every:
                found.sort()
                if _best_window(found, width, clauses)[2] == every:
                    break
        elif pos >= SCAN_LIMIT:
            break
    found.sort()
    return _best_window(found, width, clauses) if found else None


def snippet(value: str, wanted: list[Needle], width: int = 260) -> str:
    """Return the best passage of value (about width characters), marked.

    The passage starts at a sentence or after a space and ends before a space,
    so no word is cut; the marks inside it are looked for again in the passage.
    """
    best = _scan(value, wanted, width) if wanted else None
    if best is None:
        return _lead(value, width)
    first, last, _named = best
    start = _passage_start(value, first, max(0, width - (last - first)), width)
    end = _passage_end(value, start, last, width)
    spans = find_spans(value, wanted, start, end)
    earliest = min((s for s, _e, _n in spans), default=start)
    if earliest < start:  # a code read back from its number (`Quy định số 205`)
        start = _word_start_before(value, earliest, 40)
    running = max((e for s, e, _n in spans if s < end), default=end)
    if running > end:  # a phrase or code crossing the end is shown whole
        end = _passage_end(value, start, running, 0)
    body = render(value, _merge(value, spans), start, end)
    return ("…" if start > 0 else "") + body + ("…" if end < len(value) else "")
