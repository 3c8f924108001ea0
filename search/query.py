"""Parse what a reader types into a small, safe query description.

Only our grammar is understood: words, "phrases", -exclusions, OR, and document
codes in any spelling. Everything else (`:`, `*`, brackets, emoji, control
characters) is just punctuation between words, so no input can reach Whoosh's
own syntax or raise.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from articles import text
from articles.codekeys import CodeRef, find_codes

from .analysis import forms

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 24

_TOKEN_RE = re.compile(r'(?P<neg>-)?"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+)')
_OR_WORDS = {"OR", "HOẶC", "|"}


@dataclass(frozen=True, slots=True)
class Clause:
    """One required (or excluded) unit: a word, a phrase or a document code."""

    kind: str  # "word", "phrase" or "code"
    norms: tuple[str, ...]
    folds: tuple[str, ...]
    negated: bool = False
    code: CodeRef | None = None
    raw: str = ""

    @property
    def accented(self) -> bool:
        """Tell whether the reader typed diacritics in this clause."""
        return self.norms != self.folds


@dataclass(slots=True)
class ParsedQuery:
    """A parsed query: OR-groups of AND-ed clauses, plus notes for the reader."""

    raw: str
    groups: list[list[Clause]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def clauses(self) -> list[Clause]:
        return [c for g in self.groups for c in g]

    @property
    def positive(self) -> list[Clause]:
        return [c for c in self.clauses if not c.negated]

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def codes(self) -> list[CodeRef]:
        return [c.code for c in self.clauses if c.code and not c.negated]

    @property
    def text_words(self) -> str:
        """Return the positive non-code words, normalized, as typed order."""
        return " ".join(" ".join(c.norms) for c in self.positive if c.kind != "code")


def sanitize(raw: str) -> tuple[str, list[str]]:
    """Return input without control characters, cut to a sane length, and notes."""
    messages = []
    value = text.clean(raw or "")
    value = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co"} else ch
        for ch in value
    )
    if len(value) > MAX_QUERY_CHARS:
        value = value[:MAX_QUERY_CHARS]
        messages.append(
            _("Truy vấn quá dài; chỉ dùng %(n)d ký tự đầu tiên.")
            % {"n": MAX_QUERY_CHARS}
        )
    return " ".join(value.split()), messages


def _syllables(value: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    pairs = [forms(w) for w in text.WORD_RE.findall(value)]
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


def _compounds(words: list[str]) -> list[list[str]]:
    """Group a run of accented words into pyvi words; keep accentless ones alone."""
    joined = " ".join(words)
    if not text.has_diacritics(joined) or len(words) < 2:
        return [[w] for w in words]
    try:
        segmented = text.segment(joined)
    except Exception:  # pyvi failing must not fail the search
        return [[w] for w in words]
    groups = [[p for p in w.split("_") if text.WORD_RE.search(p)] for w in segmented]
    groups = [g for g in groups if g]
    # Trust pyvi only if it kept every syllable; otherwise search word by word.
    if [s for g in groups for s in g] != [
        s for w in words for s in text.WORD_RE.findall(w)
    ]:
        return [[w] for w in words]
    return groups


def _word_clauses(words: list[str], negated: bool) -> list[Clause]:
    out = []
    for group in _compounds(words) if not negated else [[w] for w in words]:
        norms, folds = _syllables(" ".join(group))
        if norms:
            kind = "phrase" if len(norms) > 1 else "word"
            out.append(Clause(kind, norms, folds, negated, raw=" ".join(group)))
    return out


def _bare_clauses(segment: str) -> list[Clause]:
    """Return clauses of unquoted text: codes first, then runs of plain words."""
    out: list[Clause] = []
    pos = 0
    for ref in find_codes(segment) + [None]:
        end = ref.start if ref else len(segment)
        run: list[str] = []
        for word in segment[pos:end].split():
            negated = word.startswith("-") and len(word) > 1
            if negated:
                out.extend(_word_clauses(run, False))
                run = []
                out.extend(_word_clauses([word[1:]], True))
            elif text.WORD_RE.search(word):
                run.append(word)
        out.extend(_word_clauses(run, False))
        if ref:
            raw = segment[ref.start : ref.end]
            norms, folds = _syllables(raw)
            negated = ref.start > 0 and segment[ref.start - 1] == "-"
            out.append(Clause("code", norms, folds, negated, ref, raw))
            pos = ref.end
    return out


def parse(raw: str) -> ParsedQuery:
    """Parse reader input into OR-groups of clauses; never raises."""
    value, messages = sanitize(raw)
    parsed = ParsedQuery(raw=value, messages=messages)
    group: list[Clause] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            group.extend(_bare_clauses(" ".join(pending)))
            pending.clear()

    for m in _TOKEN_RE.finditer(value):
        if m.group("word") is not None:
            word = m.group("word")
            if word in _OR_WORDS:
                flush()
                if group:
                    parsed.groups.append(group)
                group = []
            else:
                pending.append(word)
            continue
        flush()
        norms, folds = _syllables(m.group("phrase"))
        if norms:
            kind = "phrase" if len(norms) > 1 else "word"
            negated = bool(m.group("neg"))
            group.append(Clause(kind, norms, folds, negated, raw=m.group("phrase")))
    flush()
    if group:
        parsed.groups.append(group)
    if value.count('"') % 2:
        parsed.messages.append(
            _("Thiếu dấu ngoặc kép đóng; đã tìm cụm từ đến hết câu.")
        )
    total = sum(len(g) for g in parsed.groups)
    if total > MAX_CLAUSES:
        kept, budget = [], MAX_CLAUSES
        for g in parsed.groups:
            if budget <= 0:
                break
            kept.append(g[:budget])
            budget -= len(g)
        parsed.groups = kept
        parsed.messages.append(
            _("Truy vấn có quá nhiều từ; chỉ dùng %(n)d từ đầu tiên.")
            % {"n": MAX_CLAUSES}
        )
    # A group made only of exclusions would match everything but them: keep it
    # only when it is the whole query (browse minus exclusions).
    if len(parsed.groups) > 1:
        parsed.groups = [g for g in parsed.groups if any(not c.negated for c in g)]
    if raw and raw.strip() and parsed.is_empty:
        parsed.messages.append(_("Truy vấn không có từ nào để tìm."))
    return parsed
