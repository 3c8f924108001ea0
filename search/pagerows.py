"""The database rows of a result page: one statement for its articles.

A page of 20 results needs each article's title, text, dates and source name,
the names of the officials it mentions and the documents it cites. They are
read as three kinds of rows of one `UNION ALL`, keyed by the page's ids. The
statement is compiled by the ORM once per database, page length and column
set, then run with the page's ids in place of placeholder ids: building and
compiling the queryset cost more than running it.
"""

from __future__ import annotations

import functools

from django.db import connections, router

# The kinds of rows `rows` reads in one statement.
_ARTICLE, _OFFICIAL, _CODE = 0, 1, 2
# Placeholder ids of a compiled statement: no article has a negative id, and
# the statement's other parameters are 0, 1, 2 and ''.
_SLOT = -(2**40)
# Longer lists (a CSV export of 1 000 rows) are compiled each time, so the
# cache holds page-sized statements only.
COMPILED_UP_TO = 100


def _queryset(pks: list[int], text: bool):
    from django.db.models import CharField, DateField, DateTimeField, F, Value

    from articles.models import Article, DocumentCitation, PersonMention

    def blank():
        return Value("", output_field=CharField())

    articles = Article.objects.filter(pk__in=pks).values_list(
        Value(_ARTICLE),
        "pk",
        "pk",
        "title",
        "lead" if text else blank(),
        "body" if text else blank(),
        "published_at",
        "event_date",
        "source__name",
    )
    no_dates = (
        Value(None, output_field=DateTimeField()),
        Value(None, output_field=DateField()),
    )
    officials = PersonMention.objects.filter(article_id__in=pks).values_list(
        Value(_OFFICIAL), "article_id", "pk", F("person__name"), blank(), blank(),
        *no_dates, blank(),
    )  # fmt: skip
    codes = DocumentCitation.objects.filter(article_id__in=pks).values_list(
        Value(_CODE), "article_id", "pk", F("document__code"), "surface", blank(),
        *no_dates, blank(),
    )  # fmt: skip
    return articles.order_by().union(officials.order_by(), codes.order_by(), all=True)


@functools.lru_cache(maxsize=256)
def _statement(alias: str, count: int, text: bool):
    """Return (sql, params, where the ids go, compiler, converters), or None
    when the compiled statement does not carry each id as a parameter."""
    slots = [_SLOT - i for i in range(count)]
    compiler = _queryset(slots, text).query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    places = [
        (i, _SLOT - p)
        for i, p in enumerate(params)
        if type(p) is int and _SLOT - count < p <= _SLOT
    ]
    if len(places) != 3 * count:
        return None
    converters = compiler.get_converters(
        [s[0] for s in compiler.select[: compiler.col_count]]
    )
    return sql, tuple(params), tuple(places), compiler, converters


def _fetch(pks: list[int], text: bool) -> list[tuple]:
    from articles.models import Article

    alias = router.db_for_read(Article)
    found = None
    if 0 < len(pks) <= COMPILED_UP_TO:
        found = _statement(alias, len(pks), text)
    if found is None:
        return list(_queryset(pks, text).using(alias))
    sql, template, places, compiler, converters = found
    params = list(template)
    for i, k in places:
        params[i] = pks[k]
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return list(compiler.apply_converters(rows, converters)) if converters else rows


def rows(pks: list[int], text: bool = True) -> dict[int, list]:
    """Return, per existing article of pks, [title, lead, body, published_at,
    event_date, source name, official names, document codes].

    Codes keep the order in which the citations were recorded, each once (a
    citation without a document shows its surface). Without text, lead and
    body are not read (empty).
    """
    pks = list(dict.fromkeys(pks))
    out: dict[int, list] = {}
    related: list[tuple] = []
    for kind, pk, key, a, b, c, published_at, event_date, source in _fetch(pks, text):
        if kind == _ARTICLE:
            out[pk] = [a, b, c, published_at, event_date, source, set(), []]
        else:
            related.append((kind, key, pk, a, b))
    related.sort()
    for kind, _key, pk, name_or_code, surface in related:
        row = out.get(pk)
        if row is None:
            continue  # deleted between the statement's branches
        if kind == _OFFICIAL:
            row[6].add(name_or_code)
        elif (found := name_or_code or surface) not in row[7]:
            row[7].append(found)
    return out


_URL_PK, _URL_SLUG = 987654321, "zz-slug-zz"


def article_urls():
    """Return a function of (pk, title) giving `Article.get_absolute_url()`.

    The route is reversed once per page, not once per item; a route whose
    address does not show the pk and slug plainly is reversed each time.
    """
    from django.urls import reverse

    from articles.models import Article

    template = reverse("articles:detail", kwargs={"pk": _URL_PK, "slug": _URL_SLUG})
    if template.count(str(_URL_PK)) != 1 or template.count(_URL_SLUG) != 1:
        return lambda pk, title: Article(pk=pk, title=title).get_absolute_url()
    before, rest = template.split(str(_URL_PK))
    middle, after = rest.split(_URL_SLUG)

    def url(pk: int, title: str) -> str:
        return f"{before}{pk}{middle}{_slug(title) or 'bai-viet'}{after}"

    return url


@functools.lru_cache(maxsize=8192)
def _slug(title: str) -> str:
    # The slug route accepts only ASCII letters, digits, `-` and `_`, which
    # reverse() leaves unquoted, so the template's slot takes it as it is.
    from articles.models import Article

    return Article(title=title).slug
