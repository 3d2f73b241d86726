"""Messages for the commission's rules that the database keeps in triggers."""

from django.utils.translation import gettext_lazy as _

from core import rules

COMMISSION_SEAT_LIMIT = "commission_seat_limit"
COMMISSION_CHAIR_REQUIRED = "commission_chair_required"
SECRETARIAT_SEAT_LIMIT = "secretariat_seat_limit"
SECRETARIAT_CHIEF_REQUIRED = "secretariat_chief_required"

MESSAGES = {
    COMMISSION_SEAT_LIMIT: _(
        "Every seat of the commission is taken: the sub-decree sets %(seats)s seats. "
        "End a membership before adding another."
    ),
    COMMISSION_CHAIR_REQUIRED: _(
        "The commission must have exactly one active chair: appoint a new chair "
        "in the same change that ends the current one."
    ),
    SECRETARIAT_SEAT_LIMIT: _(
        "Every seat of the secretariat is taken: the sub-decree sets %(seats)s seats. "
        "End a membership before adding another."
    ),
    SECRETARIAT_CHIEF_REQUIRED: _(
        "The secretariat must have exactly one active chief: appoint a new chief "
        "in the same change that ends the current one."
    ),
}

# The database does not know the seat count in the user's words; the message
# registered for a refusal from the database names the rule without it.
rules.register(
    COMMISSION_SEAT_LIMIT,
    _("Every seat of the commission set by the sub-decree is taken. End a membership before adding another."),
)
rules.register(COMMISSION_CHAIR_REQUIRED, MESSAGES[COMMISSION_CHAIR_REQUIRED])
rules.register(
    SECRETARIAT_SEAT_LIMIT,
    _("Every seat of the secretariat set by the sub-decree is taken. End a membership before adding another."),
)
rules.register(SECRETARIAT_CHIEF_REQUIRED, MESSAGES[SECRETARIAT_CHIEF_REQUIRED])
