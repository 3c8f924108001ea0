"""Parse what a reader types into a small, safe query description.

Only our grammar is understood: words, "phrases", exclusions (`-word`,
`NOT word`), `AND` (the default, so only a separator), `OR`, and document codes
in any spelling. Operators count only in capitals; a dangling one (`mai AND`,
a final `NOT`) is dropped with a note. A query of exclusions only (`NOT mai`)
lists every article without them. Everything else (`:`, `*`, brackets, emoji,
control characters) is just punctuation between words, so no input can reach
Whoosh's own syntax or raise.

Two kinds of words are recognised and kept whole, so that neither recall nor
highlighting takes them syllable by syllable:

- an official's name the archive knows (`truong thi mai`): one phrase clause
  carrying the official's slugs;
- an abbreviation or what it abbreviates (`articles.abbreviations`): the clause
  lists the other spellings (`UBKT` for `Ủy ban Kiểm tra`) as variants.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from articles import abbreviations, text
from articles.codekeys import CodeRef, find_codes

from .analysis import forms

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 24
# Spellings of one clause tried at most (typed first, then fewest changes).
MAX_SPELLINGS = 16

log = logging.getLogger(__name__)

_TOKEN_RE = re.compile(r'(?P<neg>-)?"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+)')
_OR_WORDS = {"OR", "HOẶC", "|"}
_AND_WORDS = {"AND", "&&", "+"}
_NOT_WORDS = {"NOT"}

#: Finds officials' names in folded syllables: (start, end, slugs) spans.
NameSpans = Callable[[list[str]], list[tuple[int, int, tuple[str, ...]]]]


@dataclass(frozen=True, slots=True)
class Spelling:
    """One way a clause may be written in a document."""

    norms: tuple[str, ...]
    folds: tuple[str, ...]
    # False: an ambiguous abbreviation on its own (`TW`), which counts only
    # next to a neighbouring word of the query (see Clause.before/after).
    alone: bool = True
    # True: the abbreviation is also an ordinary word (`TƯ`, `tư`), so only a
    # neighbouring abbreviation (`UBKT TƯ`) is context enough.
    word: bool = False


@dataclass(frozen=True, slots=True)
class Variant:
    """Other spellings of the syllables start..end of a clause."""

    start: int
    end: int
    spellings: tuple[Spelling, ...]


@dataclass(frozen=True, slots=True)
class Clause:
    """One required (or excluded) unit: a word, a phrase or a document code."""

    kind: str  # "word", "phrase" or "code"
    norms: tuple[str, ...]
    folds: tuple[str, ...]
    negated: bool = False
    code: CodeRef | None = None
    raw: str = ""
    variants: tuple[Variant, ...] = ()
    # Folded syllables typed right before and after the clause: the context
    # that lets an ambiguous abbreviation stand for the clause.
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    # Slugs of the officials this clause names (the clause is their name).
    officials: tuple[str, ...] = ()

    @property
    def accented(self) -> bool:
        """Tell whether the reader typed diacritics in this clause."""
        return self.norms != self.folds

    def spellings(self) -> tuple[Spelling, ...]:
        """Return the ways the clause may be written: as typed first."""
        return _spellings(self.norms, self.folds, self.variants)


def _spellings(norms, folds, variants) -> tuple[Spelling, ...]:
    typed = Spelling(tuple(norms), tuple(folds))
    if not variants:
        return (typed,)
    # Paths through the clause: each syllable as typed, or a variant's span
    # replaced by one of its spellings. Kept per position: (changes, norms,
    # folds, pieces, ambiguous pieces, where word-like forms sit in folds).
    n = len(folds)
    paths: list[list[tuple]] = [[] for _ in range(n + 1)]
    paths[0].append((0, (), (), 0, 0, ()))
    for i in range(n):
        paths[i].sort(key=lambda p: p[0])
        del paths[i][MAX_SPELLINGS:]
        for changes, ns, fs, pieces, lone, words in paths[i]:
            paths[i + 1].append(
                (changes, ns + (norms[i],), fs + (folds[i],), pieces + 1, lone, words)
            )
            for v in variants:
                if v.start != i:
                    continue
                for sp in v.spellings:
                    at = (len(fs),) if sp.word else ()
                    paths[v.end].append(
                        (
                            changes + 1,
                            ns + sp.norms,
                            fs + sp.folds,
                            pieces + 1,
                            lone + (not sp.alone),
                            words + at,
                        )
                    )
    shorts = abbreviations.short_forms()
    out: dict[tuple[str, ...], Spelling] = {}
    for _c, ns, fs, pieces, lone, words in sorted(paths[n], key=lambda p: p[0]):
        if fs in out or len(out) >= MAX_SPELLINGS:
            continue
        # An ambiguous form alone needs outside context; next to any other
        # syllable of the clause it has its own, unless it is also a word
        # (`tư`): then only a neighbouring abbreviation will do.
        alone = not (lone and pieces == 1)
        if alone and any(
            not (
                {fs[k - 1] if k else "", fs[k + 1] if k + 1 < len(fs) else ""} & shorts
            )
            for k in words
        ):
            continue
        out[fs] = Spelling(ns, fs, alone, word=bool(words) and not alone)
    return tuple(out.values())


def folded_spellings(value: str) -> list[tuple[str, ...]]:
    """Return value's folded syllables as typed, then in the other spellings the
    abbreviation table gives it (`ubkt` also as `uy ban kiem tra`, `khoa 13` as
    `khoa xiii`), for matching labels the way the search matches text."""
    toks = list(text.tokens(value))
    if not toks:
        return []
    norms = tuple(t.norm for t in toks)
    folds = tuple(t.folded for t in toks)
    variants = _variants(abbreviations.find(value, toks), 0, len(toks))
    return [s.folds for s in _spellings(norms, folds, variants) if s.alone]


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

    @property
    def officials(self) -> list[str]:
        """Return the slugs of the officials named by positive clauses."""
        out: list[str] = []
        for c in self.positive:
            out.extend(s for s in c.officials if s not in out)
        return out


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


def _compound_sizes(words: list[str]) -> list[int]:
    """Return syllable counts of pyvi words over a run; accentless words alone."""
    alone = [len(text.WORD_RE.findall(w)) for w in words]
    alone = [n for n in alone if n]
    joined = " ".join(words)
    if not text.has_diacritics(joined) or len(words) < 2:
        return alone
    try:
        segmented = text.segment(joined)
    except Exception:  # pyvi failing must not fail the search
        return alone
    groups = [[p for p in w.split("_") if text.WORD_RE.search(p)] for w in segmented]
    groups = [g for g in groups if g]
    # Trust pyvi only if it kept every syllable; otherwise search word by word.
    if [s for g in groups for s in g] != [
        s for w in words for s in text.WORD_RE.findall(w)
    ]:
        return alone
    return [len(g) for g in groups]


def known_names(folds: list[str]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Return the spans of folds naming officials of the archive (labels)."""
    from .labels import name_spans

    try:
        return name_spans(folds)
    except Exception:  # no database (yet): names are an aid, never a failure
        log.debug("Official names unavailable to the query parser", exc_info=True)
        return []


def _variants(found, start: int, end: int) -> tuple[Variant, ...]:
    """Return the variants of the abbreviations found within start..end."""
    out = []
    for f in found:
        if start <= f.start and f.end <= end:
            spellings = tuple(
                Spelling(s.norms, s.folds, s.alone, s.cased and len(s.folds) == 1)
                for s in f.others
                if s.folds
            )
            out.append(Variant(f.start - start, f.end - start, spellings))
    return tuple(out)


def _run_clauses(words: list[str], names: NameSpans | None) -> list[Clause]:
    """Return the clauses of a run of plain words, names and abbreviations whole."""
    value = " ".join(words)
    toks = list(text.tokens(value))
    if not toks:
        return []
    folds = [t.folded for t in toks]
    cuts, at = {0, len(toks)}, 0
    for size in _compound_sizes(words):
        at += size
        cuts.add(at)
    found = abbreviations.find(value, toks)
    spans = [(f.start, f.end) for f in found]
    named = names(folds) if names and len(folds) > 1 else []
    spans += [(a, b) for a, b, _slugs in named]
    # A name or an abbreviation is one clause, whatever pyvi made of it.
    for a, b in spans:
        cuts.update((a, b))
    for a, b in spans:
        cuts.difference_update(range(a + 1, b))
    bounds = sorted(cuts)
    clauses = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        part = toks[a:b]
        norms = tuple(t.norm for t in part)
        slugs = next((s for x, y, s in named if (x, y) == (a, b)), ())
        clauses.append(
            Clause(
                "phrase" if len(part) > 1 else "word",
                norms,
                tuple(folds[a:b]),
                raw=value[part[0].start : part[-1].end],
                variants=_variants(found, a, b),
                officials=tuple(slugs),
            )
        )
    # Each clause learns the syllables typed next to it, in every spelling.
    edges = [c.spellings() for c in clauses]
    out = []
    for i, c in enumerate(clauses):
        before = {s.folds[-1] for s in edges[i - 1]} if i else set()
        after = {s.folds[0] for s in edges[i + 1]} if i + 1 < len(edges) else set()
        out.append(replace(c, before=tuple(sorted(before)), after=tuple(sorted(after))))
    return out


def _single_clause(value: str, negated: bool) -> Clause | None:
    """Return one clause of all of value: a quoted phrase or an excluded word."""
    toks = list(text.tokens(value))
    if not toks:
        return None
    norms = tuple(t.norm for t in toks)
    folds = tuple(t.folded for t in toks)
    variants = _variants(abbreviations.find(value, toks), 0, len(toks))
    kind = "phrase" if len(toks) > 1 else "word"
    return Clause(kind, norms, folds, negated, raw=value, variants=variants)


def _bare_clauses(
    words: list[tuple[str, str]], names: NameSpans | None
) -> list[Clause]:
    """Return clauses of unquoted words: codes, then runs of plain words.

    Each word comes with its operator: "-" excludes that word, "NOT" the unit
    it starts (a pyvi word, a name, an abbreviation or a code), "" none.
    """
    segment = " ".join(w for w, _op in words)
    ops, pos = {}, 0
    for w, op in words:
        ops[pos] = op
        pos += len(w) + 1
    out: list[Clause] = []

    def run_out(run: list[str], negate_first: bool) -> None:
        clauses = _run_clauses(run, names)
        if negate_first and clauses:
            clauses[0] = replace(clauses[0], negated=True, before=(), after=())
        out.extend(clauses)

    pos = 0
    for ref in find_codes(segment) + [None]:
        end = ref.start if ref else len(segment)
        run: list[str] = []
        negate_first = False
        at = pos
        for word in segment[pos:end].split():
            at = segment.index(word, at)
            op = ops.get(at, "")
            if op:
                run_out(run, negate_first)
                run, negate_first = [], False
            if op == "-":
                if (clause := _single_clause(word, True)) is not None:
                    out.append(clause)
            elif text.WORD_RE.search(word):
                negate_first = negate_first or (op == "NOT" and not run)
                run.append(word)
            at += len(word)
        run_out(run, negate_first)
        if ref:
            raw = segment[ref.start : ref.end]
            norms, folds = _syllables(raw)
            negated = bool(ops.get(ref.start))
            out.append(Clause("code", norms, folds, negated, ref, raw))
            pos = ref.end
    return out


def parse(raw: str, names: NameSpans | None = known_names) -> ParsedQuery:
    """Parse reader input into OR-groups of clauses; never raises.

    names finds officials' names in the typed syllables (None: no names).
    """
    value, messages = sanitize(raw)
    parsed = ParsedQuery(raw=value, messages=messages)
    group: list[Clause] = []
    pending: list[tuple[str, str]] = []
    negate_next = False
    dangling: list[str] = []

    def flush() -> None:
        if pending:
            group.extend(_bare_clauses(pending, names))
            pending.clear()

    def close_group() -> None:
        nonlocal group
        flush()
        if group:
            parsed.groups.append(group)
        group = []

    for m in _TOKEN_RE.finditer(value):
        word = m.group("word")
        if word is not None and word in _OR_WORDS | _AND_WORDS | _NOT_WORDS:
            if negate_next:
                dangling.append("NOT")
            negate_next = word in _NOT_WORDS
            if word in _OR_WORDS:
                if not group and not pending:
                    dangling.append(word)
                close_group()
            elif word in _AND_WORDS and not group and not pending:
                dangling.append(word)
            continue
        if word is not None:
            op = "NOT" if negate_next else ""
            if word.startswith("-") and len(word) > 1:
                op, word = op or "-", word[1:]
            negate_next = False
            pending.append((word, op))
            continue
        flush()
        negated = bool(m.group("neg")) or negate_next
        negate_next = False
        if (clause := _single_clause(m.group("phrase"), negated)) is not None:
            group.append(clause)
    if negate_next:
        dangling.append("NOT")
    last = value.split()[-1] if value.split() else ""
    if last in _OR_WORDS | _AND_WORDS:
        dangling.append(last)
    close_group()
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
        dropped = [g for g in parsed.groups if all(c.negated for c in g)]
        if dropped:
            parsed.groups = [g for g in parsed.groups if g not in dropped]
            parsed.messages.append(
                _("Một vế OR chỉ có từ loại trừ nên đã được bỏ qua.")
            )
    if parsed.is_empty:
        if raw and raw.strip():
            parsed.messages.append(_("Truy vấn không có từ nào để tìm."))
        return parsed
    if dangling:
        parsed.messages.append(
            _("Đã bỏ qua toán tử không có từ đi kèm: %(ops)s.")
            % {"ops": ", ".join(dict.fromkeys(dangling))}
        )
    if not parsed.positive:
        parsed.messages.append(
            _("Truy vấn chỉ có từ loại trừ: hiển thị mọi bài viết không chứa chúng.")
        )
    return parsed
