"""pyvi word segmentation with cheaper feature extraction, for bulk indexing.

pyvi's `ViTokenizer.tokenize` builds each syllable's CRF features by calling
`lower()`, `istitle()`, `isupper()` and n-gram lookups on every neighbour again,
which costs more than the CRF itself. Here each syllable's properties and each
n-gram lookup are computed once and the same feature dictionaries are handed to
the same trained model, so the output is identical (a test checks it on the
seed articles). The model loads lazily, on first use.
"""

from __future__ import annotations

import re
import string
import unicodedata

from articles import text

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


def _features(sylls: list[str], bi: set, tri: set) -> list[dict]:
    n = len(sylls)
    lower = [s.lower() for s in sylls]
    title = [s.istitle() for s in sylls]
    upper = [s.isupper() for s in sylls]
    pair = [f"{lower[i]} {lower[i + 1]}" in bi for i in range(n - 1)]
    triple = [f"{lower[i]} {lower[i + 1]} {lower[i + 2]}" in tri for i in range(n - 2)]
    out = []
    for i in range(n):
        f = {
            "bias": 1.0,
            "word.lower()": lower[i],
            "word.isupper()": upper[i],
            "word.istitle()": title[i],
            "word.isdigit()": sylls[i].isdigit(),
        }
        if i > 0:
            f["-1:word.lower()"] = lower[i - 1]
            f["-1:word.istitle()"] = title[i - 1]
            f["-1:word.isupper()"] = upper[i - 1]
            f["-1:word.bi_gram()"] = pair[i - 1]
            if i > 1:
                f["-2:word.tri_gram()"] = triple[i - 2]
        if i < n - 1:
            f["+1:word.lower()"] = lower[i + 1]
            f["+1:word.istitle()"] = title[i + 1]
            f["+1:word.isupper()"] = upper[i + 1]
            f["+1:word.bi_gram()"] = pair[i]
            if i < n - 2:
                f["+2:word.tri_gram()"] = triple[i]
        out.append(f)
    return out


def tokenize(value: str) -> str:
    """Return value with pyvi's words joined by `_`, as `ViTokenizer.tokenize`."""
    sylls = [m.group(1) for m in _PATTERN.finditer(unicodedata.normalize("NFC", value))]
    if not sylls:
        return value
    vt = _model()
    labels = vt.model.predict_single(_features(sylls, vt.bi_grams, vt.tri_grams))
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


def segment(value: str) -> list[str]:
    """Return pyvi's words for value, as `articles.text.segment` does."""
    return tokenize(text.normalize(value)).split()
