from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("People and organisations")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_roles, sender=self)


def _ensure_roles(sender, apps=None, **kwargs):
    """Recreate the role groups after migrate or a flush (tests empty every table)."""
    from django.apps import apps as global_apps

    from . import roles

    roles.ensure_groups(apps or global_apps)
