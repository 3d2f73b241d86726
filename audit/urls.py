from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.EventListView.as_view(), name="events"),
    path("export/", views.EventExportView.as_view(), name="export"),
]
