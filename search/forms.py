"""The search form: it owns the query and every URL parameter, haystack style.

Every parameter a search page, feed, export or API reads is validated here, once.
A bad filter value is dropped with a notice, a bad page or sort falls back to its
default, and no value of any parameter ever raises.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _

from .backends.base import FILTER_YEARS, NO_YEAR
from .services import FACETS, FILTERS, MAX_PAGE, SearchPage, search
from .web.sanitize import without_controls

# ASCII digits only: str.isdigit() and int() accept "²" and "٣" differently.
_DIGITS = re.compile(r"[0-9]{1,19}")
_YEAR_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
MAX_ID = 2**63 - 1  # the largest primary key SQLite and PostgreSQL store
YEARS = (FILTER_YEARS[0], FILTER_YEARS[-1])
SORTS = ("relevance", "newest", "oldest")
MAX_FILTER_CHARS = 200
MAX_NARROW_CHARS = 100


def ascii_number(value: object, low: int, high: int) -> int | None:
    """Return value as an int if it is ASCII digits within [low, high], else None."""
    text = str(value or "").strip()
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if low <= number <= high else None


class TextField(forms.CharField):
    """A text parameter with the control characters removed before validation."""

    def to_python(self, value):
        if isinstance(value, str):
            value = without_controls(value)
        return super().to_python(value)


class ArchiveSearchForm(forms.Form):
    """Validate reader input and run the search service."""

    q = TextField(required=False, label="Tìm kiếm")
    page = forms.CharField(required=False)
    sort = forms.CharField(required=False)
    more = forms.CharField(required=False)

    def __init__(self, data=None, *, max_q: int = 10_000, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.max_q = max_q

    def clean_q(self) -> str:
        q = self.cleaned_data.get("q") or ""
        if len(q) > self.max_q:
            raise forms.ValidationError(
                _("Câu tìm quá dài (%(n)s ký tự); hãy rút gọn dưới %(max)s ký tự.")
                % {"n": len(q), "max": self.max_q}
            )
        return q

    def clean_page(self) -> int:
        """Return the page asked for (the service stops at the last one), else 1."""
        return ascii_number(self.cleaned_data.get("page"), 1, MAX_ID) or 1

    def clean_sort(self) -> str:
        sort = self.cleaned_data.get("sort")
        return sort if sort in SORTS else "relevance"

    def clean_more(self) -> str:
        more = self.cleaned_data.get("more")
        return more if more in FACETS else ""

    def clean(self) -> dict:
        data = super().clean()
        self.notices: list[str] = []
        data["filters"] = self._filters()
        data["narrow"] = {}
        for name in FACETS:
            value = self._field_values(f"fq_{name}")[-1:]
            narrow = value[0][:MAX_NARROW_CHARS] if value else ""
            if narrow:
                data["narrow"][name] = narrow
        return data

    @property
    def filters(self) -> dict[str, list[str]]:
        """Return the valid filter values (validating the form if needed)."""
        self.is_valid()
        return self.cleaned_data["filters"]

    def _field_values(self, name: str) -> list[str]:
        """Return the non-empty values of a parameter, control characters removed."""
        getlist = getattr(self.data, "getlist", None)
        raw = getlist(name) if getlist else self.data.get(name)
        listed = raw if isinstance(raw, (list, tuple)) else [raw]
        values = (without_controls(str(v)).strip() for v in listed if v is not None)
        return [v for v in values if v]

    def _reject(self, name: str, value: str) -> None:
        shown = value if len(value) <= 40 else value[:40] + "…"
        self.notices.append(
            _("Đã bỏ qua giá trị không hợp lệ “%(value)s” của tham số %(name)s.")
            % {"value": shown, "name": name}
        )

    def _filters(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for name in FILTERS:
            kept = []
            for value in self._field_values(name):
                if name == "year" and value.casefold() == NO_YEAR:
                    value = NO_YEAR  # articles without a date (`year=none`)
                elif name in ("year", "source"):
                    low, high = YEARS if name == "year" else (1, MAX_ID)
                    number = ascii_number(value, low, high)
                    if number is None:
                        self._reject(name, value)
                        continue
                    value = str(number)
                elif name == "month":
                    continue  # below: a month needs the year
                kept.append(value[:MAX_FILTER_CHARS])
            if kept:
                out[name] = kept
        months = [m for m in map(self._month, self._field_values("month")) if m]
        if months:
            out["month"] = months
        return out

    def _month(self, value: str) -> str | None:
        """Return a month as YYYY-MM, from itself or from "M" and the chosen year."""
        found = _YEAR_MONTH.fullmatch(value)
        if found:
            year, month = found.groups()
        else:
            chosen = self._year()
            if chosen is None and _DIGITS.fullmatch(value):
                return None  # a month alone only makes sense within a year
            year, month = chosen, value
        if ascii_number(year, *YEARS) is None or ascii_number(month, 1, 12) is None:
            self._reject("month", value)
            return None
        return f"{int(year)}-{int(month):02d}"

    def _year(self) -> str | None:
        for value in self._field_values("year"):
            number = ascii_number(value, *YEARS)
            if number is not None:
                return str(number)
        return None

    def search(self) -> SearchPage:
        """Return the result page for the submitted query and filters."""
        self.is_valid()
        data = self.cleaned_data
        # Only q can be invalid (too long): search its beginning instead.
        q = data.get("q", without_controls(str(self.data.get("q", "")))[: self.max_q])
        page = search(
            q,
            data["filters"],
            page=min(data.get("page") or 1, MAX_PAGE),
            sort=data.get("sort") or "relevance",
        )
        page.messages[:0] = self.notices
        return page
