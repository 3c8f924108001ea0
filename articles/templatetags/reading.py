"""Template helpers for the reading pages: links that keep the current query."""

from __future__ import annotations

from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """Return `?…` with the current GET parameters, some replaced or dropped.

    A change to `None` or `""` drops the parameter. Any change other than `page`
    itself resets the page, since the result set moves.
    """
    request = context.get("request")
    params = request.GET.copy() if request is not None else {}
    if hasattr(params, "setlist"):
        if "page" not in changes:
            params.pop("page", None)
        for name, value in changes.items():
            if value in (None, ""):
                params.pop(name, None)
            else:
                params.setlist(name, [str(value)])
        encoded = params.urlencode()
    else:
        encoded = urlencode({k: v for k, v in changes.items() if v not in (None, "")})
    return f"?{encoded}" if encoded else "?"
