from django.urls import path

from workplan.drafting import autosave_views, row_views, views
from workplan.exports import views as export_views
from workplan.review import views as review_views
from workplan.search import views as search_views
from workplan.workflow import views as workflow_views

app_name = "workplan"

urlpatterns = [
    path("", views.WorkplanHomeView.as_view(), name="home"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("plans/<int:pk>/drafts/new/", views.DraftOpenView.as_view(), name="draft-open"),
    path("drafts/<int:pk>/", views.DraftDetailView.as_view(), name="draft"),
    path("sections/<int:pk>/", views.SectionDetailView.as_view(), name="section"),
    path("sections/<int:pk>/edit/", views.SectionEditView.as_view(), name="section-edit"),
    path("sections/<int:pk>/history/", views.SectionHistoryView.as_view(), name="section-history"),
    path("sections/<int:pk>/compare/", views.SectionCompareView.as_view(), name="section-compare"),
    path(
        "sections/<int:pk>/revisions/<int:number>/restore/",
        views.SectionRestoreView.as_view(),
        name="section-restore",
    ),
    path("sections/<int:pk>/presence/", views.SectionPresenceView.as_view(), name="section-presence"),
    path("sections/<int:pk>/autosave/", autosave_views.SectionAutosaveView.as_view(), name="section-autosave"),
    path(
        "sections/<int:pk>/autosave/discard/",
        autosave_views.SectionAutosaveDiscardView.as_view(),
        name="section-autosave-discard",
    ),
]

# The editor's rows, one at a time (each also a page of its own, for a browser without JavaScript).
urlpatterns += [
    path("sections/<int:pk>/rows/", row_views.SectionRowsView.as_view(), name="section-rows"),
    path("sections/<int:pk>/activities/new/", row_views.ActivityAddView.as_view(), name="activity-add"),
    path("activities/<int:pk>/", row_views.ActivityView.as_view(), name="activity"),
    path("activities/<int:pk>/edit/", row_views.ActivityEditView.as_view(), name="activity-edit"),
    path("activities/<int:pk>/move/", row_views.ActivityMoveView.as_view(), name="activity-move"),
    path("activities/<int:pk>/remove/", row_views.ActivityRemoveView.as_view(), name="activity-remove"),
    path("sections/<int:pk>/objectives/new/", row_views.ObjectiveAddView.as_view(), name="objective-add"),
    path("objectives/<int:pk>/edit/", row_views.ObjectiveEditView.as_view(), name="objective-edit"),
    path("objectives/<int:pk>/move/", row_views.ObjectiveMoveView.as_view(), name="objective-move"),
    path("objectives/<int:pk>/remove/", row_views.ObjectiveRemoveView.as_view(), name="objective-remove"),
]

urlpatterns += [
    path("drafts/<int:pk>/transition/", workflow_views.DraftTransitionView.as_view(), name="draft-transition"),
    path("drafts/<int:pk>/council/", workflow_views.CouncilDecisionView.as_view(), name="council"),
    path("drafts/<int:pk>/council/scan/", workflow_views.CouncilScanView.as_view(), name="council-scan"),
    path("drafts/<int:pk>/share/", review_views.DraftShareView.as_view(), name="draft-share"),
    path("drafts/<int:pk>/redline/", workflow_views.DraftRedlineView.as_view(), name="draft-redline"),
    path("sections/<int:pk>/reviewers/", review_views.SectionReviewersView.as_view(), name="section-reviewers"),
    path("sections/<int:pk>/comments/", review_views.CommentCreateView.as_view(), name="comment-create"),
    path("comments/<int:pk>/resolve/", review_views.CommentResolveView.as_view(), name="comment-resolve"),
    path("reviews/", review_views.ReviewListView.as_view(), name="reviews"),
    path("reviews/<int:pk>/decision/", review_views.ReviewDecisionView.as_view(), name="review-decision"),
    path("chair/", workflow_views.ChairView.as_view(), name="chair"),
    # Search moved to /search/, for everyone.
    path("search/", search_views.OldSearchView.as_view(), name="search"),
]

urlpatterns += [
    path("drafts/<int:pk>/exports/", export_views.DraftExportView.as_view(), name="draft-exports"),
    path("exports/<uuid:pk>/", export_views.ExportStatusView.as_view(), name="export"),
    path("exports/<uuid:pk>/progress/", export_views.ExportProgressView.as_view(), name="export-progress"),
    path("exports/<uuid:pk>/retry/", export_views.ExportRetryView.as_view(), name="export-retry"),
    path("exports/<uuid:pk>/download/", export_views.ExportDownloadView.as_view(), name="export-download"),
]
