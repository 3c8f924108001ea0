"""Suggestions: "did you mean", autocomplete of facet values, related articles."""

from __future__ import annotations

import functools
import math
import re
from collections import Counter

from articles import text
from articles.codekeys import TYPE_ABBRS, TYPE_NAMES, code_keys

from . import labels, matching
from .analysis import folded_key, forms
from .backends import Query, Snapshot
from .highlight import Needle, find_spans
from .plan import All, Any, Node, Term
from .query import Clause, ParsedQuery, folded_spellings

_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def _df(snap: Snapshot, term: str) -> int:
    return snap.doc_frequency("text", term)


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    out |= {a + c + b for a, b in splits for c in _ALPHABET}
    out.discard(word)
    return out


def correct_word(snap: Snapshot, folded: str) -> str | None:
    """Return the most frequent indexed word one edit away from folded, if any."""
    if len(folded) < 2 or len(folded) > 30:
        return None
    best, best_df = None, 0
    # Sorted, so ties between equally frequent candidates always go one way.
    for candidate, df in sorted(snap.doc_frequencies("text", _edits1(folded)).items()):
        if df > best_df:
            best, best_df = candidate, df
    return best


_VIET_LETTERS: dict[str, str] | None = None


def _letter_classes() -> dict[str, str]:
    """Return each ASCII letter's regex class of its case-folded Vietnamese forms."""
    global _VIET_LETTERS
    if _VIET_LETTERS is None:
        forms_of: dict[str, set[str]] = {c: {c} for c in _ALPHABET}
        for point in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
            folded_char = chr(point).casefold()
            base = text.fold(folded_char)
            if len(folded_char) == 1 and base in forms_of:
                forms_of[base].add(folded_char)
        _VIET_LETTERS = {
            c: "[" + "".join(sorted(v)) + "]" if len(v) > 1 else re.escape(c)
            for c, v in forms_of.items()
        }
    return _VIET_LETTERS


def _syllable_pattern(folded: str) -> str:
    """Return a regex finding the syllable in case-folded text, any diacritics.

    It may find more than the syllable (no word boundaries): it only tells
    which paragraphs are worth tokenising.
    """
    classes = _letter_classes()
    return "".join(classes.get(c, re.escape(c)) + "[\u0300-\u036f]*" for c in folded)


def _paragraph_filter(runs: list[tuple[str, ...]]):
    """Return a test of whether a paragraph may hold any run's syllables."""
    needed = [
        [re.compile(_syllable_pattern(s)) for s in dict.fromkeys(run)] for run in runs
    ]

    def may_hold(paragraph: str) -> bool:
        lowered = paragraph.casefold()
        return any(all(p.search(lowered) for p in run) for run in needed)

    return may_hold


def run_surfaces(value: str, runs: list[tuple[str, ...]]):
    """Yield (run, text) of each place value writes a run of folded syllables.

    The highlighter finds them (`highlight.find_spans`, a regex skipping to
    the runs' first syllables), so only the words around those are
    tokenised: the same places as comparing every token of value.
    """
    wanted = [Needle(run, False) for run in runs]
    for start, end, i in find_spans(value, wanted):
        yield runs[i], value[start:end]


def _surface_forms(snap: Snapshot, recall: Node, runs: list[tuple[str, ...]]) -> dict:
    """Return the most frequent written form of each folded run in top matches.

    Only the paragraphs that may hold a run's syllables are tokenised (a
    regex over the case-folded text finds them): whole articles took most of a
    search's time. A run is counted within one paragraph.
    """
    from articles.models import Article

    pks = _top(snap, recall, 20)
    counters = {run: Counter() for run in runs}
    may_hold = _paragraph_filter(runs)
    for row in Article.objects.filter(pk__in=pks).values_list("title", "lead", "body"):
        for value in "\n".join(row).split("\n"):
            if not may_hold(value):
                continue
            for run, surface in run_surfaces(value, runs):
                counters[run][text.normalize(surface)] += 1
    best = {}
    for run, counter in counters.items():
        if counter:
            # Count case-insensitively, then show the commonest spelling.
            keyed = Counter()
            for surface, n in counter.items():
                keyed[text.key(surface)] += n
            top_key = keyed.most_common(1)[0][0]
            best[run] = max(
                (s for s in counter if text.key(s) == top_key), key=counter.__getitem__
            )
    return best


def suggestion_key(parsed: ParsedQuery, count: int) -> tuple:
    """Return what `suggestion` depends on besides the snapshot, as a cache key."""
    words = [c for c in parsed.positive if c.kind != "code"]
    return (
        tuple((c.kind, c.norms, c.folds) for c in words),
        count == 0 and len(words) > 1,
    )


def suggestion(snap: Snapshot, parsed: ParsedQuery, count: int) -> str | None:
    """Return a better query to offer, or None when the query is fine."""
    words = [c for c in parsed.positive if c.kind != "code"]
    if not words:
        return None
    corrected: list[Clause | str] = []
    changed = False
    for clause in words:
        fixed = []
        for fold in clause.folds:
            if _df(snap, fold) == 0:
                candidate = correct_word(snap, fold)
                if candidate:
                    fixed.append(candidate)
                    changed = True
                    continue
                if count == 0 and len(words) > 1:
                    changed = True  # drop a word nothing contains
                    continue
            fixed.append(fold)
        if fixed:
            corrected.append(" ".join(fixed))
    if not corrected:
        return None
    runs = [tuple(part.split()) for part in corrected]
    accentless = not any(c.accented for c in words)
    if not (changed or accentless):
        return None
    whole = tuple(s for run in runs for s in run)
    recall = All(tuple(matching.sequence("text", run) for run in runs))
    forms_found = _surface_forms(
        snap, recall, [whole] + (runs if len(runs) > 1 else [])
    )
    if whole in forms_found:
        best = forms_found[whole]
    else:
        best = " ".join(forms_found.get(run, " ".join(run)) for run in runs)
    typed = " ".join(" ".join(c.norms) for c in words)
    if text.key(best) == text.key(typed):
        return None
    if not changed and folded_key(best) != folded_key(typed):
        return None
    return best


def _matches(label: str, spellings: list[list[str]]) -> bool:
    """Tell whether a spelling (folded syllables) is in label.

    The last syllable of the first spelling, as typed, is a prefix; the other
    spellings are whole words from the table (`khoa 12` is `khóa XII`, never
    the start of `khóa XIII`).
    """
    syllables = folded_key(label).split()
    for k, wanted in enumerate(spellings):
        n = len(wanted)
        for i in range(len(syllables) - n + 1):
            window = syllables[i : i + n]
            if window[:-1] != wanted[:-1]:
                continue
            if window[-1] == wanted[-1] or (
                not k and window[-1].startswith(wanted[-1])
            ):
                return True
    return False


def label_matches(label: str, q: str) -> bool:
    """Tell whether q, in any spelling of the abbreviation table, occurs in label.

    `ubkt` finds `Ủy ban Kiểm tra Trung ương` and `uy ban kiem tra` finds
    `UBKT`, as the search does in text; the last syllable typed is a prefix.
    """
    return _matches(label, _spellings_of(q))


@functools.lru_cache(maxsize=4096)
def label_forms(label: str) -> tuple[str, ...]:
    """Return the label's other spellings, folded (`Ủy viên Bộ Chính trị` also
    as `uvbct`, `uy vien bct`), for narrowing a facet list as the search reads
    text."""
    return tuple(" ".join(s) for s in folded_spellings(label)[1:])


def narrows_to(label: str, typed: str) -> bool:
    """Tell whether a facet value's label is kept when the list is narrowed by
    typed: typed, folded, occurs in the label in any of its spellings."""
    wanted = {text.fold(typed).strip(), " ".join(folded_key(typed).split())} - {""}
    if not wanted:
        return True
    forms = (text.fold(label), " ".join(folded_key(label).split()), *label_forms(label))
    return any(w in f for w in wanted for f in forms)


def _spellings_of(q: str) -> list[list[str]]:
    found = [list(s) for s in folded_spellings(q)]
    return found or ([typed] if (typed := folded_key(q).split()) else [])


# A code being typed: its type (abbreviated or in words) then the start of its
# number (`qd 20`, `Quy định số 2`), or a number then its type (`205 qd`).
_TYPES = "|".join(sorted({*TYPE_NAMES, *TYPE_ABBRS}, key=len, reverse=True))
_CODE_PREFIX = re.compile(
    rf"^(?:(?P<type>{_TYPES})\s*(?:so\s*)?[-.:/ ]?\s*(?P<number>\d{{1,5}})"
    rf"|(?P<number2>\d{{1,5}})\s*[-/ ]\s*(?P<type2>{_TYPES}))"
    rf"(?:\s*[-/ ]\s*(?P<issuer>[a-z]{{1,6}}))?$"
)


def code_prefix(q: str) -> tuple[str, str, str] | None:
    """Return (type key, number start, issuer start) of a code being typed."""
    folded = " ".join(text.fold(q).replace(".", " ").split())
    m = _CODE_PREFIX.match(folded)
    if not m:
        return None
    kind = m.group("type") or m.group("type2")
    kind = TYPE_NAMES.get(kind) or TYPE_ABBRS.get(kind.replace(" ", ""), "")
    number = (m.group("number") or m.group("number2")).lstrip("0") or "0"
    return (kind, number, m.group("issuer") or "") if kind else None


def _code_matches(value: str, wanted: tuple[str, str, str]) -> bool:
    """Tell whether a code's keys start as wanted (type, number, issuer)."""
    kind, number, issuer = wanted
    for key in code_keys(value):
        parts = key.split("-")
        if parts[0] != kind or len(parts) < 2:
            continue
        if issuer:
            # The number is complete once an issuer follows it.
            if parts[1] == number and len(parts) > 2 and parts[2].startswith(issuer):
                return True
        elif parts[1].startswith(number):
            return True
    return False


def facet_search(snap: Snapshot, facet: str, q: str, limit: int = 10) -> list[dict]:
    """Return facet values whose label contains q (any syllable, no diacritics).

    q matches in every spelling of the abbreviation table (`ubkt`, `bbt`,
    `khoa 13`); codes are also found by what q spells (`qd 205`, `kl 2`,
    `nghi quyet 18`).
    """
    spellings = _spellings_of(q)
    if not spellings:
        return []
    totals = snap.totals(facet)
    names = labels.labels(facet, list(totals), snap)
    spelled = code_prefix(q) if facet == "code" else None
    found = [
        {"value": v, "label": names[v], "count": n}
        for v, n in totals.items()
        if _matches(names[v], spellings) or (spelled and _code_matches(v, spelled))
    ]
    found.sort(key=lambda d: (-d["count"], d["label"]))
    return found[:limit]


def autocomplete(snap: Snapshot, q: str, limit: int = 10) -> list[dict]:
    """Return officials and document codes completing q, most cited first."""
    out = []
    for facet, kind in (("official", "official"), ("code", "code")):
        for item in facet_search(snap, facet, q, limit):
            out.append({"type": kind, **item})
    out.sort(key=lambda d: -d["count"])
    return out[:limit]


def more_like_this(snap: Snapshot, article, limit: int = 5) -> list[int]:
    """Return pks of the articles closest in vocabulary to article."""
    from .documents import cached_compounds

    words = cached_compounds([article], compute=False).get(article.pk, "")
    counts = Counter()
    for word in words.split():
        parts = text.WORD_RE.findall(word)
        if len(parts) > 1:  # compounds carry the topic; single syllables are noise
            counts["_".join(forms(p)[0] for p in parts)] += 1
    if not counts:
        counts.update(
            f for _n, f in (forms(w) for w in text.WORD_RE.findall(article.title))
        )
        field = "text"
    else:
        field = "compound"
    total = max(1, snap.live_count)
    scored = []
    for term, tf in counts.items():
        df = snap.doc_frequency(field, term)
        if 0 < df < total * 0.3 or total < 10:
            scored.append((tf * math.log(1 + total / max(df, 1)), term))
    scored.sort(reverse=True)
    terms = [Term(field, t, w) for w, t in scored[:20]]
    if not terms:
        return []
    return _top(snap, Any(tuple(terms)), limit, exclude=(article.pk,))


def _top(snap: Snapshot, plan: Node, limit: int, exclude: tuple[int, ...] = ()):
    """Return the ids of the best-scoring articles matching plan."""
    matches = snap.match(Query(recall=plan, exclude_ids=exclude))
    return snap.top(matches, plan, "relevance", limit)
