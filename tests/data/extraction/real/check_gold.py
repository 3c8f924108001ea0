"""Check an untouched split's gold.json without running the extractor.

Checks that every entry has the gold fields in order, that each file exists
and each text file has an entry, that dates are ISO dates (publication
timestamps at the granularity the page gives), that every annotated string
occurs verbatim in its text (a document code may be printed with spaces
around its parts), that no outlet, host or source address is shared with
another split, and prints the counts the README quotes.

    python tests/data/extraction/real/check_gold.py SPLIT_FOLDER
"""

import datetime as dt
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

if len(sys.argv) != 2:
    sys.exit(
        "usage: check_gold.py SPLIT_FOLDER (e.g. tests/data/extraction/real/holdout7)"
    )
DIR = Path(sys.argv[1]).resolve()
REAL = DIR.parent
FIELDS = [
    "file",
    "outlet",
    "source_url",
    "title",
    "persons",
    "bylines",
    "document_codes",
    "bare_refs",
    "dates",
    "event_date",
    "published",
]
gold = json.loads((DIR / "gold.json").read_text(encoding="utf-8"))
errors = []


def err(entry, msg):
    errors.append(f"{entry.get('file')}: {msg}")


def iso_date(s):
    try:
        dt.date.fromisoformat(s)
        return True
    except (TypeError, ValueError):
        return False


def iso_published(s):
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", s):
        return True
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return iso_date(s)
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?", s)
    if not m:
        return False
    try:
        dt.datetime.fromisoformat(s)
        return True
    except ValueError:
        return False


files = [e.get("file") for e in gold]
if len(set(files)) != len(files):
    errors.append("duplicate file names")
on_disk = sorted(p.name for p in DIR.glob("*.txt"))
if sorted(files) != on_disk:
    errors.append(f"files differ from disk: {set(files) ^ set(on_disk)}")

for e in gold:
    if list(e) != FIELDS:
        err(e, f"fields {list(e)}")
        continue
    path = DIR / e["file"]
    if not path.is_file():
        err(e, "missing text")
        continue
    text = path.read_text(encoding="utf-8")
    if not e["source_url"].startswith("http"):
        err(e, "source_url")
    if e["title"] is not None and e["title"] not in text:
        err(e, f"title not verbatim: {e['title']}")
    for p in e["persons"]:
        if set(p) != {"name", "titles"}:
            err(e, f"person fields {p}")
        if p["name"] not in text:
            err(e, f"name not verbatim: {p['name']}")
        for t in p["titles"]:
            if t not in text:
                err(e, f"title phrase not verbatim: {t}")
        if len(set(p["titles"])) != len(p["titles"]):
            err(e, f"repeated phrase for {p['name']}")
    for key in ("bylines", "bare_refs"):
        for s in e[key]:
            if s not in text:
                err(e, f"{key} not verbatim: {s}")
    # Codes are annotated in their usual form: a code the page prints with
    # spaces around its parts must still be there once the spaces go.
    squeezed = re.sub(r"\s+", "", text)
    for s in e["document_codes"]:
        if s not in text and s.replace(" ", "") not in squeezed:
            err(e, f"document code not on the page: {s}")
    for d in e["dates"]:
        if not iso_date(d):
            err(e, f"bad date {d}")
    if e["event_date"] is not None:
        if not iso_date(e["event_date"]):
            err(e, f"bad event_date {e['event_date']}")
        elif e["event_date"] not in e["dates"]:
            err(e, "event_date not among dates")
    if e["published"] is not None and not iso_published(e["published"]):
        err(e, f"bad published {e['published']}")
    elif (
        e["published"]
        and e["event_date"]
        and e["event_date"][: len(e["published"][:10])] > e["published"][:10]
    ):
        err(e, "event dated after publication")
    for d in e["dates"] + [e["event_date"] or "", (e["published"] or "")[:10]]:
        if d and d > dt.date.today().isoformat():
            err(e, f"date after today {d}")

# New outlets and hosts only.
used_outlets, used_hosts, used_urls = set(), set(), set()
for g in REAL.glob("*/gold.json"):
    if g.parent == DIR:
        continue
    for x in json.loads(g.read_text(encoding="utf-8")):
        used_outlets.add(x["outlet"])
        used_hosts.add((urlparse(x["source_url"]).hostname or "").removeprefix("www."))
        used_urls.add(x["source_url"])
for e in gold:
    host = (urlparse(e["source_url"]).hostname or "").removeprefix("www.")
    if e["outlet"] in used_outlets or host in used_hosts or host in used_outlets:
        err(e, f"outlet or host used before: {e['outlet']} {host}")
    if e["source_url"] in used_urls:
        err(e, "source used before")
outlets = [e["outlet"] for e in gold]
if len(set(outlets)) != len(outlets):
    errors.append(
        "an outlet appears twice: " + str({o for o in outlets if outlets.count(o) > 1})
    )

years = set()
for e in gold:
    for d in [e["event_date"], e["published"]]:
        if d:
            years.add(int(d[:4]))
pages_with_year = sum(1 for e in gold if e["event_date"] or e["published"])
counts = {
    "pages": len(gold),
    "outlets": len(set(outlets)),
    "event_date": sum(1 for e in gold if e["event_date"]),
    "published": sum(1 for e in gold if e["published"]),
    "published_with_time": sum(
        1 for e in gold if e["published"] and "T" in e["published"]
    ),
    "bylines_pages": sum(1 for e in gold if e["bylines"]),
    "persons": sum(len(e["persons"]) for e in gold),
    "title_phrases": sum(len(p["titles"]) for e in gold for p in e["persons"]),
    "document_codes": sum(len(e["document_codes"]) for e in gold),
    "pages_with_codes": sum(1 for e in gold if e["document_codes"]),
    "bare_refs": sum(len(e["bare_refs"]) for e in gold),
    "printed_headlines": sum(1 for e in gold if e["title"]),
    "pages_with_year": pages_with_year,
    "years": f"{min(years)}-{max(years)}" if years else None,
}
print(json.dumps(counts, ensure_ascii=False, indent=1))
print("\n".join(errors) if errors else "OK: no errors")
sys.exit(1 if errors else 0)
