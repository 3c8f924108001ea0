"""Metadata extraction: officials, document codes and dates from article text.

Pure functions over text: no ORM, no settings, nothing heavy at import time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .. import text
from .codes import (
    canonical_code,
    find_documents,
    link_bare,
    merge_documents,
    parse_code,
)
from .credits import byline_names, find_credits
from .dates import build_dates, find_dates
from .persons import find_persons, person_key
from .results import DateFound, DocumentFound, Extraction, PersonFound, to_dict
from .titles import mask

__all__ = [
    "DateFound",
    "DocumentFound",
    "Extraction",
    "PersonFound",
    "canonical_code",
    "extract",
    "link_bare",
    "parse_code",
    "person_key",
    "to_dict",
]


def _unique(names: Sequence[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(text.key(name), " ".join(text.normalize(name).split()))
    return tuple(seen.values())


def _own_title(title: str, opening: str) -> str:
    """Return the title, or "" when it only repeats the text's first sentence.

    A headline made from the lead (`… giữ chức Chủ tịch…`) adds nothing but a
    second, cut copy of what the lead says.
    """
    head = " ".join(title.rstrip("… .").split())
    if not head:
        return title
    return "" if text.key(head) in text.key(" ".join(opening[:600].split())) else title


def extract(
    body: str,
    *,
    title: str = "",
    lead: str = "",
    captions: Sequence[str] = (),
    byline: str = "",
    published: date | None = None,
) -> Extraction:
    """Extract officials, documents, dates and credits from one article."""
    title = _own_title(title, lead or body)
    parts = [text.clean(p or "") for p in (title, lead, body, *captions)]
    raw = "\n\n".join(parts)
    norm = text.normalize(raw)
    if len(norm) != len(raw):
        raw = norm  # offsets must line up; fall back to the normalized spelling
    body_start = len(parts[0]) + len(parts[1]) + 4
    lead_start = len(parts[0]) + 2
    spans = find_credits(norm, (body_start, body_start + len(parts[2])), lead_start)
    by_arg = byline_names(byline) if byline.strip() else []
    in_body = [n for s in spans if s.is_byline for n in s.names]
    bylines = _unique(by_arg + in_body)
    credits = _unique(list(bylines) + [n for s in spans for n in s.names])
    credit_keys = {text.key(n) for n in credits}

    hits = find_documents(norm, raw)
    documents = merge_documents(hits)
    issued = [h.issued_span for h in hits if h.issued_span]
    dates, event = build_dates(
        norm, raw, find_dates(norm), published, issued, (lead_start, body_start - 2)
    )
    persons = find_persons(mask(norm), raw, spans, credit_keys)
    return Extraction(
        persons=persons,
        documents=documents,
        dates=dates,
        event_date=event,
        credits=credits,
        bylines=bylines,
    )
