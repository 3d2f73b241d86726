from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    name = "workplan"
    verbose_name = _("National work plan")

    def ready(self):
        from django.core import checks

        from workplan import (
            audit_sentences,
            notices,
            rules,  # noqa: F401  (registers the trigger rules' messages)
        )

        notices.register_subjects()
        audit_sentences.register()
        checks.register(check_workflow_steps)


def check_workflow_steps(app_configs=None, **kwargs):
    """Refuse to start when a declared workflow step has no effect (workplan.workflow.steps)."""
    from django.core.checks import Error

    from workplan.workflow import steps

    return [
        Error(f"The workflow step {name!r} is declared without an effect.", id="workplan.E001")
        for name in steps.missing_effects()
    ]
