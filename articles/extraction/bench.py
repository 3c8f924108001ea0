"""Hand-run timing of the extractor (benchmarks print numbers; tests never time).

.venv/bin/python -c "from articles.extraction.bench import main; main()"
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from . import extract

_SAMPLE_DIR = (
    Path(__file__).resolve().parents[2] / "tests" / "data" / "extraction" / "in"
)


def time_extraction(text: str, repeat: int = 50) -> dict[str, float | int]:
    """Return timings in milliseconds of extracting text repeat times after warm-up."""
    extract(text)  # warm-up: regex compilation and normalization caches
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        extract(text)
        runs.append((time.perf_counter() - start) * 1000)
    return {
        "chars": len(text),
        "repeat": repeat,
        "mean_ms": round(statistics.fmean(runs), 3),
        "median_ms": round(statistics.median(runs), 3),
        "max_ms": round(max(runs), 3),
    }


def sample_text(size: int = 10_000) -> str:
    """Return about size characters of seed article text, repeated as needed."""
    seeds = "\n\n".join(
        p.read_text(encoding="utf-8") for p in sorted(_SAMPLE_DIR.glob("*.txt"))
    )
    if not seeds:
        raise FileNotFoundError(f"no sample articles in {_SAMPLE_DIR}")
    while len(seeds) < size:
        seeds += "\n\n" + seeds
    cut = seeds.find("\n", size)
    return seeds[: cut if cut > 0 else size]


def main(size: int = 10_000, repeat: int = 50) -> None:
    """Print the timing of a size-character article as JSON."""
    print(json.dumps(time_extraction(sample_text(size), repeat)))
