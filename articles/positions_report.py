"""Measure posts, holdings and events against hand-checked pages.

In memory, as `articles.evaluation` does for extraction: each page is read by
the importer, extracted, and read for posts by the very function derivation
stores (`positions_reading.read_article`); nothing is written.

Scored per page, then summed:

- holdings: (official, post, state) and, when the gold page has a date, the
  day the archive would date them by;
- posts: the distinct posts the pages name;
- events: (official, kind, post, date) at the gold's granularity (a month
  when the gold gives one, no date when it gives none), and loosely
  (official, kind).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from . import extraction, ingest, positions, text
from .positions_reading import OfficialIn, read_article


class MissingTexts(ValueError):
    """Pages the gold file names are not in the texts folder."""


def _post_key(name: str) -> str:
    post = positions.read_title(name).post
    return post.key if post else positions.name_key(name)


def _read_page(path: Path) -> dict:
    parsed = next(
        (
            item
            for item in ingest.read_file(path)
            if isinstance(item, ingest.ParsedArticle)
        ),
        None,
    )
    if parsed is None:
        return {"day": None, "posts": [], "events": []}
    published = parsed.published_at.date() if parsed.published_at else None
    found = extraction.extract(
        parsed.body,
        title=parsed.title,
        lead=parsed.lead,
        captions=parsed.captions,
        byline=parsed.byline,
        published=published,
    )
    day = found.event_date or published
    body = "\n\n".join(
        p for p in (parsed.title, parsed.lead, parsed.body, *parsed.captions) if p
    )
    officials = [
        OfficialIn(
            key=p.key,
            name=p.name,
            surface=(p.surfaces or (p.name,))[0],
            titles=p.titles,
        )
        for p in found.persons
    ]
    reading = read_article(
        body, officials, [(d.surface, d.date) for d in found.dates], day
    )
    return {"day": day, "posts": reading.posts, "events": reading.events}


def _date(value, granularity: int) -> str:
    return value.isoformat()[:granularity] if value else ""


def page_tuples(gold: dict, predicted: dict) -> dict[str, tuple[set, set]]:
    """Return (gold, predicted) tuple sets of one page for each measure."""
    dated = bool(gold.get("date"))
    width = len(gold["date"]) if dated else 0
    page_day = _date(predicted["day"], width) if dated else ""
    gold_holdings = {
        (text.key(h["person"]), _post_key(h["post"]), h["state"], gold["date"] or "")
        for h in gold["holdings"]
    }
    pred_holdings = {
        (p.person, p.post.key, "former" if p.former else "current", page_day)
        for p in predicted["posts"]
    }
    gold_events, pred_events = set(), set()
    gold_loose, pred_loose = set(), set()
    widths = {}
    for e in gold["events"]:
        person = text.key(e["person"])
        post = _post_key(e["post"]) if e.get("post") else ""
        day = e.get("date") or ""
        widths[(person, e["kind"])] = len(day)
        gold_events.add((person, e["kind"], post, day))
        gold_loose.add((person, e["kind"]))
    for e in predicted["events"]:
        width = widths.get((e.person, e.kind), 10)
        post = e.post.key if e.post else ""
        pred_events.add((e.person, e.kind, post, _date(e.date, width) if width else ""))
        pred_loose.add((e.person, e.kind))
    return {
        "holdings": (gold_holdings, pred_holdings),
        "posts": ({h[1] for h in gold_holdings}, {h[1] for h in pred_holdings}),
        "events": (gold_events, pred_events),
        "events_loose": (gold_loose, pred_loose),
    }


def _scores(tp: int, gold: int, pred: int) -> dict:
    precision = tp / pred if pred else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold": gold,
        "predicted": pred,
        "correct": tp,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
    }


def evaluate(gold_file: Path, texts_dir: Path) -> dict:
    """Score every page of a gold file; per split (the folder) and overall."""
    data = json.loads(Path(gold_file).read_text(encoding="utf-8"))
    pages = data["pages"] if isinstance(data, dict) else data
    missing = [p["file"] for p in pages if not (Path(texts_dir) / p["file"]).is_file()]
    if missing:
        raise MissingTexts(
            f"không tìm thấy {len(missing)} tệp trong {texts_dir}: "
            + ", ".join(missing[:5])
        )
    counts: dict[str, dict[str, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0, 0])
    )
    errors = []
    posts_all: dict[str, tuple[set, set]] = {}
    for page in pages:
        split = page["file"].split("/")[0] if "/" in page["file"] else "all"
        predicted = _read_page(Path(texts_dir) / page["file"])
        for measure, (gold, pred) in page_tuples(page, predicted).items():
            if measure == "posts":
                for name in (split, "all"):
                    g, p = posts_all.setdefault(name, (set(), set()))
                    g |= gold
                    p |= pred
                continue
            for name in {split, "all"}:
                row = counts[name][measure]
                row[0] += len(gold & pred)
                row[1] += len(gold)
                row[2] += len(pred)
            missed, extra = sorted(gold - pred), sorted(pred - gold)
            if missed or extra:
                errors.append(
                    {
                        "file": page["file"],
                        "measure": measure,
                        "missed": [list(t) for t in missed],
                        "extra": [list(t) for t in extra],
                    }
                )
    report: dict = {"pages": len(pages)}
    for name in sorted(counts, key=lambda n: (n == "all", n)):
        section = {m: _scores(*row) for m, row in counts[name].items()}
        gold, pred = posts_all[name]
        section["posts"] = _scores(len(gold & pred), len(gold), len(pred))
        report[name] = section
    report["errors"] = errors
    return report
