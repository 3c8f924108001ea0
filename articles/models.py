"""The archive's data: sources, articles, and the metadata extracted from them."""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import text


def strip_controls(instance: models.Model, names: tuple[str, ...]) -> None:
    """Remove control characters from text fields before any write stores them.

    Model `save` is the one step every write goes through (importer, admin,
    services, shell), so nothing stored can break a feed or a page; form
    cleaning would cover the admin alone.
    """
    for name in names:
        value = getattr(instance, name)
        if isinstance(value, str):
            setattr(instance, name, text.without_controls(value))


ARTICLE_TEXT_FIELDS = (
    "title",
    "lead",
    "body",
    "captions",
    "section",
    "byline",
    "url",
    "source_file",
)


class Source(models.Model):
    name = models.CharField(_("tên"), max_length=200, unique=True)
    code = models.CharField(_("mã"), max_length=32, blank=True)
    domain = models.CharField(_("tên miền"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("nguồn")
        verbose_name_plural = _("nguồn")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        strip_controls(self, ("name", "code", "domain"))
        super().save(*args, **kwargs)


def article_date() -> Coalesce:
    """Return the expression of an article's date: publication, else the event.

    An event date counts from 00:00 UTC of its day (7:00 in Hà Nội), on SQLite
    and PostgreSQL alike and as the search index's sort key does, so one order
    holds everywhere and days stay in order in every time zone east of UTC.
    """
    return Coalesce("published_at", "event_date", output_field=models.DateTimeField())


class ArticleQuerySet(models.QuerySet):
    def newest_first(self) -> ArticleQuerySet:
        """Order by the article's date, newest first, undated articles last."""
        return self.order_by(article_date().desc(nulls_last=True), "-id")

    def oldest_first(self) -> ArticleQuerySet:
        """Order by the article's date, oldest first, undated articles last."""
        return self.order_by(article_date().asc(nulls_last=True), "id")

    def for_listing(self) -> ArticleQuerySet:
        return self.select_related("source").defer("body", "captions")

    def published_in(self, year: int, month: int | None = None) -> ArticleQuerySet:
        qs = self.filter(published_at__year=year)
        return qs.filter(published_at__month=month) if month else qs

    def with_day(self) -> ArticleQuerySet:
        """Annotate `day`: the local publication date, else the event date."""
        return self.annotate(day=Coalesce(TruncDate("published_at"), F("event_date")))

    def dated_in(
        self, year: int, month: int | None = None, day: int | None = None
    ) -> ArticleQuerySet:
        """Return articles whose date (publication, else event) falls in a period."""
        qs = self.with_day().filter(day__year=year)
        if month:
            qs = qs.filter(day__month=month)
        return qs.filter(day__day=day) if day else qs

    def undated(self) -> ArticleQuerySet:
        return self.filter(published_at__isnull=True, event_date__isnull=True)

    def mentioning(self, person: Person) -> ArticleQuerySet:
        return self.filter(mentions__person=person).distinct()

    def citing(self, document: Document) -> ArticleQuerySet:
        return self.filter(citations__document=document).distinct()


class Article(models.Model):
    title = models.CharField(_("tiêu đề"), max_length=500)
    title_derived = models.BooleanField(
        _("tiêu đề tự đặt"),
        default=False,
        help_text=_("Trang gốc không có tiêu đề; tiêu đề được suy ra từ nội dung."),
    )
    lead = models.TextField(_("sapo"), blank=True)
    body = models.TextField(_("nội dung"))
    captions = models.TextField(
        _("chú thích ảnh"), blank=True, help_text=_("Mỗi chú thích một dòng.")
    )
    section = models.CharField(_("chuyên mục"), max_length=200, blank=True)
    source = models.ForeignKey(
        Source,
        verbose_name=_("nguồn"),
        on_delete=models.PROTECT,
        related_name="articles",
        null=True,
        blank=True,
    )
    byline = models.CharField(_("tác giả"), max_length=200, blank=True)
    url = models.URLField(_("địa chỉ gốc"), max_length=1000, blank=True)
    published_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True)
    event_date = models.DateField(_("ngày sự kiện"), null=True, blank=True)
    event_date_manual = models.BooleanField(
        _("ngày sự kiện nhập tay"),
        default=False,
        help_text=_("Giữ nguyên ngày sự kiện khi trích xuất lại."),
    )
    source_file = models.CharField(_("tệp gốc"), max_length=500, blank=True)
    source_position = models.PositiveIntegerField(_("vị trí trong tệp"), default=0)
    content_hash = models.CharField(
        _("mã băm nội dung"), max_length=64, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        indexes = [models.Index(fields=["published_at"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        strip_controls(self, ARTICLE_TEXT_FIELDS)
        # Only a web address is kept as the original's link: a page or record
        # giving `javascript:` or `data:` must not become a link on our pages.
        self.url = text.web_url(self.url)
        self.content_hash = self.compute_content_hash()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "articles:detail", kwargs={"pk": self.pk, "slug": self.slug or "bai-viet"}
        )

    @property
    def slug(self) -> str:
        return text.slugify_vi(self.title)[:80].rstrip("-")

    @property
    def original_url(self) -> str:
        """Return the original's address when it is safe to link to."""
        return text.web_url(self.url)

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]

    @property
    def caption_list(self) -> list[str]:
        return [c for c in self.captions.splitlines() if c.strip()]

    @property
    def date(self):
        """Return the date the article speaks for: publication, else the event."""
        if self.published_at:
            from django.utils import timezone

            return timezone.localtime(self.published_at).date()
        return self.event_date

    def compute_content_hash(self) -> str:
        from .ingest import content_hash

        return content_hash(self.lead, self.body)


class PersonQuerySet(models.QuerySet):
    def by_key(self, name: str) -> Person | None:
        k = text.key(name)
        return (
            self.filter(models.Q(key=k) | models.Q(aliases__key=k)).distinct().first()
        )

    def with_article_counts(self) -> PersonQuerySet:
        return self.annotate(
            article_count=models.Count("mentions__article", distinct=True)
        )


class Person(models.Model):
    name = models.CharField(_("họ tên"), max_length=200)
    key = models.CharField(_("khóa so khớp"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    is_manual = models.BooleanField(_("nhập tay"), default=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("nhân vật")
        verbose_name_plural = _("nhân vật")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = text.normalize(self.name).strip()
        self.key = text.key(self.name)
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self) -> str:
        base = text.slugify_vi(self.name)[:190] or "nhan-vat"
        slug, n = base, 1
        while Person.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug


class PersonAlias(models.Model):
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("nhân vật"),
    )
    name = models.CharField(_("cách viết"), max_length=200)
    key = models.CharField(_("khóa so khớp"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tên khác")
        verbose_name_plural = _("tên khác")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.key = text.key(self.name)
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    CHAIR = "chair", _("chủ trì")
    SPEAK = "speak", _("phát biểu")
    ATTEND = "attend", _("dự")
    AWARD = "award", _("trao")
    REPORT = "report", _("báo cáo")
    CONCLUDE = "conclude", _("kết luận")
    NONE = "", _("không rõ")


class PersonMentionQuerySet(models.QuerySet):
    def timeline_order(self) -> PersonMentionQuerySet:
        return self.order_by(models.F("mentioned_on").asc(nulls_last=True), "id")


class PersonMention(models.Model):
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="mentions",
        verbose_name=_("bài viết"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="mentions",
        verbose_name=_("nhân vật"),
    )
    surface = models.CharField(_("cách viết trong bài"), max_length=200, blank=True)
    titles = models.JSONField(_("chức danh"), default=list, blank=True)
    role = models.CharField(
        _("vai trò"), max_length=16, choices=Role.choices, default=Role.NONE, blank=True
    )
    honorific = models.CharField(_("danh xưng"), max_length=64, blank=True)
    mentioned_on = models.DateField(_("ngày"), null=True, blank=True)
    count = models.PositiveIntegerField(_("số lần nhắc"), default=1)
    is_manual = models.BooleanField(_("nhập tay"), default=False)

    objects = PersonMentionQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhắc đến nhân vật")
        verbose_name_plural = _("nhắc đến nhân vật")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person"], name="unique_person_per_article"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.article}"


class DocumentType(models.TextChoices):
    NQ = "NQ", _("Nghị quyết")
    QD = "QĐ", _("Quy định / Quyết định")
    QDI = "QĐI", _("Quy định")
    KL = "KL", _("Kết luận")
    CT = "CT", _("Chỉ thị")
    KH = "KH", _("Kế hoạch")
    HD = "HD", _("Hướng dẫn")
    TB = "TB", _("Thông báo")
    CV = "CV", _("Công văn")
    ND = "NĐ", _("Nghị định")
    TT = "TT", _("Thông tư")
    QC = "QC", _("Quy chế")
    BC = "BC", _("Báo cáo")
    TTR = "TTr", _("Tờ trình")
    OTHER = "OTHER", _("Khác")


class DocumentQuerySet(models.QuerySet):
    def with_citation_counts(self) -> DocumentQuerySet:
        return self.annotate(
            article_count=models.Count("citations__article", distinct=True)
        )


class Document(models.Model):
    code = models.CharField(_("số hiệu"), max_length=100, unique=True)
    doc_type = models.CharField(
        _("loại văn bản"), max_length=8, choices=DocumentType.choices, blank=True
    )
    type_name = models.CharField(_("tên loại"), max_length=100, blank=True)
    number = models.CharField(_("số"), max_length=32, blank=True)
    issuer = models.CharField(_("cơ quan ban hành (mã)"), max_length=32, blank=True)
    year = models.PositiveSmallIntegerField(
        _("năm trong số hiệu"), null=True, blank=True
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    subject = models.TextField(_("trích yếu"), blank=True)
    is_manual = models.BooleanField(_("nhập tay"), default=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs) -> None:
        strip_controls(self, ("code", "type_name", "issuing_body", "subject"))
        super().save(*args, **kwargs)


class DocumentCitation(models.Model):
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="citations",
        verbose_name=_("bài viết"),
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="citations",
        null=True,
        blank=True,
        verbose_name=_("văn bản"),
    )
    surface = models.CharField(_("cách viết trong bài"), max_length=200)
    doc_type = models.CharField(
        _("loại văn bản"), max_length=8, choices=DocumentType.choices, blank=True
    )
    number = models.CharField(_("số"), max_length=32, blank=True)
    is_bare = models.BooleanField(
        _("trích dẫn thiếu số hiệu"),
        default=False,
        help_text=_("Ví dụ “Chỉ thị 35”: chỉ có loại và số."),
    )
    is_manual = models.BooleanField(_("nhập tay"), default=False)

    class Meta:
        verbose_name = _("trích dẫn văn bản")
        verbose_name_plural = _("trích dẫn văn bản")

    def __str__(self) -> str:
        return self.surface


class DateKind(models.TextChoices):
    EVENT = "event", _("ngày sự kiện")
    ISSUED = "issued", _("ngày ban hành văn bản")
    PERIOD = "period", _("mốc thời gian")
    MENTION = "mention", _("ngày được nhắc")


class ArticleDate(models.Model):
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="dates",
        verbose_name=_("bài viết"),
    )
    date = models.DateField(_("ngày"))
    kind = models.CharField(
        _("loại"), max_length=16, choices=DateKind.choices, default=DateKind.MENTION
    )
    surface = models.CharField(_("cách viết trong bài"), max_length=100, blank=True)
    context = models.CharField(_("ngữ cảnh"), max_length=300, blank=True)
    is_manual = models.BooleanField(_("nhập tay"), default=False)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày được nhắc")
        verbose_name_plural = _("ngày được nhắc")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} ({self.get_kind_display()})"


# Posts and who held them -----------------------------------------------------


class PositionKind(models.TextChoices):
    POST = "post", _("chức vụ")
    MEMBERSHIP = "membership", _("thành viên")


class BodyKind(models.TextChoices):
    POLITBURO = "politburo", _("Bộ Chính trị")
    SECRETARIAT = "secretariat", _("Ban Bí thư")
    CENTRAL_COMMITTEE = "central_committee", _("Ban Chấp hành Trung ương")
    CENTRAL_PARTY = "central_party", _("cơ quan Trung ương Đảng")
    LOCAL_PARTY = "local_party", _("cấp ủy, tổ chức đảng")
    ASSEMBLY = "assembly", _("Quốc hội")
    GOVERNMENT = "government", _("Chính phủ")
    STATE = "state", _("Nhà nước")
    MINISTRY = "ministry", _("bộ, ngành")
    LOCAL_GOVERNMENT = "local_government", _("chính quyền địa phương")
    FRONT = "front", _("Mặt trận, đoàn thể")
    JUDICIARY = "judiciary", _("tư pháp")
    MILITARY = "military", _("quân đội, công an")
    OTHER = "other", _("khác")


class PositionQuerySet(models.QuerySet):
    def by_key(self, key: str) -> Position | None:
        """Return the post a normalised key names, directly or as an alias."""
        return (
            self.filter(models.Q(key=key) | models.Q(aliases__key=key))
            .distinct()
            .first()
        )

    def in_body(self, body_slug: str) -> PositionQuerySet:
        return self.filter(body_slug=body_slug).order_by("rank_order", "name")


class Position(models.Model):
    """One post or membership, normalised from the title phrases naming it."""

    name = models.CharField(_("tên chức vụ"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=300, unique=True)
    key = models.CharField(_("khóa so khớp"), max_length=300, unique=True)
    folded = models.CharField(
        _("khóa không dấu"), max_length=300, db_index=True, editable=False
    )
    rank = models.CharField(_("cấp bậc trong cơ quan"), max_length=100, blank=True)
    rank_order = models.PositiveSmallIntegerField(_("thứ tự cấp bậc"), default=9)
    body = models.CharField(_("cơ quan"), max_length=300, blank=True)
    body_slug = models.SlugField(
        _("slug cơ quan"), max_length=300, blank=True, db_index=True
    )
    body_kind = models.CharField(
        _("loại cơ quan"),
        max_length=24,
        choices=BodyKind.choices,
        default=BodyKind.OTHER,
    )
    place = models.CharField(_("địa phương"), max_length=100, blank=True)
    kind = models.CharField(
        _("loại"),
        max_length=16,
        choices=PositionKind.choices,
        default=PositionKind.POST,
    )
    is_single = models.BooleanField(
        _("một người giữ"),
        default=False,
        help_text=_(
            "Mỗi lúc chỉ một người giữ: người sau kết thúc nhiệm kỳ người trước."
        ),
    )
    is_manual = models.BooleanField(
        _("đã hiệu chỉnh"),
        default=False,
        help_text=_("Giữ nguyên tên, cơ quan và cấp bậc khi trích xuất lại."),
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["body", "rank_order", "name"]
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        from .positions import folded_key

        strip_controls(self, ("name", "rank", "body", "place"))
        self.folded = folded_key(self.name)
        self.body_slug = text.slugify_vi(self.body)[:300]
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:position", kwargs={"slug": self.slug})

    def _unique_slug(self) -> str:
        base = text.slugify_vi(self.name)[:290] or "chuc-vu"
        slug, n = base, 1
        while Position.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug


class PositionAlias(models.Model):
    """Another spelling of a post: a merged post's key, or one an editor added."""

    position = models.ForeignKey(
        Position,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("chức vụ"),
    )
    name = models.CharField(_("cách viết"), max_length=300)
    key = models.CharField(_("khóa so khớp"), max_length=300, unique=True)
    folded = models.CharField(
        _("khóa không dấu"), max_length=300, db_index=True, editable=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("tên khác của chức vụ")
        verbose_name_plural = _("tên khác của chức vụ")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        from .positions import folded_key, name_key

        self.name = text.without_controls(self.name)
        self.key = self.key or name_key(self.name)
        self.folded = folded_key(self.name)
        super().save(*args, **kwargs)


class MentionState(models.TextChoices):
    CURRENT = "current", _("đang giữ")
    FORMER = "former", _("đã thôi (nguyên, từng)")


class PositionMention(models.Model):
    """An article naming an official in a post: the evidence of holdings."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="position_mentions",
        verbose_name=_("bài viết"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="position_mentions",
        verbose_name=_("nhân vật"),
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.CASCADE,
        related_name="mentions",
        verbose_name=_("chức vụ"),
    )
    title = models.CharField(_("chức danh trong bài"), max_length=300)
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=MentionState.choices,
        default=MentionState.CURRENT,
    )
    mentioned_on = models.DateField(_("ngày"), null=True, blank=True)
    term = models.PositiveSmallIntegerField(
        _("khóa ghi trong bài"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("bằng chứng chức vụ")
        verbose_name_plural = _("bằng chứng chức vụ")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "position"],
                name="unique_position_per_mention",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.position} — {self.article_id}"


class HoldingState(models.TextChoices):
    CURRENT = "current", _("đương nhiệm")
    FORMER = "former", _("nguyên")
    SUCCEEDED = "succeeded", _("đã có người kế nhiệm")
    TERM_ENDED = "term_ended", _("hết nhiệm kỳ")


class HoldingQuerySet(models.QuerySet):
    def on(self, day) -> HoldingQuerySet:
        """Return the holdings running on a day (start known, not ended)."""
        return self.filter(start__lte=day).filter(
            models.Q(end__isnull=True) | models.Q(end__gt=day)
        )

    def during(self, first, last) -> HoldingQuerySet:
        """Return the holdings running at some day between first and last."""
        return self.filter(start__lte=last).filter(
            models.Q(end__isnull=True) | models.Q(end__gt=first)
        )

    def timeline_order(self) -> HoldingQuerySet:
        return self.order_by(
            models.F("start").asc(nulls_last=True),
            models.F("former_seen").asc(nulls_last=True),
            "id",
        )


class Holding(models.Model):
    """One official's holding of one post, dated by the archive's articles."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="holdings",
        verbose_name=_("nhân vật"),
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.CASCADE,
        related_name="holdings",
        verbose_name=_("chức vụ"),
    )
    first_seen = models.DateField(_("bài sớm nhất"), null=True, blank=True)
    last_seen = models.DateField(_("bài muộn nhất"), null=True, blank=True)
    first_article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bài sớm nhất"),
    )
    last_article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bài muộn nhất"),
    )
    started_on = models.DateField(_("ngày nhận chức"), null=True, blank=True)
    ended_on = models.DateField(_("ngày thôi chức"), null=True, blank=True)
    former_seen = models.DateField(
        _("bài đầu tiên gọi là nguyên"), null=True, blank=True
    )
    start = models.DateField(_("từ"), null=True, blank=True, db_index=True)
    end = models.DateField(
        _("đến (không kể)"),
        null=True,
        blank=True,
        help_text=_("Ngày người kế nhiệm nhận chức, ngày thôi chức hoặc hết khóa."),
    )
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=HoldingState.choices,
        default=HoldingState.CURRENT,
    )
    successor = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người kế nhiệm"),
    )
    article_count = models.PositiveIntegerField(_("số bài"), default=0)
    is_manual = models.BooleanField(
        _("nhập tay"),
        default=False,
        help_text=_("Giữ nguyên khi trích xuất lại."),
    )

    objects = HoldingQuerySet.as_manager()

    class Meta:
        ordering = ["position", "start", "id"]
        verbose_name = _("người giữ chức vụ")
        verbose_name_plural = _("người giữ chức vụ")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "position"], name="unique_holding_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.position}"


class EventKind(models.TextChoices):
    ELECTED = "elected", _("bầu")
    APPOINTED = "appointed", _("bổ nhiệm")
    ASSIGNED = "assigned", _("phân công")
    TRANSFERRED = "transferred", _("điều động")
    ROTATED = "rotated", _("luân chuyển")
    NOMINATED = "nominated", _("giới thiệu ứng cử")
    DISMISSED = "dismissed", _("miễn nhiệm")
    RELIEVED = "relieved", _("cho thôi")
    RETIRED = "retired", _("nghỉ hưu")
    DISCIPLINED = "disciplined", _("kỷ luật")
    DIED = "died", _("từ trần")


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", _("khiển trách")
    WARNING = "warning", _("cảnh cáo")
    REMOVAL = "removal", _("cách chức")
    EXPULSION = "expulsion", _("khai trừ")
    NONE = "", _("không rõ")


class PositionEvent(models.Model):
    """An appointment event an article states: who, what, which post, when."""

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="position_events",
        verbose_name=_("nhân vật"),
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("chức vụ"),
    )
    kind = models.CharField(_("sự kiện"), max_length=16, choices=EventKind.choices)
    form = models.CharField(
        _("hình thức kỷ luật"),
        max_length=16,
        choices=DisciplineForm.choices,
        default=DisciplineForm.NONE,
        blank=True,
    )
    date = models.DateField(_("ngày"), null=True, blank=True)
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="position_events",
        verbose_name=_("bài viết"),
    )
    title = models.CharField(_("chức danh trong bài"), max_length=300, blank=True)
    surface = models.CharField(_("câu trong bài"), max_length=300, blank=True)
    is_manual = models.BooleanField(_("nhập tay"), default=False)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("sự kiện nhân sự")
        verbose_name_plural = _("sự kiện nhân sự")

    def __str__(self) -> str:
        return f"{self.person} — {self.get_kind_display()}"


class TermRefKind(models.TextChoices):
    TERM = "term", _("khóa")
    PERIOD = "period", _("nhiệm kỳ")
    PLENUM = "plenum", _("hội nghị Trung ương")
    CONGRESS = "congress", _("Đại hội")


class TermReference(models.Model):
    """A Party term the text of an article names (`Hội nghị Trung ương 7 khóa XII`)."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="term_references",
        verbose_name=_("bài viết"),
    )
    term = models.PositiveSmallIntegerField(_("khóa"))
    kind = models.CharField(_("loại"), max_length=16, choices=TermRefKind.choices)
    plenum = models.PositiveSmallIntegerField(
        _("hội nghị lần thứ"), null=True, blank=True
    )
    surface = models.CharField(_("cách viết trong bài"), max_length=200)

    class Meta:
        ordering = ["article", "id"]
        verbose_name = _("khóa được nhắc")
        verbose_name_plural = _("khóa được nhắc")

    def __str__(self) -> str:
        return self.surface


class ArticleTerm(models.Model):
    """The Party term an article belongs to: named in its text, else its date's."""

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        related_name="party_term",
        verbose_name=_("bài viết"),
    )
    term = models.PositiveSmallIntegerField(_("khóa"), null=True, blank=True)
    from_text = models.BooleanField(_("ghi trong bài"), default=False)
    is_manual = models.BooleanField(_("nhập tay"), default=False)

    class Meta:
        verbose_name = _("khóa của bài viết")
        verbose_name_plural = _("khóa của bài viết")

    def __str__(self) -> str:
        from .positions_terms import roman

        return f"{self.article_id}: {roman(self.term) if self.term else '—'}"
