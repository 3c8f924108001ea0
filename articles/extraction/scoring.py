"""Score extraction output against a hand-checked gold file.

A gold entry and a prediction share one shape::

    {"file": "000_x.txt", "persons": [...], "bylines": [...],
     "document_codes": [...], "event_date": "YYYY-MM-DD" | None,
     "published": "YYYY-MM-DD" | None}

Persons and bylines compare by `text.key` (case, Unicode form and tone placement
do not matter); document codes compare as exact canonical strings. Date accuracy
counts only gold entries whose value is not null.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from .. import text
from .results import Extraction

SET_FIELDS = ("persons", "document_codes", "bylines")
DATE_FIELDS = ("event_date", "published")
_COMPARE = {"persons": text.key, "bylines": text.key, "document_codes": str.strip}


def prediction(
    file: str, extraction: Extraction, published: date | datetime | None = None
) -> dict[str, Any]:
    """Return the gold-shaped prediction for one article's extraction."""
    if isinstance(published, datetime):
        published = published.date()
    return {
        "file": file,
        "persons": [p.name for p in extraction.persons],
        "bylines": list(extraction.bylines),
        "document_codes": [d.code for d in extraction.documents if not d.is_bare],
        "event_date": extraction.event_date.isoformat()
        if extraction.event_date
        else None,
        "published": published.isoformat() if published else None,
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
    counts = {f: [0, 0, 0] for f in SET_FIELDS}
    dates = {f: [0, 0] for f in DATE_FIELDS}
    errors: list[dict[str, Any]] = []
    for file, entry in gold.items():
        got = predicted.get(file, {})
        for field in SET_FIELDS:
            norm = _COMPARE[field]
            want = {norm(v): v for v in entry.get(field) or []}
            have = {norm(v): v for v in got.get(field) or []}
            tally = counts[field]
            tally[0] += len(want.keys() & have.keys())
            for k in sorted(have.keys() - want.keys()):
                tally[1] += 1
                errors.append(_error(file, field, "false_hit", None, have[k]))
            for k in sorted(want.keys() - have.keys()):
                tally[2] += 1
                errors.append(_error(file, field, "miss", want[k], None))
        for field in DATE_FIELDS:
            expected = entry.get(field)
            if expected is None:
                continue
            value = got.get(field)
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
    result: dict[str, Any] = {f: _prf(*counts[f]) for f in SET_FIELDS}
    for field, (right, total) in dates.items():
        result[field] = {
            "accuracy": round(right / total, 4) if total else 1.0,
            "total": total,
        }
    result["errors"] = errors
    return result


def _error(file: str, field: str, kind: str, expected: Any, got: Any) -> dict[str, Any]:
    return {
        "file": file,
        "field": field,
        "kind": kind,
        "expected": expected,
        "got": got,
    }
