"""Build the demo fixture from the archive's contents, and load it back.

Primary keys are renumbered in a stable order so that the same raw pages always
give the same `fixtures/demo.json`, whatever database or sequence state produced
them; the drift test compares that output with the committed file.

Loading goes by natural keys, not by those primary keys (see `load_demo`):
Django's `loaddata` writes rows by primary key, so after an editor saved a demo
article (its mentions re-created with new ids) or an import took the fixture's
ids, a second load collided with the archive's own rows or overwrote them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Model, QuerySet

from .models import (
    Article,
    ArticleDate,
    Document,
    DocumentCitation,
    Person,
    PersonAlias,
    PersonMention,
    Source,
)
from .positions_derive import derive_all

# Loaded fixtures are saved raw, so auto_now fields need a value; a fixed one keeps
# the file stable between regenerations.
FIXTURE_TIMESTAMP = "2026-01-01T00:00:00Z"


def _renumber(
    rows: QuerySet, key: Any, remap: dict[str, dict[int, int]], fks: dict[str, type]
) -> list[dict]:
    records = serializers.serialize("python", rows)
    for record in records:
        for name, model in fks.items():
            old = record["fields"].get(name)
            if old is not None:
                record["fields"][name] = remap[model.__name__][old]
    records.sort(key=key)
    model_name = rows.model.__name__
    remap[model_name] = {}
    for new_pk, record in enumerate(records, start=1):
        remap[model_name][record["pk"]] = new_pk
        record["pk"] = new_pk
        if "created_at" in record["fields"]:
            record["fields"]["created_at"] = FIXTURE_TIMESTAMP
            record["fields"]["updated_at"] = FIXTURE_TIMESTAMP
    return records


def demo_fixture_data() -> list[dict]:
    """Return every archive row as fixture records with stable primary keys."""
    remap: dict[str, dict[int, int]] = {}
    out: list[dict] = []

    def add(model: type[Model], key, fks=None) -> None:
        out.extend(_renumber(model.objects.all(), key, remap, fks or {}))

    add(Source, lambda r: r["fields"]["name"])
    add(
        Article,
        lambda r: (r["fields"]["source_file"], r["fields"]["source_position"]),
        {"source": Source},
    )
    add(Person, lambda r: r["fields"]["key"])
    add(PersonAlias, lambda r: r["fields"]["key"], {"person": Person})
    add(Document, lambda r: r["fields"]["code"])
    by_article = lambda r: (r["fields"]["article"], r["pk"])  # noqa: E731
    add(PersonMention, by_article, {"article": Article, "person": Person})
    add(DocumentCitation, by_article, {"article": Article, "document": Document})
    add(ArticleDate, by_article, {"article": Article})
    return json.loads(json.dumps(out, cls=DjangoJSONEncoder))


def demo_fixture_json() -> str:
    """Return the demo fixture as the text committed in fixtures/demo.json."""
    return json.dumps(demo_fixture_data(), ensure_ascii=False, indent=1) + "\n"


# Loading -------------------------------------------------------------------


@dataclass
class DemoLoad:
    """What loading the demo fixture did."""

    created: int = 0
    reset: int = 0

    @property
    def articles(self) -> int:
        return self.created + self.reset


def _by_model(records: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        grouped[record["model"]].append(record)
    return grouped


def _shared_row(model: type[Model], lookup: dict, fields: dict) -> Model:
    """Return the row lookup finds, filling its blank fields; create it if none."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **fields)
    blank = [
        k for k, v in fields.items() if v not in (None, "", []) and not getattr(row, k)
    ]
    for name in blank:
        setattr(row, name, fields[name])
    if blank:
        row.save(update_fields=blank)
    return row


def _person(fields: dict) -> Person:
    person = Person.objects.filter(key=fields["key"]).first()
    if person is None:
        # The fixture's slug when it is free (stable demo addresses), else a new one.
        taken = Person.objects.filter(slug=fields["slug"]).exists()
        person = Person(name=fields["name"], is_manual=fields["is_manual"])
        person.slug = "" if taken else fields["slug"]
        person.save()
    return person


def _demo_article(fields: dict) -> Article | None:
    """Return the archive's copy of a demo article, if it holds one."""
    probe = Article(lead=fields["lead"], body=fields["body"])
    same_text = Article.objects.filter(content_hash=probe.compute_content_hash())
    if found := same_text.first():
        return found
    # The demo article as an editor changed it: same file and place, and the
    # fixture's creation time, which no imported article carries.
    return Article.objects.filter(
        source_file=fields["source_file"],
        source_position=fields["source_position"],
        created_at=FIXTURE_TIMESTAMP,
    ).first()


@transaction.atomic
def load_demo(records: list[dict]) -> DemoLoad:
    """Put the demo fixture's articles in the archive, whatever it holds already.

    Idempotent: a demo article already there (by its text, or by its file and
    the fixture's creation time when an editor changed it) is reset to the
    fixture, metadata included;
    a missing one is added. People, documents, sources and aliases are matched
    by their natural keys and shared with other articles, so only their blank
    fields are filled. Nothing else in the archive is touched, and no fixture
    primary key overwrites another row.
    """
    grouped = _by_model(records)
    result = DemoLoad()
    sources = {
        r["pk"]: _shared_row(
            Source,
            {"name": r["fields"]["name"]},
            {"code": r["fields"]["code"], "domain": r["fields"]["domain"]},
        )
        for r in grouped["articles.source"]
    }
    people = {r["pk"]: _person(r["fields"]) for r in grouped["articles.person"]}
    for r in grouped["articles.personalias"]:
        fields = r["fields"]
        PersonAlias.objects.get_or_create(
            key=fields["key"],
            defaults={"person": people[fields["person"]], "name": fields["name"]},
        )
    documents = {
        r["pk"]: _shared_row(
            Document,
            {"code": r["fields"]["code"]},
            {k: v for k, v in r["fields"].items() if k != "code"},
        )
        for r in grouped["articles.document"]
    }

    articles: dict[int, Article] = {}
    skip = {"source", "created_at", "updated_at", "content_hash"}
    for r in grouped["articles.article"]:
        fields = r["fields"]
        article = _demo_article(fields)
        if article is None:
            article, result.created = Article(), result.created + 1
        else:
            result.reset += 1
        for name, value in fields.items():
            if name not in skip:
                setattr(article, name, value)
        article.source = sources.get(fields["source"])
        article.full_clean(exclude=["content_hash", "source"])
        article.save()
        # Marks it as the demo's own (auto_now_add set the clock's time).
        Article.objects.filter(pk=article.pk).update(created_at=FIXTURE_TIMESTAMP)
        # The fixture's metadata replaces whatever the article carried.
        article.mentions.all().delete()
        article.citations.all().delete()
        article.dates.all().delete()
        articles[r["pk"]] = article

    for r in grouped["articles.personmention"]:
        fields = dict(r["fields"])
        fields["article"] = articles[fields["article"]]
        fields["person"] = people[fields["person"]]
        PersonMention.objects.create(**fields)
    for r in grouped["articles.documentcitation"]:
        fields = dict(r["fields"])
        fields["article"] = articles[fields["article"]]
        fields["document"] = documents.get(fields["document"])
        DocumentCitation.objects.create(**fields)
    for r in grouped["articles.articledate"]:
        fields = dict(r["fields"])
        fields["article"] = articles[fields["article"]]
        ArticleDate.objects.create(**fields)
    # Posts, holdings and terms are derived from what was loaded, never stored.
    derive_all(articles.values())
    return result


def load_demo_file(path: Path) -> DemoLoad:
    """Load the demo fixture file at path (see `load_demo`)."""
    return load_demo(json.loads(Path(path).read_text(encoding="utf-8")))
