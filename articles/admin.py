"""Admin for editors: articles with their extracted metadata, upload of raw pages."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .importing import import_paths
from .models import (
    Article,
    ArticleDate,
    ArticleTerm,
    Document,
    DocumentCitation,
    Holding,
    Person,
    PersonAlias,
    PersonMention,
    Position,
    PositionAlias,
    PositionEvent,
    Source,
)
from .positions_derive import merge_positions, recompute_holdings
from .progress import import_summary
from .services import (
    after_import,
    extract_article,
    merge_documents,
    merge_people,
    title_timeline,
)


class YearFilter(admin.SimpleListFilter):
    title = _("năm đăng")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            Article.objects.exclude(published_at=None)
            .annotate(y=ExtractYear("published_at"))
            .values_list("y", flat=True)
            .distinct()
            .order_by("-y")
        )
        return [(str(y), str(y)) for y in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.published_in(int(value))
        return queryset


class ArticleForm(forms.ModelForm):
    url = forms.URLField(
        label=_("địa chỉ gốc"), max_length=1000, required=False, assume_scheme="https"
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "title_derived",
            "lead",
            "body",
            "captions",
            "source",
            "section",
            "byline",
            "published_at",
            "event_date",
            "event_date_manual",
            "url",
            "source_file",
            "source_position",
        ]
        error_messages = {
            "title": {"required": _("Tiêu đề không được để trống.")},
            "body": {"required": _("Nội dung bài viết không được để trống.")},
        }

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data.get("title", "").split())
        if not title:
            raise ValidationError(_("Tiêu đề không được để trống."))
        return title

    def clean_body(self) -> str:
        body = self.cleaned_data.get("body", "").strip()
        if not body:
            raise ValidationError(_("Nội dung bài viết không được để trống."))
        return body

    def clean(self):
        cleaned = super().clean()
        if "body" in cleaned:
            probe = Article(lead=cleaned.get("lead", ""), body=cleaned["body"])
            twin = (
                Article.objects.filter(content_hash=probe.compute_content_hash())
                .exclude(pk=self.instance.pk)
                .first()
            )
            if twin is not None:
                raise ValidationError(
                    _("Nội dung này đã có trong kho: bài “%(title)s” (mã %(id)s)."),
                    params={"title": twin.title, "id": twin.pk},
                )
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)]


class UploadForm(forms.Form):
    # Empty files go through so the importer reports them like any other bad file.
    files = MultipleFileField(
        label=_("Tệp trang gốc (.txt) hoặc xuất JSONL (.jsonl)"), allow_empty_file=True
    )


class PersonMentionInline(admin.TabularInline):
    model = PersonMention
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "surface", "titles", "role", "honorific", "count", "is_manual"]


class DocumentCitationInline(admin.TabularInline):
    model = DocumentCitation
    extra = 0
    autocomplete_fields = ["document"]
    fields = ["document", "surface", "doc_type", "number", "is_bare", "is_manual"]


class ArticleDateInline(admin.TabularInline):
    model = ArticleDate
    extra = 0
    fields = ["date", "kind", "surface", "context", "is_manual"]


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1
    fields = ["name"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "domain"]
    search_fields = ["name", "code", "domain"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = [
        "title",
        "source",
        "section",
        "published_at",
        "event_date",
        "byline",
    ]
    list_filter = ["source", "section", YearFilter]
    list_select_related = ["source"]
    search_fields = ["title", "lead", "body", "byline"]
    date_hierarchy = "published_at"
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    inlines = [PersonMentionInline, DocumentCitationInline, ArticleDateInline]
    actions = ["reextract"]
    fieldsets = [
        (None, {"fields": ["title", "title_derived", "lead", "body"]}),
        (_("Chú thích ảnh"), {"fields": ["captions"]}),
        (
            _("Thông tin bài"),
            {
                "fields": [
                    ("source", "section"),
                    "byline",
                    ("published_at", "event_date", "event_date_manual"),
                    "url",
                ]
            },
        ),
        (
            _("Nguồn nhập"),
            {
                "classes": ["collapse"],
                "fields": [
                    ("source_file", "source_position"),
                    "content_hash",
                    ("created_at", "updated_at"),
                ],
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        if "event_date" in form.changed_data:
            obj.event_date_manual = obj.event_date is not None
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # Whatever an editor adds or edits in an inline survives re-extraction.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            if hasattr(obj, "is_manual"):
                obj.is_manual = True
            obj.save()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        extract_article(form.instance)

    @admin.action(description=_("Trích xuất lại siêu dữ liệu"))
    def reextract(self, request, queryset):
        changed = sum(extract_article(article).changed for article in queryset)
        self.message_user(
            request,
            _("Đã trích xuất lại %(n)d bài; %(changed)d bài có thay đổi.")
            % {"n": queryset.count(), "changed": changed},
        )

    def get_urls(self):
        return [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="articles_article_upload",
            ),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        """Run the importer on uploaded files and show its summary."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        report = summary = None
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            uploads = form.cleaned_data["files"]
            started = time.monotonic()
            with tempfile.TemporaryDirectory(prefix="upload-") as tmp:
                for n, upload in enumerate(uploads):
                    # Keep the original name for the report; prefix keeps them apart.
                    name = Path(upload.name).name or f"tep-{n}.txt"
                    target = Path(tmp) / f"{n:03d}" / name
                    target.parent.mkdir()
                    with target.open("wb") as out:
                        for chunk in upload.chunks():
                            out.write(chunk)
                report = import_paths(
                    sorted(Path(tmp).iterdir()),
                    max_page_bytes=settings.NEWSARCHIVE_MAX_PAGE_BYTES,
                    after_save=after_import,
                )
            for item in report.failed:  # the temporary folder means nothing to editors
                item["path"] = Path(item["path"]).name
            summary = import_summary(
                report, time.monotonic() - started, problems_above=False
            )
            level = messages.SUCCESS if report.ok else messages.WARNING
            self.message_user(
                request,
                _(
                    "Đã nhập %(created)d bài mới, bỏ qua %(dup)d bài trùng, "
                    "%(failed)d lỗi."
                )
                % {
                    "created": report.created,
                    "dup": report.duplicates,
                    "failed": len(report.failed),
                },
                level,
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Nhập bài từ tệp"),
            "form": form,
            "report": report,
            "summary": summary,
            "changelist_url": reverse("admin:articles_article_changelist"),
        }
        return TemplateResponse(request, "admin/articles/article/upload.html", context)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count", "is_manual"]
    search_fields = ["name", "key", "aliases__name", "aliases__key"]
    readonly_fields = ["key", "timeline"]
    fields = ["name", "slug", "is_manual", "key", "timeline"]
    inlines = [PersonAliasInline]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_counts()

    @admin.display(description=_("số bài"), ordering="article_count")
    def article_count(self, obj) -> int:
        return obj.article_count

    @admin.display(description=_("các chức danh theo thời gian"))
    def timeline(self, obj) -> str:
        rows = [
            _("%(title)s: %(start)s → %(end)s (%(n)d bài)")
            % {
                "title": e["title"],
                "start": e["start"] or "?",
                "end": e["end"] or "?",
                "n": e["articles"],
            }
            for e in title_timeline(obj)
        ]
        return "\n".join(rows) or "—"

    @admin.action(description=_("Gộp các nhân vật đã chọn (giữ người nhiều bài nhất)"))
    def merge_selected(self, request, queryset):
        people = sorted(queryset, key=lambda p: (-p.article_count, p.pk))
        if len(people) < 2:
            self.message_user(
                request, _("Chọn ít nhất hai nhân vật để gộp."), messages.WARNING
            )
            return
        merge_people(people[0], people[1:])
        self.message_user(
            request,
            _("Đã gộp %(n)d nhân vật vào “%(name)s”.")
            % {"n": len(people) - 1, "name": people[0].name},
        )

    def save_model(self, request, obj, form, change):
        if form.changed_data:
            obj.is_manual = True
        super().save_model(request, obj, form, change)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "doc_type",
        "issuer",
        "issued_on",
        "issuing_body",
        "article_count",
    ]
    list_filter = ["doc_type", "issuer"]
    search_fields = ["code", "number", "subject", "citations__surface"]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_citation_counts()

    @admin.display(description=_("số bài"), ordering="article_count")
    def article_count(self, obj) -> int:
        return obj.article_count

    @admin.action(
        description=_("Gộp các văn bản đã chọn vào văn bản được trích nhiều nhất")
    )
    def merge_selected(self, request, queryset):
        documents = sorted(queryset, key=lambda d: (-d.article_count, d.pk))
        if len(documents) < 2:
            self.message_user(
                request, _("Chọn ít nhất hai văn bản để gộp."), messages.WARNING
            )
            return
        merge_documents(documents[0], documents[1:])
        self.message_user(
            request,
            _("Đã gộp %(n)d văn bản vào %(code)s.")
            % {"n": len(documents) - 1, "code": documents[0].code},
        )

    def save_model(self, request, obj, form, change):
        if form.changed_data:
            obj.is_manual = True
        super().save_model(request, obj, form, change)


# Posts and who held them -----------------------------------------------------


class PositionAliasInline(admin.TabularInline):
    model = PositionAlias
    extra = 1
    fields = ["name", "key"]
    readonly_fields = ["key"]


class HoldingInline(admin.TabularInline):
    model = Holding
    extra = 0
    fields = ["person", "start", "end", "state", "first_seen", "last_seen", "is_manual"]
    readonly_fields = ["first_seen", "last_seen"]
    raw_id_fields = ["person"]
    show_change_link = True


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["name", "body", "kind", "place", "holder_count", "is_manual"]
    list_filter = ["body_kind", "kind", "is_single", "is_manual"]
    search_fields = ["name", "key", "folded", "body", "place", "aliases__name"]
    readonly_fields = ["slug", "key", "folded"]
    fields = [
        "name",
        "body",
        "body_kind",
        "rank",
        "rank_order",
        "place",
        "kind",
        "is_single",
        "is_manual",
        "slug",
        "key",
        "folded",
    ]
    inlines = [PositionAliasInline, HoldingInline]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(holder_count=Count("holdings", distinct=True))
        )

    @admin.display(description=_("số người giữ"), ordering="holder_count")
    def holder_count(self, obj) -> int:
        return obj.holder_count

    @admin.action(description=_("Gộp các chức vụ đã chọn (giữ chức vụ nhiều bài nhất)"))
    def merge_selected(self, request, queryset):
        chosen = sorted(
            queryset.annotate(evidence=Count("mentions")),
            key=lambda p: (-p.evidence, p.pk),
        )
        if len(chosen) < 2:
            self.message_user(
                request, _("Chọn ít nhất hai chức vụ để gộp."), messages.WARNING
            )
            return
        merge_positions(chosen[0], chosen[1:])
        self.message_user(
            request,
            _("Đã gộp %(n)d chức vụ vào “%(name)s”.")
            % {"n": len(chosen) - 1, "name": chosen[0].name},
        )

    def save_model(self, request, obj, form, change):
        # A corrected post keeps its name, body and rank when articles are
        # extracted again (`positions_derive.position_for`).
        if form.changed_data:
            obj.is_manual = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        recompute_holdings([form.instance.pk])


@admin.register(Holding)
class HoldingAdmin(admin.ModelAdmin):
    list_display = ["person", "position", "start", "end", "state", "is_manual"]
    list_filter = ["state", "is_manual", "position__body_kind"]
    search_fields = ["person__name", "position__name"]
    raw_id_fields = ["person", "position", "first_article", "last_article", "successor"]
    date_hierarchy = "start"

    def save_model(self, request, obj, form, change):
        if form.changed_data:
            obj.is_manual = True  # derivation never replaces it
        super().save_model(request, obj, form, change)


@admin.register(PositionEvent)
class PositionEventAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "form", "position", "date", "is_manual"]
    list_filter = ["kind", "form", "is_manual"]
    search_fields = ["person__name", "position__name", "surface"]
    raw_id_fields = ["person", "position", "article"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        if form.changed_data:
            obj.is_manual = True
        super().save_model(request, obj, form, change)
        if obj.position_id:
            recompute_holdings([obj.position_id])


@admin.register(ArticleTerm)
class ArticleTermAdmin(admin.ModelAdmin):
    list_display = ["article", "term", "from_text", "is_manual"]
    list_filter = ["term", "from_text", "is_manual"]
    raw_id_fields = ["article"]

    def save_model(self, request, obj, form, change):
        if form.changed_data:
            obj.is_manual = True
        super().save_model(request, obj, form, change)
