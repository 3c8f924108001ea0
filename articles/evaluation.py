"""Measure the import + extraction pipeline against a hand-checked gold file.

Runs entirely in memory: files are parsed and extracted with the same pure
functions the importer and the extraction service use, and nothing is written.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import extraction, ingest
from .extraction.scoring import prediction, score


class MissingTexts(ValueError):
    """The raw pages a gold file names are not where they were looked for."""

    def __init__(self, folder: Path, missing: list[str]) -> None:
        self.folder = folder
        self.missing = missing
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        super().__init__(f"không tìm thấy {len(missing)} tệp trong {folder}: {shown}")


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
    return prediction(
        path.name,
        found,
        parsed.published_at,
        title=parsed.title or None,
        title_derived=parsed.title_derived,
    )


def texts_folder(gold_file: Path, names: list[str]) -> Path:
    """Return the folder beside the gold file that holds the pages it names."""
    base = Path(gold_file).parent
    candidates = [base, base / "in", base / "texts"]
    return max(candidates, key=lambda d: sum((d / n).is_file() for n in names))


def load_gold(gold_file: Path) -> list[dict]:
    """Return the entries of a gold file (a list, or a mapping by file name)."""
    gold = json.loads(Path(gold_file).read_text(encoding="utf-8"))
    if isinstance(gold, dict):
        gold = [{"file": name, **entry} for name, entry in gold.items()]
    return gold


def evaluate(gold_file: Path, texts_dir: Path | None = None) -> dict:
    """Score the pipeline on every file a gold file names.

    Raise MissingTexts instead of scoring pages that are not there as zeros.
    """
    gold = load_gold(gold_file)
    names = [entry["file"] for entry in gold]
    folder = Path(texts_dir) if texts_dir else texts_folder(gold_file, names)
    missing = [n for n in names if not (folder / n).is_file()]
    if missing:
        raise MissingTexts(folder, missing)
    predictions = [predict(folder / name) for name in names]
    return score(gold, predictions)


def aggregate(report: dict) -> dict:
    """Return a report without its per-file errors."""
    return {k: v for k, v in report.items() if k != "errors"}
