from django.urls import path

from . import views

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
]
