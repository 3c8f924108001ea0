"""Score extraction output against a hand-checked gold file.

A gold entry and a prediction share one shape::

    {"file": "000_x.txt", "title": "…" | None,
     "persons": ["Name", …] | [{"name": "Name", "titles": ["…"]}, …],
     "bylines": [...], "document_codes": [...],
     "event_date": "YYYY-MM-DD" | None,
     "published": "YYYY-MM-DDTHH:MM" | "YYYY-MM-DD" | "YYYY-MM" | None}

A prediction also says whether its title was derived (`title_derived`).

Persons and bylines compare by `text.key` (case, Unicode form and tone placement
do not matter); document codes compare as exact canonical strings. Title phrases
are scored as (person, title) pairs, and only for gold entries that list titles;
`T.Ư`, `TƯ`, `TW` and `Trung ương` count as one word there, and punctuation is
ignored. The publication timestamp is compared at the gold's granularity
(minute, day or month). Date accuracy counts only gold entries whose value is
not null.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from .. import abbreviations, text
from .results import Extraction

SET_FIELDS = ("persons", "document_codes", "bylines")
PAIR_FIELDS = ("titles",)
DATE_FIELDS = ("event_date", "published")
_COMPARE = {"persons": text.key, "bylines": text.key, "document_codes": str.strip}


_CENTRAL_RE = abbreviations.written_forms(
    "Trung ương", with_expansion=True, ignore_case=True
)


def title_key(title: str) -> str:
    """Return the comparison key of a title: `Uỷ viên TƯ` ≡ `Ủy viên Trung ương`."""
    folded = text.key(title)
    folded = _CENTRAL_RE.sub(lambda m: "tw", folded)
    return " ".join(text.WORD_RE.findall(folded))


def person_name(person: str | Mapping[str, Any]) -> str:
    """Return the name of a person given as a plain string or a gold dict."""
    return person if isinstance(person, str) else str(person.get("name") or "")


def _title_pairs(persons: Iterable[Any]) -> dict[tuple[str, str], tuple[str, str]]:
    pairs: dict[tuple[str, str], tuple[str, str]] = {}
    for person in persons:
        if isinstance(person, str):
            continue
        name = person_name(person)
        for title in person.get("titles") or []:
            pairs.setdefault((text.key(name), title_key(title)), (name, title))
    return pairs


def _has_titles(persons: Iterable[Any]) -> bool:
    return any(not isinstance(p, str) for p in persons)


def _same_headline(expected: str, got: str) -> bool:
    return " ".join(text.WORD_RE.findall(text.key(expected))) == " ".join(
        text.WORD_RE.findall(text.key(got))
    )


def prediction(
    file: str,
    extraction: Extraction,
    published: date | datetime | None = None,
    *,
    title: str | None = None,
    title_derived: bool = False,
) -> dict[str, Any]:
    """Return the gold-shaped prediction for one article's extraction."""
    if isinstance(published, datetime):
        stamp = published.strftime("%Y-%m-%dT%H:%M")
    else:
        stamp = published.isoformat() if published else None
    return {
        "file": file,
        "title": title,
        "title_derived": title_derived,
        "persons": [
            {"name": p.name, "titles": list(p.titles)} for p in extraction.persons
        ],
        "bylines": list(extraction.bylines),
        "document_codes": [d.code for d in extraction.documents if not d.is_bare],
        "event_date": extraction.event_date.isoformat()
        if extraction.event_date
        else None,
        "published": stamp,
    }


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    total = precision + recall
    f1 = 2 * precision * recall / total if total else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def _by_file(
    entries: Iterable[Mapping[str, Any]] | Mapping[str, Any],
) -> dict[str, Any]:
    if isinstance(entries, Mapping):
        return {name: {"file": name, **entry} for name, entry in entries.items()}
    return {entry["file"]: entry for entry in entries}


def score(
    gold_entries: Iterable[Mapping[str, Any]],
    predictions: Iterable[Mapping[str, Any]] | Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    """Return precision/recall/F1 per set field, date accuracy, and every error."""
    gold = _by_file(gold_entries)
    predicted = _by_file(predictions)
    counts = {f: [0, 0, 0] for f in SET_FIELDS + PAIR_FIELDS}
    dates = {f: [0, 0] for f in DATE_FIELDS}
    headline = {"total": 0, "exact": 0, "derived_for_real": 0, "pages_without": 0}
    headline["real_for_none"] = 0
    errors: list[dict[str, Any]] = []
    for file, entry in gold.items():
        got = predicted.get(file, {})
        for field in SET_FIELDS:
            norm = _COMPARE[field]
            values = entry.get(field) or []
            found = got.get(field) or []
            if field == "persons":
                values = [person_name(v) for v in values]
                found = [person_name(v) for v in found]
            want = {norm(v): v for v in values}
            have = {norm(v): v for v in found}
            _tally(counts[field], errors, file, field, want, have)
        if _has_titles(entry.get("persons") or []):
            _tally(
                counts["titles"],
                errors,
                file,
                "titles",
                _title_pairs(entry.get("persons") or []),
                _title_pairs(got.get("persons") or []),
            )
        if "title" in entry:
            _headline(headline, errors, file, entry.get("title"), got)
        for field in DATE_FIELDS:
            expected = entry.get(field)
            if expected is None:
                continue
            value = got.get(field)
            if field == "published" and value:
                value = value[: len(expected)]
            dates[field][1] += 1
            if value == expected:
                dates[field][0] += 1
            else:
                errors.append(
                    _error(
                        file,
                        field,
                        "miss" if value is None else "wrong",
                        expected,
                        value,
                    )
                )
    result: dict[str, Any] = {f: _prf(*counts[f]) for f in SET_FIELDS + PAIR_FIELDS}
    for field, (right, total) in dates.items():
        result[field] = {
            "accuracy": round(right / total, 4) if total else 1.0,
            "total": total,
        }
    total, without = headline["total"], headline["pages_without"]
    result["headline"] = {
        "exact": round(headline["exact"] / total, 4) if total else 1.0,
        "total": total,
        "derived_for_real": headline["derived_for_real"],
        "pages_without": without,
        "real_for_none": headline["real_for_none"],
    }
    result["errors"] = errors
    return result


def _tally(
    tally: list[int],
    errors: list[dict[str, Any]],
    file: str,
    field: str,
    want: Mapping[Any, Any],
    have: Mapping[Any, Any],
) -> None:
    tally[0] += len(want.keys() & have.keys())
    for k in sorted(have.keys() - want.keys()):
        tally[1] += 1
        errors.append(_error(file, field, "false_hit", None, have[k]))
    for k in sorted(want.keys() - have.keys()):
        tally[2] += 1
        errors.append(_error(file, field, "miss", want[k], None))


def _headline(
    tally: dict[str, int],
    errors: list[dict[str, Any]],
    file: str,
    expected: str | None,
    got: Mapping[str, Any],
) -> None:
    title, derived = got.get("title"), bool(got.get("title_derived"))
    if expected is None:
        # The page had no headline: a derived one is right, a "real" one is not.
        tally["pages_without"] += 1
        if title and not derived:
            tally["real_for_none"] += 1
            errors.append(_error(file, "headline", "real_for_none", None, title))
        return
    tally["total"] += 1
    if title and not derived and _same_headline(expected, title):
        tally["exact"] += 1
        return
    if derived:
        tally["derived_for_real"] += 1
    kind = "derived_for_real" if derived else ("miss" if not title else "wrong")
    errors.append(_error(file, "headline", kind, expected, title))


def _error(file: str, field: str, kind: str, expected: Any, got: Any) -> dict[str, Any]:
    return {
        "file": file,
        "field": field,
        "kind": kind,
        "expected": expected,
        "got": got,
    }
