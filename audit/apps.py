from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from django.contrib.auth import signals as auth_signals
        from django.db.models.signals import post_migrate

        from core import rules

        from . import receivers, sentences

        auth_signals.user_logged_in.connect(receivers.logged_in, dispatch_uid="audit.logged_in")
        auth_signals.user_logged_out.connect(receivers.logged_out, dispatch_uid="audit.logged_out")
        auth_signals.user_login_failed.connect(receivers.login_failed, dispatch_uid="audit.login_failed")
        sentences.register_defaults()
        post_migrate.connect(receivers.ensure_head, sender=self, dispatch_uid="audit.ensure_head")
        rules.register("audit_append_only", _("The audit log cannot be changed: events are only ever added."))
        rules.register("audit_head_guard", _("The audit log's chain head moves only when an event is added."))
