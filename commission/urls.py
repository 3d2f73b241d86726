from django.urls import path

from . import views

app_name = "commission"

urlpatterns = [
    path("", views.CommissionDetailView.as_view(), name="detail"),
]
