from django.urls import path

from .web import api

app_name = "search"

urlpatterns = [
    path("api/search/", api.search_api, name="api"),
    path("api/autocomplete/", api.autocomplete_api, name="autocomplete"),
    path("api/facets/<slug:facet>/", api.facet_values_api, name="facet_values"),
]
