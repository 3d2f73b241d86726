"""The REST API router: every app's endpoints under /api/v1/."""

from django.urls import path

from commission.api import CommissionView
from members.api import MinistryViewSet, TokenCreateView
from taskforces.api import TaskForceViewSet
from workplan.drafting import api as work
from workplan.drafting import autosave_api, rows_api
from workplan.public import api as public
from workplan.review import api as review_api
from workplan.workflow import api as workflow_api

_list = {"get": "list"}
_detail = {"get": "retrieve"}

api_urlpatterns = [
    path("ministries/", MinistryViewSet.as_view(_list), name="api-ministry-list"),
    path("ministries/<slug:code>/", MinistryViewSet.as_view(_detail), name="api-ministry-detail"),
    path("task-forces/", TaskForceViewSet.as_view(_list), name="api-taskforce-list"),
    path("task-forces/<slug:code>/", TaskForceViewSet.as_view(_detail), name="api-taskforce-detail"),
    path("commission/", CommissionView.as_view(), name="api-commission"),
    path("plans/", public.PublishedPlanList.as_view(), name="api-plan-list"),
    path("plans/<int:pk>/", public.PublishedPlanDetail.as_view(), name="api-plan-detail"),
    path("activities/", public.PublicActivityList.as_view(), name="api-activity-list"),
    path("activities/<int:pk>/", rows_api.ActivityDetail.as_view(), name="api-activity-detail"),
    path("auth/token/", TokenCreateView.as_view(), name="api-token"),
    path("drafts/", work.DraftList.as_view(), name="api-draft-list"),
    path("drafts/<int:pk>/", work.DraftDetail.as_view(), name="api-draft-detail"),
    path("drafts/<int:pk>/transitions/", workflow_api.DraftTransitionView.as_view(), name="api-draft-transitions"),
    path("sections/<int:pk>/", work.SectionDetail.as_view(), name="api-section-detail"),
    path("sections/<int:pk>/revisions/", work.RevisionList.as_view(), name="api-section-revisions"),
    path("sections/<int:pk>/working-copy/", autosave_api.WorkingCopyDetail.as_view(), name="api-section-working-copy"),
    path("sections/<int:pk>/redline/", work.RedlineView.as_view(), name="api-section-redline"),
    path("sections/<int:pk>/comments/", review_api.CommentList.as_view(), name="api-section-comments"),
    path("comments/<int:pk>/resolve/", review_api.CommentResolveView.as_view(), name="api-comment-resolve"),
    path("reviews/", review_api.ReviewList.as_view(), name="api-review-list"),
    path("reviews/<int:pk>/decision/", review_api.ReviewDecisionView.as_view(), name="api-review-decision"),
]
