"""The portal's URLs: pages, the REST API under /api/v1/, the admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from notifications import views as notification_views
from portal import views as portal_views

from .api import api_urlpatterns

# Swagger UI styles itself with inline style attributes; its page alone allows
# them. Scripts stay restricted to the portal's own files.
_docs_csp = csp_override(
    {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
)


class ApiDocsView(SpectacularSwaggerSplitView):
    """The Swagger UI page, answering GET and HEAD only.

    DRF answers OPTIONS on every view with the view's metadata, rendered by the view's renderer: here the
    page's template, which cannot render without the page's own context (it includes a script template
    named in it), so OPTIONS was a server error. The page has nothing to describe: OPTIONS gets 405.
    """

    http_method_names = ["get", "head"]


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
    path(
        "api/docs/",
        _docs_csp(ApiDocsView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("admin/", admin.site.urls),
]

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
