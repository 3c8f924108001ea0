"""CPU per request of the serving path, measured in one process.

`bench_serve --in-process` runs this instead of gunicorn, in a process set up
as a serving worker is (debug off, rate limits off, no background index
writer), on the same corpus. Each request goes through the WSGI application
itself, as the warm-up does (`search.web.warmup`), and is timed with
`time.process_time`: the CPU of the application, without HTTP, gunicorn or the
client. Each round asks one new query in a fixed order of request kinds (the
same query again, its result page, its next pages, a facet click) and one more
new query as a result page, then a stretch of the serving benchmark's own mix
(`search.bench.mix`) is timed the same way. The queries come from seeded
draws, so two runs on the same corpus ask the same requests. A profile, when
asked for, is taken in rounds of their own after the timed ones (other new
queries), so it does not inflate the figures.
"""

from __future__ import annotations

import cProfile
import gc
import os
import statistics
import time
from urllib.parse import urlencode

from .mix import YEARS, Mix, Vocabulary

ROUNDS = 40
MIX_REQUESTS = 300
WARMUP_REQUESTS = 24
#: The request kinds of one round, in the order they are asked.
ROUND_KINDS = (
    "api_new",
    "api_again",
    "html_after_api",
    "html_again",
    "api_page",
    "api_facet",
    "html_page",
    "html_facet",
    "html_new",
)
#: The kinds a profile covers: a search nothing has cached yet.
PROFILED = ("api_new", "html_new")


def _round(mix: Mix, vocabulary: Vocabulary, i: int) -> list[tuple[str, str]]:
    """Return the (kind, path) requests of one round."""
    q, other = mix.new_query(), mix.new_query()
    year = YEARS[i % len(YEARS)]
    sources = vocabulary.sources
    source = sources[i % len(sources)] if sources else ""

    def api(**params) -> str:
        return f"/api/search/?{urlencode({'q': q, **params})}"

    def html(query: str = q, **params) -> str:
        return f"/search/?{urlencode({'q': query, **params})}"

    return [
        ("api_new", api()),
        ("api_again", api()),
        ("html_after_api", html()),
        ("html_again", html()),
        ("api_page", api(page="2")),
        ("api_facet", api(year=year)),
        # Page 3: page 2 of this search is already cached by the API's request.
        ("html_page", html(page="3")),
        ("html_facet", html(source=source) if source else html(year=year)),
        ("html_new", html(other)),
    ]


class _Collections:
    """Count the garbage collector's passes per generation and their CPU time."""

    def __init__(self) -> None:
        self.passes = [0, 0, 0]
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.process_time()
        else:
            self.passes[info["generation"]] += 1
            self.seconds += time.process_time() - self._started

    def figures(self, requests: int) -> dict:
        return {
            "passes_by_generation": self.passes,
            "ms_per_request": round(self.seconds * 1000 / max(1, requests), 2),
        }


class _Caller:
    """Send GET requests through a WSGI application and time their CPU."""

    def __init__(self, application, profile: cProfile.Profile | None = None) -> None:
        from ..web.warmup import _environ, _host

        self.application = application
        self.environ = _environ
        self.host = _host()
        self.profile = profile
        self.statuses: dict[str, int] = {}

    def get(self, path: str, profiled: bool = False) -> float:
        """Return the CPU milliseconds of one request, its body read whole."""
        route, _, query = path.partition("?")
        environ = self.environ(route, query, self.host)
        seen: list[str] = []

        def start_response(status, headers, exc_info=None):
            seen.append(status)

        profile = self.profile if profiled else None
        started = time.process_time()
        if profile is not None:
            profile.enable()
        body = self.application(environ, start_response)
        for _chunk in body:
            pass
        if hasattr(body, "close"):
            body.close()
        if profile is not None:
            profile.disable()
        spent = (time.process_time() - started) * 1000
        status = seen[0].split()[0] if seen else "none"
        self.statuses[status] = self.statuses.get(status, 0) + 1
        return spent


def _summary(samples: list[float]) -> dict:
    if not samples:
        return {"requests": 0}
    ordered = sorted(samples)
    return {
        "requests": len(ordered),
        "median_ms": round(statistics.median(ordered), 2),
        "p90_ms": round(ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))], 2),
        "mean_ms": round(statistics.fmean(ordered), 2),
    }


def measure(
    vocabulary: Vocabulary,
    rounds: int = ROUNDS,
    mix_requests: int = MIX_REQUESTS,
    profile_to: str | None = None,
) -> dict:
    """Return CPU milliseconds per request kind (median, p90, mean) and of the mix."""
    from django.core.wsgi import get_wsgi_application

    from ..web.warmup import preload

    application = get_wsgi_application()
    load_before = [round(x, 2) for x in os.getloadavg()]
    preload(application)
    profile = cProfile.Profile() if profile_to else None
    caller = _Caller(application, profile)
    warm = Mix(vocabulary, 99)
    for _ in range(WARMUP_REQUESTS):
        caller.get(warm.next().path)
    collections = _Collections()
    gc.callbacks.append(collections)
    mix = Mix(vocabulary, 11)
    samples: dict[str, list[float]] = {k: [] for k in ROUND_KINDS}
    for i in range(rounds):
        for kind, path in _round(mix, vocabulary, i):
            samples[kind].append(caller.get(path))
    traffic = Mix(vocabulary, 12)
    by_kind: dict[str, list[float]] = {}
    for _ in range(mix_requests):
        request = traffic.next()
        by_kind.setdefault(request.kind, []).append(caller.get(request.path))
    every = [s for v in by_kind.values() for s in v]
    gc.callbacks.remove(collections)
    timed = rounds * len(ROUND_KINDS) + mix_requests
    if profile is not None:
        profiled = Mix(vocabulary, 13)
        for i in range(rounds):
            for kind, path in _round(profiled, vocabulary, i):
                caller.get(path, profiled=kind in PROFILED)
        profile.dump_stats(profile_to)
    return {
        "rounds": rounds,
        "cpu_ms": {kind: _summary(v) for kind, v in samples.items()},
        "mix": {
            **_summary(every),
            "by_kind": {k: _summary(v) for k, v in sorted(by_kind.items())},
        },
        "garbage_collection": collections.figures(timed),
        "statuses": caller.statuses,
        "load_average_before": load_before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
