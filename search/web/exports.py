"""CSV export of the articles matching any search URL."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_safe

from .. import services
from .results import bad_request
from .sanitize import csv_cell
from .state import CSV_MAX_ROWS, BadSearch, SearchState, read_state


def match_kind(item) -> str:
    """Return how a hit matches: `full`, `subject` (by the document's subject)
    or `partial` (most of the query's words), the tiers of `search.listing`."""
    if item.partial:
        return "partial"
    return "subject" if item.by_subject else "full"


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(state: SearchState, request: HttpRequest):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # lets spreadsheet programs read the file as UTF-8
    yield writer.writerow(
        ["id", "title", "published_at", "source", "officials", "codes", "url", "match"]
    )
    items = services.ranked_items(
        state.q, state.filters, sort=state.sort, limit=CSV_MAX_ROWS
    )
    for item in items:
        cells = [
            item.id,
            item.title,
            item.published_at.isoformat() if item.published_at else "",
            item.source,
            "; ".join(item.officials),
            "; ".join(item.codes),
            request.build_absolute_uri(item.url),
            match_kind(item),
        ]
        yield writer.writerow([csv_cell(cell) for cell in cells])


@require_safe
def export_csv(request: HttpRequest) -> HttpResponse:
    """Stream up to CSV_MAX_ROWS results of a search as CSV."""
    try:
        state = read_state(request)
    except BadSearch as exc:
        return bad_request(request, str(exc))
    response = StreamingHttpResponse(
        _csv_rows(state, request), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="newsarchive.csv"'
    return response
