from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Foundations")

    def ready(self):
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created

        from . import (
            checks,  # noqa: F401  (registers the project's system checks)
            memory,
            sqllog,
        )

        connection_created.connect(sqllog.install, dispatch_uid="portal-slow-queries")
        request_finished.connect(memory.collect_cycles, dispatch_uid="portal-collect-cycles")
