"""What a search page asks: the state read from the URL, and the search it runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .. import services
from ..backends.base import NO_YEAR
from ..forms import ArchiveSearchForm

MAX_Q_CHARS = 2000
FACET_SHOWN = 8
FACET_MORE = 200
CSV_MAX_ROWS = 1000
FEED_ITEMS = 30
FACET_ORDER = ("official", "post", "code", "doc_type", "party_term", "year", "month")
FACET_ORDER += ("source", "section")
STATE_PARAMS = ("q", "sort", *services.FILTERS)


def facet_titles() -> dict[str, str]:
    return {
        "official": _("Nhân vật"),
        "code": _("Văn bản"),
        "doc_type": _("Loại văn bản"),
        "year": _("Năm"),
        "month": _("Tháng"),
        "source": _("Nguồn"),
        "section": _("Chuyên mục"),
        "issuer": _("Cơ quan ban hành"),
        "post": _("Chức vụ"),
        "party_term": _("Khóa"),
    }


def filter_label(name: str, value: str) -> str | None:
    """Return the label of a filter value that is no facet value (`year=none`)."""
    if name == "year" and value == NO_YEAR:
        return _("không rõ năm")
    return None


class BadSearch(Exception):
    """The request cannot be searched; the message says why."""


@dataclass
class SearchState:
    """What the URL asks for, validated."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    requested_page: int = 1
    more: str = ""
    narrow: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.q.strip() or self.filters)

    def params(self, **changes) -> list[tuple[str, str]]:
        """Return the URL parameters of this state with some replaced."""
        values: dict[str, list[str]] = {"q": [self.q] if self.q else []}
        values.update({k: list(v) for k, v in self.filters.items()})
        if self.sort != "relevance":
            values["sort"] = [self.sort]
        for name, value in changes.items():
            values[name] = [] if value in (None, "") else [str(value)]
        return [(k, v) for k, vs in values.items() for v in vs]

    def url(self, base: str = "", **changes) -> str:
        query = urlencode(self.params(**changes))
        return f"{base}?{query}" if query else base or "?"

    def toggled(self, base: str, name: str, value: str) -> str:
        """Return the URL with one filter value added, or removed if present."""
        filters = {k: list(v) for k, v in self.filters.items()}
        chosen = filters.setdefault(name, [])
        if value in chosen:
            chosen.remove(value)
            if name == "year":
                filters.pop("month", None)  # a month belongs to its year
        else:
            if name in ("year", "month", "source", "section"):
                chosen.clear()  # one period or source at a time drills down
            chosen.append(value)
        state = SearchState(self.q, {k: v for k, v in filters.items() if v}, self.sort)
        return state.url(base)


def read_state(request: HttpRequest, forced: dict[str, list[str]] | None = None):
    """Validate the search parameters of a request (raise BadSearch if hopeless)."""
    form = ArchiveSearchForm(request.GET, max_q=MAX_Q_CHARS)
    if not form.is_valid():
        raise BadSearch(" ".join(form.errors.get("q", [])))
    data = form.cleaned_data
    filters = services.clean_filters(dict(data["filters"]))
    for name, values in (forced or {}).items():
        filters[name] = list(values)
    return SearchState(
        q=data["q"],
        filters=filters,
        sort=data["sort"],
        page=min(data["page"], services.MAX_PAGE),
        requested_page=data["page"],
        more=data["more"],
        narrow=data["narrow"],
        notices=form.notices,
    )


def run_search(state: SearchState, page_size: int = services.PAGE_SIZE, **options):
    """Run the search service for a state, in any of the three orders."""
    return services.search(
        state.q,
        state.filters,
        page=state.page,
        page_size=page_size,
        sort=state.sort,
        **options,
    )
