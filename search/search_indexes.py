"""The haystack index of articles: syllables, compounds and exact facet fields."""

from __future__ import annotations

from haystack import indexes

from articles.models import Article

from .documents import build_documents, cached_compounds, index_document, load_meta
from .fields import (
    BigramField,
    CompoundField,
    ExactField,
    ExactMultiField,
    SortKeyField,
    SyllableField,
)


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    # Positional syllables (exact + folded) of title, lead, body and captions.
    text = SyllableField(document=True)
    title = SyllableField(boost=3.0)
    lead = SyllableField(boost=1.5)
    # Adjacent syllable pairs: multi-syllable words and phrases without
    # Whoosh's slow positional phrase matching.
    bigram = BigramField()
    # pyvi compound words, for ranking only.
    compound = CompoundField()
    official = ExactMultiField()
    code = ExactMultiField()
    codekey = ExactMultiField()
    doc_type = ExactMultiField()
    issuer = ExactMultiField()
    post = ExactMultiField()
    party_term = ExactField()
    source = ExactField()
    section = ExactField()
    year = ExactField()
    month = ExactField()
    pubdate = ExactField()
    event_date = ExactField()
    sortkey = SortKeyField()
    # The article id again, as a column: result pages read it without
    # unpickling stored fields (whose offsets Whoosh loads doc by doc).
    article_id = SortKeyField()
    # The document's content hash, which `check_index` compares with the database.
    content_hash = ExactField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return Article.objects.order_by("pk")

    def get_updated_field(self):
        return "updated_at"

    def bulk_documents(self, objs) -> list[dict]:
        """Return the Whoosh documents of many articles with batched lookups."""
        from .backends.whoosh.snapshot import whoosh_doc

        return [whoosh_doc(d) for d in build_documents(objs)]

    def prepare(self, obj):
        data = super().prepare(obj)
        doc = index_document(
            obj, cached_compounds([obj])[obj.pk], load_meta([obj.pk])[obj.pk]
        )
        for name, value in doc.fields().items():
            data[self.fields[name].index_fieldname] = value
        return data
