from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Foundations")

    def ready(self):
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import (
            checks,  # noqa: F401  (registers the project's system checks)
            dbroles,
            memory,
            sqllog,
        )

        connection_created.connect(sqllog.install, dispatch_uid="portal-slow-queries")
        request_finished.connect(memory.collect_cycles, dispatch_uid="portal-collect-cycles")
        # Once per migrate (sent for each app; this is core's): every table exists by then.
        post_migrate.connect(dbroles.grant_after_migrate, sender=self, dispatch_uid="portal-grant-app-role")
