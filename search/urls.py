from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("api/search/", views.search_api, name="api"),
    path("api/autocomplete/", views.autocomplete_api, name="autocomplete"),
    path("api/facets/<slug:facet>/", views.facet_values_api, name="facet_values"),
]
