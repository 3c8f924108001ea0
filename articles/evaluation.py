"""Measure the import + extraction pipeline against a hand-checked gold file.

Runs entirely in memory: files are parsed and extracted with the same pure
functions the importer and the extraction service use, and nothing is written.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import extraction, ingest
from .extraction.scoring import prediction, score


def predict(path: Path, *, max_page_bytes: int = 20 * 1024 * 1024) -> dict:
    """Return what the pipeline finds in one raw page, in the gold file's shape."""
    parsed = next(
        (
            item
            for item in ingest.read_file(path, max_page_bytes=max_page_bytes)
            if isinstance(item, ingest.ParsedArticle)
        ),
        None,
    )
    if parsed is None:
        return {"file": path.name, "error": "không đọc được tệp"}
    found = extraction.extract(
        parsed.body,
        title=parsed.title,
        lead=parsed.lead,
        captions=parsed.captions,
        byline=parsed.byline,
        published=parsed.published_at.date() if parsed.published_at else None,
    )
    return prediction(path.name, found, parsed.published_at)


def evaluate(gold_file: Path, texts_dir: Path | None = None) -> dict:
    """Score the pipeline on every file a gold file names."""
    gold = json.loads(Path(gold_file).read_text(encoding="utf-8"))
    folder = Path(texts_dir) if texts_dir else Path(gold_file).parent
    predictions = [predict(folder / entry["file"]) for entry in gold]
    return score(gold, predictions)
