"""Hand-run timing of the extractor (benchmarks print numbers; tests never time).

.venv/bin/python -c "from articles.extraction.bench import main; main()"
.venv/bin/python -c "from articles.extraction.bench import pyvi_main; pyvi_main()"
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


_DATA_DIR = _SAMPLE_DIR.parent


def _gold_texts() -> list[tuple[str, dict, set[str]]]:
    """Return (text, extract arguments, gold person keys) for every gold article."""
    from .. import ingest, text  # the page parser is only needed for measuring

    items: list[tuple[str, dict, set[str]]] = []
    for gold_file, folder in (
        (_DATA_DIR / "gold.json", _SAMPLE_DIR),
        (_DATA_DIR / "heldout" / "gold.json", _DATA_DIR / "heldout"),
    ):
        for entry in json.loads(gold_file.read_text(encoding="utf-8")):
            raw = (folder / entry["file"]).read_text(encoding="utf-8")
            page = ingest.parse_page(ingest.decode_bytes(raw.encode("utf-8")))
            args = {
                "title": page.title,
                "lead": page.lead,
                "captions": page.captions,
                "byline": page.byline,
                "published": page.published_at.date() if page.published_at else None,
            }
            whole = "\n\n".join([page.title, page.lead, page.body, *page.captions])
            items.append((page.body, args | {"_text": whole}, _keys(entry, text)))
    for entry in json.loads((_DATA_DIR / "extra.json").read_text(encoding="utf-8")):
        whole = f"{entry['title']}\n\n{entry['body']}"
        args = {"title": entry["title"], "_text": whole}
        items.append((entry["body"], args, _keys(entry, text)))
    return items


def _keys(entry: dict, text_module) -> set[str]:
    return {text_module.key(p) for p in entry["persons"]}


def _np_runs(tagged: tuple[list[str], list[str]]) -> list[str]:
    """Join consecutive proper-noun (Np) tokens: `Vàng`, `A_Sùng` → `Vàng A Sùng`."""
    runs: list[str] = []
    current: list[str] = []
    for token, tag in zip(*tagged, strict=True):
        if tag == "Np":
            current.append(token.replace("_", " "))
            continue
        if current:
            runs.append(" ".join(current))
        current = []
    if current:
        runs.append(" ".join(current))
    return runs


def measure_pyvi() -> dict[str, object]:
    """Compare pyvi's Np tags with the rule-based persons on every gold article.

    A gold person counts as found by pyvi when some run of consecutive Np tokens
    equals the name or holds it (`Thượng_úy` is N, but `Hà_Nội Ngô_Thị_Thanh_Hằng`
    may come out as one run). "Np runs not persons" counts runs of two or more
    syllables that contain no gold person: what a tagger-only rule would add.
    """
    from pyvi import ViPosTagger, ViTokenizer  # heavy: loaded only when measuring

    from .. import text

    items = _gold_texts()
    gold_total = rules_found = rules_false = pyvi_found = pyvi_noise = 0
    filter_would_drop = 0  # true persons the rules find but pyvi does not tag Np
    rules_ms: list[float] = []
    pyvi_ms: list[float] = []
    for body, args, gold in items:
        whole = args.pop("_text")
        start = time.perf_counter()
        found = {p.key for p in extract(body, **args).persons}
        rules_ms.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        runs = [
            text.key(r)
            for r in _np_runs(ViPosTagger.postagging(ViTokenizer.tokenize(whole)))
        ]
        pyvi_ms.append((time.perf_counter() - start) * 1000)
        tagged = {g for g in gold if any(g == r or f" {g} " in f" {r} " for r in runs)}
        gold_total += len(gold)
        rules_found += len(found & gold)
        rules_false += len(found - gold)
        pyvi_found += len(tagged)
        filter_would_drop += len((found & gold) - tagged)
        pyvi_noise += sum(
            1
            for r in set(runs)
            if len(r.split()) >= 2 and not any(f" {g} " in f" {r} " for g in gold)
        )
    return {
        "articles": len(items),
        "gold_persons": gold_total,
        "rules_true": rules_found,
        "rules_false": rules_false,
        "pyvi_np_true": pyvi_found,
        "pyvi_np_runs_not_persons": pyvi_noise,
        "rules_true_not_np": filter_would_drop,
        "rules_ms_per_article": round(statistics.fmean(rules_ms), 3),
        "pyvi_ms_per_article": round(statistics.fmean(pyvi_ms), 3),
    }


def pyvi_main() -> None:
    """Print the pyvi Np measurement as JSON (loads the pyvi model: a few seconds)."""
    print(json.dumps(measure_pyvi()))
