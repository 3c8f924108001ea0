"""Admin for editors: articles with their extracted metadata, upload of raw pages."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.functions import ExtractYear
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .importing import import_paths
from .models import Article, Source
from .services import after_import


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
    files = MultipleFileField(label=_("Tệp trang gốc (.txt) hoặc xuất JSONL (.jsonl)"))


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
        report = None
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            uploads = form.cleaned_data["files"]
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
            "changelist_url": reverse("admin:articles_article_changelist"),
        }
        return TemplateResponse(request, "admin/articles/article/upload.html", context)
