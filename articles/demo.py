"""Build the demo fixture from the archive's current contents.

Primary keys are renumbered in a stable order so that the same raw pages always
give the same `fixtures/demo.json`, whatever database or sequence state produced
them; the drift test compares that output with the committed file.
"""

from __future__ import annotations

import json
from typing import Any

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
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
