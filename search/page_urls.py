"""URLs of the HTML search pages (results, feed, CSV, OpenSearch)."""

from django.urls import path

from .web import exports, feeds, opensearch, results

app_name = "search_pages"

urlpatterns = [
    path("search/", results.results, name="results"),
    path("search/feed/", feeds.feed, name="feed"),
    path("search/export.csv", exports.export_csv, name="csv"),
    path("search/suggest/", opensearch.opensearch_suggestions, name="suggest"),
    path("opensearch.xml", opensearch.opensearch, name="opensearch"),
]
