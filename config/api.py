"""The REST API router: every app's endpoints under /api/v1/."""

from django.urls import path

from commission.api import CommissionView
from members.api import MinistryViewSet
from taskforces.api import TaskForceViewSet

_list = {"get": "list"}
_detail = {"get": "retrieve"}

api_urlpatterns = [
    path("ministries/", MinistryViewSet.as_view(_list), name="api-ministry-list"),
    path("ministries/<slug:code>/", MinistryViewSet.as_view(_detail), name="api-ministry-detail"),
    path("task-forces/", TaskForceViewSet.as_view(_list), name="api-taskforce-list"),
    path("task-forces/<slug:code>/", TaskForceViewSet.as_view(_detail), name="api-taskforce-detail"),
    path("commission/", CommissionView.as_view(), name="api-commission"),
]
