"""Messages for the work plan's rules that the database keeps in triggers."""

from django.utils.translation import gettext_lazy as _

from core import rules

REVISION_IMMUTABLE = "workplan_revision_immutable"

rules.register(REVISION_IMMUTABLE, _("A revision cannot be changed once it is saved."))
