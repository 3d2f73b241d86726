from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    name = "workplan"
    verbose_name = _("National work plan")

    def ready(self):
        from . import notices, rules  # noqa: F401  (rules registers the trigger rules' messages)

        notices.register_subjects()
