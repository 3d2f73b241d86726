from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaskforcesConfig(AppConfig):
    name = "taskforces"
    verbose_name = _("Task forces")

    def ready(self):
        from audit import sentences

        # Task forces are public: the audit log names seats in them, and sections, by their names.
        sentences.name_objects("taskforces.taskforce", sentences.names_by_str("taskforces.taskforce"))
