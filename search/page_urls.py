"""URLs of the HTML search pages (results, feed, CSV, OpenSearch)."""

from django.urls import path

from . import pages

app_name = "search_pages"

urlpatterns = [
    path("search/", pages.results, name="results"),
    path("search/feed/", pages.feed, name="feed"),
    path("search/export.csv", pages.export_csv, name="csv"),
    path("search/suggest/", pages.opensearch_suggestions, name="suggest"),
    path("opensearch.xml", pages.opensearch, name="opensearch"),
]
