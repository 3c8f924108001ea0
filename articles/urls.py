from django.urls import path
from django.views.i18n import set_language

from . import positions_views, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="list"),
    path("articles/<int:pk>/<slug:slug>/", views.article_detail, name="detail"),
    path("articles/<int:pk>/", views.article_detail, name="detail_noslug"),
    path("officials/", views.person_list, name="people"),
    path("officials/<str:slug>/", views.person_detail, name="person"),
    path("documents/", views.document_list, name="documents"),
    # Codes contain slashes (`205-QĐ/TW`, `128/NQ-CP`).
    path("documents/<path:code>/", views.document_detail, name="document"),
    path("positions/", positions_views.position_list, name="positions"),
    path("positions/<str:slug>/", positions_views.position_detail, name="position"),
    path("bodies/<str:slug>/", positions_views.body_detail, name="body"),
    path("archive/", views.archive_index, name="archive"),
    path("archive/<int:year>/", views.archive_year, name="archive_year"),
    path("archive/<int:year>/<int:month>/", views.archive_month, name="archive_month"),
    path("api/articles/<int:pk>/", views.api_article, name="api_article"),
    path(
        "api/positions/<str:slug>/",
        positions_views.api_position,
        name="api_position",
    ),
    path("i18n/setlang/", set_language, name="set_language"),
]
