"""Keep the index in sync with each committed change.

With a transactional backend (PostgreSQL) the article's index row is written in
the save's own transaction, so it is searchable exactly at commit; otherwise
the change is queued once the transaction commits, without blocking the save.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import signals
from haystack.signals import BaseSignalProcessor


def _transactional() -> bool:
    from ..backends import get_backend

    return get_backend().transactional


def write_now(pk: int, using: str | None = None) -> None:
    """Write one article's index row (or its removal) in the current transaction."""
    from articles.models import Article

    from ..backends import get_backend
    from ..documents import build_documents

    found = list(Article.objects.using(using).filter(pk=pk).select_related("source"))
    get_backend().write(build_documents(found), [] if found else [pk])


# Fields of officials and documents that articles' index documents carry
# (search.documents.load_meta): editing one changes every article that names them.
INDEXED_FIELDS = {
    "Person": ("slug",),
    "Document": ("code", "doc_type", "issuer", "number"),
}


def _referring_articles(instance) -> list[int]:
    from articles.models import DocumentCitation, PersonMention

    if type(instance).__name__ == "Person":
        rows = PersonMention.objects.filter(person_id=instance.pk)
    else:
        rows = DocumentCitation.objects.filter(document_id=instance.pk)
    return sorted(set(rows.values_list("article_id", flat=True)))


class OnCommitSignalProcessor(BaseSignalProcessor):
    """Queue index work for articles and their metadata once the transaction commits
    (or, with a transactional backend, write it at once in that transaction).

    Raw saves (`loaddata`) are queued too: a fixture loaded into a fresh data
    folder must become searchable without a rebuild.
    """

    def setup(self) -> None:
        from articles.importing import writes_finished
        from articles.models import (
            Article,
            ArticleTerm,
            Document,
            DocumentCitation,
            Person,
            PersonMention,
        )

        from .sync import flush_after_command

        signals.post_save.connect(self.article_saved, sender=Article)
        signals.post_delete.connect(self.article_deleted, sender=Article)
        # ArticleTerm is saved last when posts are derived (`positions_derive`).
        for model in (PersonMention, DocumentCitation, ArticleTerm):
            signals.post_save.connect(self.metadata_changed, sender=model)
            signals.post_delete.connect(self.metadata_changed, sender=model)
        for model in (Person, Document):
            signals.pre_save.connect(self.referent_saving, sender=model)
            signals.post_save.connect(self.referent_saved, sender=model)
        writes_finished.connect(flush_after_command, dispatch_uid=__name__)

    def teardown(self) -> None:
        from articles.importing import writes_finished
        from articles.models import (
            Article,
            ArticleTerm,
            Document,
            DocumentCitation,
            Person,
            PersonMention,
        )

        signals.post_save.disconnect(self.article_saved, sender=Article)
        signals.post_delete.disconnect(self.article_deleted, sender=Article)
        for model in (PersonMention, DocumentCitation, ArticleTerm):
            signals.post_save.disconnect(self.metadata_changed, sender=model)
            signals.post_delete.disconnect(self.metadata_changed, sender=model)
        for model in (Person, Document):
            signals.pre_save.disconnect(self.referent_saving, sender=model)
            signals.post_save.disconnect(self.referent_saved, sender=model)
        writes_finished.disconnect(dispatch_uid=__name__)

    def article_saved(self, sender, instance, using=None, **kwargs) -> None:
        from .sync import enqueue_article

        pk = instance.pk
        if _transactional():
            write_now(pk, using)
            return
        transaction.on_commit(lambda: enqueue_article(pk), using=using)

    def article_deleted(self, sender, instance, using=None, **kwargs) -> None:
        from .sync import enqueue_delete

        pk = instance.pk
        if _transactional():
            from ..backends import get_backend

            get_backend().write([], [pk])
            return
        transaction.on_commit(lambda: enqueue_delete(pk), using=using)

    def metadata_changed(self, sender, instance, using=None, **kwargs) -> None:
        from .sync import enqueue_article

        pk = instance.article_id
        if _transactional():
            write_now(pk, using)
            return
        transaction.on_commit(lambda: enqueue_article(pk), using=using)

    def referent_saving(self, sender, instance, raw=False, using=None, **kwargs):
        fields = INDEXED_FIELDS[sender.__name__]
        if raw or instance.pk is None:
            instance._indexed_before = None
            return
        before = sender.objects.using(using).filter(pk=instance.pk).values(*fields)
        instance._indexed_before = next(iter(before), None)

    def referent_saved(self, sender, instance, created, using=None, **kwargs):
        """Reindex the articles that name an official or cite a document whose
        indexed fields an edit (the admin, a merge, a script) just changed."""
        from .sync import enqueue_articles

        before = getattr(instance, "_indexed_before", None)
        fields = INDEXED_FIELDS[sender.__name__]
        if created or before is None:
            return
        if all(before[f] == getattr(instance, f) for f in fields):
            return
        pks = _referring_articles(instance)
        if not pks:
            return
        if _transactional():
            for pk in pks:
                write_now(pk, using)
            return
        transaction.on_commit(lambda: enqueue_articles(pks), using=using)
