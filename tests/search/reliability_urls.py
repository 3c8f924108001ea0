"""The archive's URLs plus a page that raises, for tests/search/test_reliability.py."""

from django.urls import path

from newsarchive.urls import urlpatterns as archive_urlpatterns


def broken(request):
    raise RuntimeError("a deliberately broken page")


urlpatterns = [*archive_urlpatterns, path("broken/<int:pk>/", broken)]
