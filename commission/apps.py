from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CommissionConfig(AppConfig):
    name = "commission"
    verbose_name = _("Commission")

    def ready(self):
        from audit import sentences
        from members import roles

        from . import rules  # noqa: F401  (registers the trigger rules' messages)
        from .models import CommissionMembership, SecretariatMembership

        # The secretariat's active chief holds the chief's powers, its other members the staff's; the
        # commission's active chair the chair's, its other members (vice-chair included) the members'.
        secretariat, commission = SecretariatMembership.objects, CommissionMembership.objects
        chief, chair = Q(role=SecretariatMembership.Role.CHIEF), Q(role=CommissionMembership.Role.CHAIR)
        roles.register_seats(roles.CHIEF, lambda: secretariat.active().filter(chief))
        roles.register_seats(roles.STAFF, lambda: secretariat.active().exclude(chief))
        roles.register_seats(roles.CHAIR, lambda: commission.active().filter(chair))
        roles.register_seats(roles.MEMBER, lambda: commission.active().exclude(chair))
        # The commission and its secretariat are public: the audit log names the seats in them by their names.
        for label in ("commission.commission", "commission.secretariat"):
            sentences.name_objects(label, sentences.names_by_str(label))
