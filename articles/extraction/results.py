"""Value objects returned by the extractor, and their JSON form."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class PersonFound:
    """One official named in an article, with everything the text says about them."""

    name: str
    key: str
    surfaces: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    role: str = ""
    honorific: str = ""
    count: int = 1


@dataclass(frozen=True)
class DocumentFound:
    """One cited document: a full code, or a bare `Chỉ thị 35` style reference."""

    code: str
    doc_type: str
    type_name: str = ""
    number: str = ""
    issuer: str = ""
    year: int | None = None
    issued_on: date | None = None
    issuing_body: str = ""
    subject: str = ""
    surfaces: tuple[str, ...] = ()
    is_bare: bool = False
    linked_code: str = ""


@dataclass(frozen=True)
class DateFound:
    """One calendar date the article states, with what kind of date it is."""

    date: date
    kind: str
    surface: str
    context: str = ""


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article.

    `credits` holds every byline and photo credit seen; `bylines` is the subset
    that names the article's authors (the byline argument or a closing name line),
    so callers can tell a reporter from a photographer.
    """

    persons: tuple[PersonFound, ...] = ()
    documents: tuple[DocumentFound, ...] = ()
    dates: tuple[DateFound, ...] = ()
    event_date: date | None = None
    credits: tuple[str, ...] = ()
    bylines: tuple[str, ...] = field(default=())


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def to_dict(extraction: Extraction) -> dict[str, Any]:
    """Return the extraction as plain JSON-ready data (dates as ISO strings)."""
    return _jsonable(asdict(extraction))
