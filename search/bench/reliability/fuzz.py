"""Hostile parameters over every page the URL configuration serves."""

from __future__ import annotations

import random
import re
import threading
from urllib.parse import quote

from django.urls import URLPattern, URLResolver, get_resolver

from . import sandbox
from .sandbox import Server, Tally

# Pages that take no GET (the language switch posts) and the admin, which has
# its own login wall and is not a reading page.
SKIPPED_PREFIXES = ("admin/", "i18n/")

HOSTILE = [
    "²",
    "٣",
    "١٢",
    "-1",
    "0",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999999999999",
    "1e9",
    "0x10",
    "1-QĐ/TW",
    "2020-ồ2",
    "2020-13",
    "9999-01",
    "x\x01",
    "\x00",
    "\x1b[31m",
    "\u202e",
    "\ufeff",
    "\ufffe",
    "\ud800",
    "x" * 5000,
    "²" * 3000,
    "ồ" * 2000,
    "../../etc/passwd",
    "%00",
    "%",
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1",
    '"; DROP TABLE articles_article; --',
    "1; SELECT pg_sleep(5)",
    "*" * 50,
    '"' * 31,
    "(" * 200,
    "a:b:c",
    "OR OR AND NOT",
    "-",
    " ",
    "",
    "🙂",
]
PARAMS = [
    "q",
    "page",
    "year",
    "month",
    "day",
    "source",
    "official",
    "person",
    "code",
    "doc_type",
    "section",
    "issuer",
    "sort",
    "order",
    "format",
    "more",
    "n",
    "fq_official",
    "fq_code",
    "fq_year",
    "fq_month",
    "fq_source",
]
BENIGN = {
    "q": ["can bo", "Trương Thị Mai", "qd 205", '"công tác cán bộ"'],
    "page": ["1", "2"],
    "year": ["2020", "2023"],
    "month": ["3", "2020-03"],
    "sort": ["relevance", "newest", "oldest"],
}
PLACEHOLDER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def routes(resolver=None, prefix: str = "") -> list[str]:
    """Return the route strings of every GET page the URL configuration holds."""
    resolver = resolver or get_resolver()
    found: list[str] = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            found += routes(entry, route)
        elif isinstance(entry, URLPattern):
            found.append(route.lstrip("^").rstrip("$"))
    return sorted(set(found))


def samples() -> dict[str, list[str]]:
    """Return real values for route placeholders, taken from the archive."""
    from articles.models import Article, Document, Person

    article = Article.objects.order_by("pk").first()
    people = list(Person.objects.order_by("pk").values_list("slug", flat=True)[:5])
    codes = list(Document.objects.order_by("pk").values_list("code", flat=True)[:5])
    years = [str(d.year) for d in Article.objects.dates("published_at", "year")[:3]]
    return {
        "pk": [str(article.pk) if article else "1", "0", "9223372036854775808"],
        "slug": [article.slug if article and hasattr(article, "slug") else "x"]
        + people
        + ["²", "x" * 300, "%3Cscript%3E"],
        "code": codes + ["1-QĐ/TW", "²/²", "x" * 400, "..%2F..%2Fetc"],
        "facet": ["official", "code", "year", "source", "month", "nope"],
        "year": years + ["1899", "99999", "0"],
        "month": ["1", "12", "13", "0"],
        "": ["x", "²"],
    }


def fill(route: str, values: dict[str, list[str]], rng: random.Random) -> str:
    def one(match: re.Match) -> str:
        pool = values.get(match["name"]) or values[""]
        value = rng.choice(pool)
        return value if match["converter"] == "path" else value.replace("/", "%2F")

    return "/" + PLACEHOLDER.sub(one, route)


def encode(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def request_path(route: str, values, rng: random.Random) -> str:
    path = quote(fill(route, values, rng), safe="/%:")
    params = []
    for name in rng.sample(PARAMS, rng.randint(1, 3)):
        if name in BENIGN and rng.random() < 0.25:
            value = rng.choice(BENIGN[name])
        else:
            value = rng.choice(HOSTILE)
        params.append(f"{name}={encode(value)}")
    if rng.random() < 0.3:
        params.append(f"year={rng.choice(BENIGN['year'])}")
    return f"{path}?{'&'.join(params)}"


def fuzz(server: Server, requests: int, threads: int = 4, seed: int = 3) -> dict:
    """Send requests hostile requests over every route; count 5xx and slow ones."""
    rng = random.Random(seed)
    pages = routes()
    values = samples()
    paths = [request_path(pages[i % len(pages)], values, rng) for i in range(requests)]
    rng.shuffle(paths)
    tally = Tally()
    by_route: dict[str, int] = {}
    lock = threading.Lock()
    sandbox.stderr_line(f"[fuzz] {requests} requests over {len(pages)} routes")
    step = max(1, requests // 10)

    def work(chunk: list[str]) -> None:
        for path in chunk:
            answer = sandbox.get(server, path)
            tally.add(path, answer, keep_examples=30)
            if answer.status >= 500:
                with lock:
                    route = path.split("?")[0]
                    by_route[route] = by_route.get(route, 0) + 1
            if tally.requests % step == 0:
                sandbox.stderr_line(f"[fuzz] {tally.requests}/{requests}")

    workers = [
        threading.Thread(target=work, args=(paths[i::threads],)) for i in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    figures = tally.figures()
    return {
        "routes": pages,
        **figures,
        "5xx_by_path": dict(sorted(by_route.items(), key=lambda kv: -kv[1])[:20]),
        "server_tracebacks_logged": server.errors_logged(),
        "ok": figures["server_errors_5xx"] == 0
        and figures["no_answer"] == 0
        and figures["slow_over_2s"] == 0,
        "criteria": "0 × 5xx, every request answered within 2 s",
    }
