"""Search bookkeeping: cached pyvi analysis and the durable index update queue."""

from __future__ import annotations

from django.db import models


class AnalysisCache(models.Model):
    """pyvi output for one version of an article's text, keyed by its hash."""

    key = models.CharField(max_length=64, primary_key=True)
    words = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "phân tích đã lưu"
        verbose_name_plural = "phân tích đã lưu"

    def __str__(self) -> str:
        return self.key


class PendingUpdateQuerySet(models.QuerySet):
    def waiting(self) -> PendingUpdateQuerySet:
        return self.filter(done_at__isnull=True).order_by("id")


class PendingUpdate(models.Model):
    """One requested index change; rows survive until applied by the one writer."""

    class Action(models.TextChoices):
        UPDATE = "update", "cập nhật"
        DELETE = "delete", "xóa"

    article_id = models.BigIntegerField(db_index=True)
    action = models.CharField(max_length=8, choices=Action.choices)
    # Queued by a change of the article itself (its save, its deletion, its
    # extracted officials and documents), not on its behalf (a document or an
    # official it names was edited, a repair, a replay): a writer serves these
    # first, alone in their commit (`search.indexing.sync._freshest`).
    own_change = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = PendingUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = "yêu cầu cập nhật chỉ mục"
        verbose_name_plural = "yêu cầu cập nhật chỉ mục"

    def __str__(self) -> str:
        return f"{self.action} {self.article_id}"
