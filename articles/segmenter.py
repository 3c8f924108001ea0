"""pyvi word segmentation with cheaper feature extraction (`text.segment` uses it).

pyvi's `ViTokenizer.tokenize` builds each syllable's CRF features as dictionaries,
calling `lower()`, `istitle()`, `isupper()` and n-gram lookups on every neighbour
again, and python-crfsuite then turns every dictionary entry into an attribute
string; together that costs more than the CRF itself. Here each distinct
syllable's attribute strings are built once (cached) and each n-gram lookup is
done once, and the same attributes go to the same trained model, so the output
is identical (a test checks it on the seed articles). The model loads lazily,
on first use.
"""

from __future__ import annotations

import functools
import re
import string
import unicodedata

_SPECIALS = ["==>", "->", r"\.\.\.", ">>", "\n"]
_ABBREVIATIONS = [r"[A-ZĐ]+\.", r"Tp\.", r"Mr\.", r"Mrs\.", r"Ms\.", r"Dr\.", r"ThS\."]
_PATTERN = re.compile(
    "("
    + "|".join(
        _ABBREVIATIONS
        + _SPECIALS
        + [
            r"\w+://[^\s]+",
            r"([a-zA-Z0-9_.+-]+@([a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+)",
            r"\d+([\.,_]\d+)+",
            r"[^\w\s]",
            r"\w+",
        ]
    )
    + ")",
    re.UNICODE,
)
_PUNCT = string.punctuation  # substring tests, as pyvi does


def _model():
    from pyvi.ViTokenizer import ViTokenizer  # heavy: loads the CRF model

    return ViTokenizer


@functools.lru_cache(maxsize=200_000)
def _syllable(s: str) -> tuple[str, tuple, tuple, tuple]:
    """Return a syllable's lowercase form and its CRF attributes as itself, as
    the previous and as the next syllable (true flags only: pyvi's false flags
    have weight 0, which adds nothing to a CRF score)."""
    lower = s.lower()
    key = lower.encode()
    title, upper = s.istitle(), s.isupper()
    own = [b"bias", b"word.lower():" + key]
    own += [b"word.isupper()"] * upper + [b"word.istitle()"] * title
    own += [b"word.isdigit()"] * s.isdigit()
    prev = [b"-1:word.lower():" + key]
    prev += [b"-1:word.istitle()"] * title + [b"-1:word.isupper()"] * upper
    nxt = [b"+1:word.lower():" + key]
    nxt += [b"+1:word.istitle()"] * title + [b"+1:word.isupper()"] * upper
    return lower, tuple(own), tuple(prev), tuple(nxt)


def _items(sylls: list[str], bi: set, tri: set) -> list[list[bytes]]:
    """Return the CRF attributes of each syllable, as pyvi's features give them."""
    n = len(sylls)
    info = [_syllable(s) for s in sylls]
    lower = [i[0] for i in info]
    pair = [f"{lower[i]} {lower[i + 1]}" in bi for i in range(n - 1)]
    triple = [f"{lower[i]} {lower[i + 1]} {lower[i + 2]}" in tri for i in range(n - 2)]
    out = []
    for i in range(n):
        item = list(info[i][1])
        if i > 0:
            item += info[i - 1][2]
            if pair[i - 1]:
                item.append(b"-1:word.bi_gram()")
            if i > 1 and triple[i - 2]:
                item.append(b"-2:word.tri_gram()")
        if i < n - 1:
            item += info[i + 1][3]
            if pair[i]:
                item.append(b"+1:word.bi_gram()")
            if i < n - 2 and triple[i]:
                item.append(b"+2:word.tri_gram()")
        out.append(item)
    return out


def tokenize(value: str) -> str:
    """Return value with pyvi's words joined by `_`, as `ViTokenizer.tokenize`."""
    sylls = [m.group(1) for m in _PATTERN.finditer(unicodedata.normalize("NFC", value))]
    if not sylls:
        return value
    vt = _model()
    labels = vt.model.tagger_.tag(_items(sylls, vt.bi_grams, vt.tri_grams))
    out = [sylls[0]]
    for i in range(1, len(labels)):
        cur, prev = sylls[i], sylls[i - 1]
        if (
            labels[i] == "I_W"
            and cur not in _PUNCT
            and prev not in _PUNCT
            and not cur[0].isdigit()
            and not prev[0].isdigit()
            and not (cur[0].istitle() and not prev[0].istitle())
        ):
            out.append("_")
        else:
            out.append(" ")
        out.append(cur)
    return "".join(out)
