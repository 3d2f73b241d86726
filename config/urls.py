"""The portal's URLs: pages, the REST API under /api/v1/, the admin."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from notifications import views as notification_views
from portal import views as portal_views

from .api import api_urlpatterns

urlpatterns = [
    path("", portal_views.HomeView.as_view(), name="home"),
    path("healthz", portal_views.healthz, name="healthz"),
    path("dashboard/", portal_views.DashboardView.as_view(), name="dashboard"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("members.urls")),
    path("commission/", include("commission.urls")),
    path("workplan/", include("workplan.urls")),
    path("audit/", include("audit.urls")),
    path("plans/", include("workplan.public.urls")),
    path("search/", include("workplan.search.urls")),
    path("notifications/", notification_views.NotificationListView.as_view(), name="notifications"),
    path("api/v1/", include(api_urlpatterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", portal_views.ApiReferenceView.as_view(), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
