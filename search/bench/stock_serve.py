"""The serving benchmark's baseline: the same pages served by stock haystack.

A gunicorn whose settings point haystack at its stock Whoosh engine and an
index built by it (`baselines.build_stock_haystack`), and whose URLs answer
`/api/search/` and `/search/` the way a haystack tutorial does: a
`SearchQuerySet` with `auto_query`, `narrow` for the facet clicked, `facet()` on
the facets, `load_all()`, a `Paginator` of 20, haystack's `Highlighter` for the
snippets and its `{% highlight %}` tag in the page (inside the archive's own
`base.html`). The rest of the site's URLs stay, so the page renders as ours.
"""

from __future__ import annotations

from pathlib import Path

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template import engines
from django.urls import include, path

from .baselines import FACET_NAMES

FILTERS = ("year", "source", "official", "code")
SETTINGS = "stock_haystack_settings"

_PAGE = """{% extends "base.html" %}{% load highlight %}
{% block content %}
<h1>{{ page.paginator.count }} kết quả cho “{{ query }}”</h1>
<aside>{% for name, values in facets.items %}<h2>{{ name }}</h2><ul>
{% for value, count in values %}<li>
<a href="?q={{ query|urlencode }}&amp;{{ name }}={{ value|urlencode }}">{{ value }}</a>
({{ count }})</li>{% endfor %}
</ul>{% endfor %}</aside>
<ol>{% for result in page.object_list %}<li>
<a href="{{ result.object.get_absolute_url }}">{{ result.object.title }}</a>
<p>{% highlight result.object.body with query max_length 300 %}</p>
</li>{% endfor %}</ol>
{% if page.has_next %}
<a href="?q={{ query|urlencode }}&amp;page={{ page.next_page_number }}">Sau</a>
{% endif %}
{% endblock content %}
"""


def _search(request):
    from haystack.query import SearchQuerySet

    q = request.GET.get("q", "")
    sqs = SearchQuerySet().load_all()
    sqs = sqs.auto_query(q) if q.strip() else sqs.all()
    for name in FILTERS:
        value = request.GET.get(name)
        if value:
            sqs = sqs.narrow(f'{name}:"{sqs.query.clean(value)}"')
    for name in FACET_NAMES:
        sqs = sqs.facet(name)
    page = Paginator(sqs, 20).get_page(request.GET.get("page"))
    facets = sqs.facet_counts().get("fields", {})
    return q, page, facets


def api(request):
    from haystack.utils.highlighting import Highlighter

    q, page, facets = _search(request)
    highlighter = Highlighter(q, max_length=300)
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "results": [
                {
                    "id": int(r.pk),
                    "title": r.object.title,
                    "url": r.object.get_absolute_url(),
                    "snippet": highlighter.highlight(r.object.body),
                }
                for r in page.object_list
                if r.object is not None
            ],
            "facets": {name: dict(values) for name, values in facets.items()},
        }
    )


def results(request):
    from django.http import HttpResponse

    q, page, facets = _search(request)
    template = engines["django"].from_string(_PAGE)
    context = {"query": q, "page": page, "facets": facets}
    return HttpResponse(template.render(context, request))


urlpatterns = [
    path("api/search/", api),
    path("search/", results),
    path("", include("newsarchive.urls")),
]


def write_settings(folder: Path, index: Path) -> None:
    """Write the stock server's settings module into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{SETTINGS}.py").write_text(
        "from newsarchive.settings import *  # noqa: F403\n\n"
        "HAYSTACK_CONNECTIONS = {'default': {\n"
        "    'ENGINE': 'haystack.backends.whoosh_backend.WhooshEngine',\n"
        f"    'PATH': {str(index)!r},\n"
        "}}\n"
        "HAYSTACK_SIGNAL_PROCESSOR = 'haystack.signals.BaseSignalProcessor'\n"
        "ROOT_URLCONF = 'search.bench.stock_serve'\n"
        "WHITENOISE_USE_FINDERS = True\n"
    )


def serve_stock(folder: Path, n: int, vocab, workers, seconds, connections):
    """Build (or reuse) the stock index, serve it, drive the mix; return figures."""
    import time

    from .baselines import STOCK_HAYSTACK_UP_TO, build_stock_haystack
    from .serve import Gunicorn, measure_server

    if n > STOCK_HAYSTACK_UP_TO:
        return {
            "skipped": f"more than {STOCK_HAYSTACK_UP_TO} articles "
            "(stock haystack would index them for hours)"
        }
    index = folder / "stock-haystack"
    built = folder / "stock-haystack-built"
    out: dict = {}
    if not built.exists():
        started = time.perf_counter()
        _backend, rate = build_stock_haystack(index)
        built.write_text(f"{rate:.1f}\n")
        out["index_seconds"] = round(time.perf_counter() - started, 1)
    out["index_rate_per_s"] = float(built.read_text())
    out["index_mb"] = round(
        sum(p.stat().st_size for p in index.rglob("*") if p.is_file()) / 2**20, 1
    )
    server = Gunicorn(
        folder,
        workers,
        name="stock",
        DJANGO_SETTINGS_MODULE=SETTINGS,
        NEWSARCHIVE_SEARCH_SYNC_THREAD="0",
    )
    write_settings(server.folder, index)
    server.start()
    try:
        out.update(measure_server(server, vocab, seconds, connections, writer=False))
        out["worker_ready_s"] = server.ready_seconds()
    finally:
        server.stop()
    return out
