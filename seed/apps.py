from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeedConfig(AppConfig):
    """The demo data (`python manage.py seed_demo`), read from the news report beside it."""

    name = "seed"
    verbose_name = _("Demo data")
