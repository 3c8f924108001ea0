"""The search form: it owns the query, in haystack's SearchForm style."""

from __future__ import annotations

from django import forms

from .services import FILTERS, SearchPage, search


class ArchiveSearchForm(forms.Form):
    """Validate reader input and run the search service."""

    q = forms.CharField(required=False, label="Tìm kiếm", max_length=10_000)
    page = forms.IntegerField(required=False, min_value=1)
    sort = forms.ChoiceField(
        required=False,
        choices=[
            ("relevance", "Liên quan nhất"),
            ("newest", "Mới nhất"),
            ("oldest", "Cũ nhất"),
        ],
    )

    def __init__(self, data=None, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.filters: dict[str, list[str]] = {}
        if data is not None:
            getlist = getattr(data, "getlist", None)
            for name in FILTERS:
                values = getlist(name) if getlist else data.get(name)
                if values:
                    listed = values if isinstance(values, list) else [values]
                    self.filters[name] = listed

    def search(self) -> SearchPage:
        """Return the result page for the submitted query and filters."""
        if not self.is_valid():
            # Bad page/sort values fall back to defaults rather than erroring.
            q = str(self.data.get("q", ""))[:10_000]
            return search(q, self.filters)
        data = self.cleaned_data
        return search(
            data.get("q") or "",
            self.filters,
            page=data.get("page") or 1,
            sort=data.get("sort") or "relevance",
        )
