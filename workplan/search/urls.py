"""Search, for everyone, at /search/ (named `search`, without a namespace, like the other public pages)."""

from django.urls import path

from workplan.search import views

urlpatterns = [
    path("", views.SearchView.as_view(), name="search"),
]
