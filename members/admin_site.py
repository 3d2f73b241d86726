"""The admin site, opened to whoever the organisation's records make the secretariat chief.

Django's own site asks only for `is_staff`, a flag a superuser ticks by hand: a new chief seated in
the admin could not open it until someone remembered to tick it. Here the chief's seat opens it, like
every other power of the chief (members.roles); `is_staff` still opens it for superusers and the
people given it by hand, who see only what their permissions allow.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig


class PortalAdminSite(AdminSite):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set here, not as a class attribute: the form needs the user model, which is not loaded yet
        # when INSTALLED_APPS imports this module; the site itself is made once the apps are ready.
        from members.forms import AdminSignInForm

        self.login_form = AdminSignInForm

    def admin_view(self, view, cacheable=False):
        """Every admin page (roles, seats, accounts) asks for a new code when the last is older than 15 minutes."""
        from members import second_factor

        return super().admin_view(second_factor.step_up_admin(view), cacheable)

    def has_permission(self, request):
        from members import roles  # not at the top: INSTALLED_APPS imports this module before models exist

        return roles.opens_admin(request.user)


class PortalAdminConfig(AdminConfig):
    default_site = "members.admin_site.PortalAdminSite"
