"""How the audit log reads the actions on accounts, tokens and seats (see audit.sentences)."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from audit import sentences
from audit.sentences import USERNAME, declare, detail, name_objects

ACCOUNTS = _("Accounts and two-step sign-in")
SEATS = _("Seats")


def _second_factor(event):
    if event.details.get("method") == "recovery_code":
        return _("%(actor)s gave a recovery code to sign in")
    return _("%(actor)s gave a two-step sign-in code")


def _second_factor_setup(event):
    if event.details.get("replaced"):
        return _("%(actor)s replaced their authenticator app for two-step sign-in")
    return _("%(actor)s set up two-step sign-in with an authenticator app")


def _accounts(event):
    return {"accounts": int(event.details.get("accounts", 0))}


def name_tokens(keys):
    """Name API tokens by the name their owner gave them."""
    from .models import ApiToken

    wanted = sentences.primary_keys(ApiToken, keys)
    tokens = ApiToken.objects.filter(pk__in=wanted).values_list("pk", "name")
    return {wanted[pk]: _("the API token “%(name)s”") % {"name": name} for pk, name in tokens}


# --- Seats (members.seats records them for every body) ------------------------------------------------------


def _seat_model(event):
    try:
        return apps.get_model(event.object_type)
    except (LookupError, ValueError):
        return None


def _body(event):
    """Return the (kind, key) of the body a seat is in: its details say "task_force:3"."""
    model = _seat_model(event)
    field, _colon, key = str(event.details.get("body", "")).partition(":")
    if model is None or not key:
        return None
    try:
        body = model._meta.get_field(field).related_model
    except FieldDoesNotExist:
        return None
    return (body._meta.label_lower, key) if body is not None else None


def _seat_values(event):
    """Return the seat's role (or kind of seat) and the fields a change touched, in the reader's words."""
    model = _seat_model(event)
    if model is None:
        return {}
    try:
        role_field = model._meta.get_field("role")
    except FieldDoesNotExist:
        role = model._meta.verbose_name
    else:
        role = dict(role_field.flatchoices).get(event.details.get("role"), event.details.get("role") or "…")
    changed = []
    for name in event.details.get("changed", []):
        try:
            changed.append(str(model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            changed.append(str(name))
    return {"role": role, "changed": ", ".join(changed) or "…"}


def register():
    """Declare the sentences of the actions members records, and name its objects (MembersConfig.ready)."""
    name_objects("members.apitoken", name_tokens)
    # Organisations and ministries are public: their names are.
    name_objects("members.organization", sentences.names_by_str("members.organization"))
    declare(
        "account.password_reset_request",
        label=_("Password reset asked for"),
        sentence=_("Someone asked for a password reset e-mail (accounts found: %(accounts)s)"),
        area=ACCOUNTS,
        values=_accounts,
    )
    declare(
        "account.password_reset",
        label=_("Password reset"),
        sentence=_("%(actor)s set a new password with the link sent by e-mail"),
        area=ACCOUNTS,
    )
    declare(
        "account.password_change",
        label=_("Password changed"),
        sentence=_("%(actor)s changed their password"),
        area=ACCOUNTS,
    )
    declare(
        "account.second_factor",
        label=_("Two-step sign-in code given"),
        sentence=_second_factor,
        area=ACCOUNTS,
    )
    declare(
        "account.second_factor_setup",
        label=_("Two-step sign-in set up"),
        sentence=_second_factor_setup,
        area=ACCOUNTS,
    )
    declare(
        "account.recovery_codes",
        label=_("New recovery codes"),
        sentence=_("%(actor)s made new recovery codes for two-step sign-in"),
        area=ACCOUNTS,
    )
    declare(
        "account.second_factor_removed",
        label=_("Two-step sign-in removed"),
        sentence=_("%(actor)s removed the two-step sign-in of %(object)s"),
        area=ACCOUNTS,
    )
    declare(
        "account.deactivate",
        label=_("Account deactivated"),
        sentence=_("%(actor)s deactivated the account of %(object)s"),
        area=ACCOUNTS,
    )
    declare("token.create", label=_("API token created"), sentence=_("%(actor)s created %(object)s"), area=ACCOUNTS)
    declare("token.revoke", label=_("API token revoked"), sentence=_("%(actor)s revoked %(object)s"), area=ACCOUNTS)
    seat = {"person": detail(USERNAME, "person"), "body": _body}
    for kind, label, sentence in (
        ("start", _("Seat given"), _("%(actor)s gave %(person)s a seat in %(body)s (%(role)s)")),
        ("end", _("Seat ended"), _("%(actor)s ended the seat of %(person)s in %(body)s (%(role)s)")),
        (
            "change",
            _("Seat changed"),
            _("%(actor)s changed the seat of %(person)s in %(body)s (%(role)s): %(changed)s"),
        ),
        ("delete", _("Seat deleted"), _("%(actor)s deleted the seat of %(person)s in %(body)s (%(role)s)")),
    ):
        declare(f"membership.{kind}", label=label, sentence=sentence, area=SEATS, refs=seat, values=_seat_values)
