"""Public pages of published plans (under /plans/): no account needed, names without a namespace as before."""

from django.urls import path

from workplan.exports import views as export_views
from workplan.public import views

urlpatterns = [
    path("", views.PublicPlanListView.as_view(), name="public-plans"),
    path("<int:pk>/", views.PublicPlanView.as_view(), name="public-plan"),
    path("<int:pk>/exports/<slug:format>/", export_views.PublicPlanExportView.as_view(), name="public-plan-export"),
]
