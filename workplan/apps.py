from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    name = "workplan"
    verbose_name = _("National work plan")

    def ready(self):
        from workplan import rules  # noqa: F401  (registers the trigger rules' messages)
