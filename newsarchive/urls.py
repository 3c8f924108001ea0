"""Root URLs: the admin and the apps' own URL modules."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("search.urls")),
    path("", include("search.page_urls")),
    path("", include("articles.urls")),
]
