"""A second factor for the powers that matter: an authenticator app (TOTP) and recovery codes.

The devices are django-otp's (TOTP and static tokens, with its throttling
of wrong codes); what the portal adds is who must have one, where it is
asked, and the record of it:

- Required for the commission's chair, the secretariat's chief, auditors and
  superusers (`required_for`); offered to everyone on "Your account". Demo
  accounts, which sign in only while DEBUG is on, are exempt, so `make run`
  stays one command.
- After the password, a person with an authenticator gives a code before
  any page; one who must have an authenticator and has none sets one up
  first (`SecondFactorMiddleware`). The API answers 403 to such a session;
  token clients are not asked (a token is created only after a code).
- What cannot be undone or widens access (the Council's decision, sharing a
  draft, a new API token, the admin) asks for a code again when the last
  one is older than SECOND_FACTOR_STEP_UP_AGE (15 minutes): the forms carry
  a code field then (`StepUpFormMixin`), so nothing typed is lost.
- A recovery code works once; using one is e-mailed to the owner with the
  number left. Setting up, replacing and removing an authenticator, and
  every code given, are audited.

Whether a session has passed is kept in the session itself (when the last
code was given), not read from the database on each request: a new code
cycles the session key, and removing a factor ends the account's sessions.
"""

import base64
import binascii
import math
import re
import time
from functools import wraps

import segno
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.i18n import set_language
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from audit import services as audit
from core.api import PROBLEM_CONTENT_TYPE
from notifications.registry import register_kind
from notifications.services import notify

from . import roles

# Session keys: when the person last gave a code (seconds since the epoch), whether they have an authenticator
# (read once per session), and the secret of an authenticator being set up (never stored in the database
# before its first code proves the person's app holds it).
VERIFIED_AT = "_portal_second_factor_at"
HAS_FACTOR = "_portal_second_factor"
PENDING_KEY = "_portal_second_factor_pending"

REQUIRED_ROLES = frozenset({roles.CHAIR, roles.CHIEF, roles.AUDITOR})
RECOVERY_CODES = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"

FACTOR_ADDED = register_kind(
    "second_factor_added",
    gettext_lazy("A second factor was set up for your account"),
    email_text=gettext_lazy(
        "An authenticator app was set up for your account, with new recovery codes. If it was not you, "
        "tell the secretariat at once"
    ),
)
FACTOR_REMOVED = register_kind(
    "second_factor_removed",
    gettext_lazy("The second factor of your account was turned off"),
    email_text=gettext_lazy(
        "The authenticator app of your account was removed. If it was not you, tell the secretariat at once"
    ),
)
RECOVERY_USED = register_kind(
    "second_factor_recovery",
    gettext_lazy("A recovery code of your account was used"),
    email_text=gettext_lazy(
        "A recovery code was used to sign in to your account. Each code works once: make new ones on "
        "“Two-step sign-in” when few are left. If it was not you, tell the secretariat at once"
    ),
)


# Who must, who may -------------------------------------------------------------------------------------------


def exempt(user):
    """Demo accounts, which sign in only while DEBUG is on, never need a second factor."""
    return bool(getattr(user, "is_demo", False)) and settings.DEBUG


def required_for(user):
    """Whether `user` must have a second factor: the chair, the chief, auditors and superusers."""
    if not user.is_authenticated or exempt(user):
        return False
    return user.is_superuser or bool(REQUIRED_ROLES & roles.roles_of(user))


def authenticator(user):
    """Return the user's confirmed authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def has_factor(request):
    """Whether the signed-in person has an authenticator (read once per session, kept in it)."""
    session = request.session
    if HAS_FACTOR not in session:
        session[HAS_FACTOR] = authenticator(request.user) is not None
    return session[HAS_FACTOR]


def passed(request):
    """Whether this session has given a code since signing in."""
    return VERIFIED_AT in request.session


def step_up_needed(request):
    """Whether a step that cannot be undone must ask for a code again: the last one is too old."""
    if exempt(request.user):
        return False
    given = request.session.get(VERIFIED_AT)
    return given is not None and time.time() - given > settings.SECOND_FACTOR_STEP_UP_AGE


# Codes ---------------------------------------------------------------------------------------------------

# People type Khmer digits as readily as Latin ones, and codes as they read them: with spaces or a dash.
_KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
_SEPARATORS = re.compile(r"[\s\-]+")


def normalise(code):
    return _SEPARATORS.sub("", (code or "").translate(_KHMER_DIGITS)).lower()


def _wait_message(device):
    """Return why `device` takes no code now (too many wrong ones, django-otp's throttling), or None."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    until = (data or {}).get("locked_until")
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second and try again.",
        "Too many wrong codes. Wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


def check_code(user, code):
    """Return how `code` proved the person ("authenticator" or "recovery_code"); raise ValidationError if not.

    A recovery code is spent by the check. Wrong codes slow the next tries down (django-otp's throttling).
    """
    code = normalise(code)
    if not code:
        raise ValidationError(_("Enter the 6-digit code from your authenticator app, or a recovery code."))
    if code.isdigit():
        device = authenticator(user)
        if device is None:
            raise ValidationError(_("Your account has no authenticator app: use a recovery code."))
        if message := _wait_message(device):
            raise ValidationError(message)
        if len(code) == device.digits and device.verify_token(code):
            return "authenticator"
        raise ValidationError(
            _("This code is not right. Type the code your authenticator app shows now (it changes every 30 seconds).")
        )
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if message := _wait_message(device):
            raise ValidationError(message)
        if device.verify_token(code):
            return "recovery_code"
    raise ValidationError(_("This recovery code is not right, or it was used already: each code works once."))


def code_given(request, method):
    """Note in the session that the person gave a code now; audit it; tell them when a recovery code was used."""
    user = request.user
    with transaction.atomic():
        details = {"method": method}
        if method == "recovery_code":
            details["recovery_codes_left"] = recovery_codes_left(user)
            notify([user], RECOVERY_USED)
        audit.record(action="account.second_factor", actor=user, obj=user, request=request, details=details)
    _mark_passed(request)


def _mark_passed(request):
    """Note the code in the session; a session that has just gained its full powers gets a new key first."""
    from . import services

    session = request.session
    if not passed(request):
        # One fixed before (session fixation) cannot follow it; the new key is remembered as the old one was,
        # so that a reset or a deactivation still ends it.
        session.cycle_key()
        services.session_remember(user=request.user, session_key=session.session_key)
    session[VERIFIED_AT] = int(time.time())
    session[HAS_FACTOR] = True


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Code"))
        kwargs.setdefault(
            "help_text",
            gettext_lazy("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
        )
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "off"})


class CodeForm(forms.Form):
    """A code from the person's authenticator app or a recovery code; `clean` checks it (and spends a recovery code)."""

    code = CodeField()

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_code(self):
        self.method = check_code(self.user, self.cleaned_data["code"])
        return self.cleaned_data["code"]


class StepUpFormMixin:
    """A form for a step that cannot be undone: when the last code is too old, it asks for one with the rest.

    Pass the request as `request=`. The code is checked last, after every other field is valid, so a
    mistake elsewhere never spends a recovery code; the form's other values stay as typed either way.
    """

    step_up_field = "second_factor_code"

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        self.asks_code = step_up_needed(request)
        if self.asks_code:
            self.fields[self.step_up_field] = CodeField(
                label=gettext_lazy("Code from your authenticator app"),
                help_text=gettext_lazy(
                    "Your last code was more than 15 minutes ago: this step asks for a new one. "
                    "A recovery code works too."
                ),
            )

    def clean(self):
        cleaned = super().clean()
        if self.asks_code and not self.errors:
            try:
                method = check_code(self.request.user, cleaned.get(self.step_up_field, ""))
            except ValidationError as error:
                self.add_error(self.step_up_field, error)
            else:
                code_given(self.request, method)
        return cleaned


def check_for_token(user, code):
    """Check the code sent with a password for a new API token: a token acts as its person, without a session.

    Raises PermissionDenied when the account must have an app and has none, ValidationError for a missing
    or wrong code; an account without a second factor, which need not have one, sends none.
    """
    if exempt(user):
        return
    if authenticator(user) is None:
        if required_for(user):
            raise PermissionDenied(_("Set up two-step sign-in on the portal's “Your account” page first."))
        return
    if not normalise(code):
        raise ValidationError(
            _("This account uses two-step sign-in: send “code”, the code its authenticator app shows now.")
        )
    if check_code(user, code) == "recovery_code":
        notify([user], RECOVERY_USED)


# Setting up ----------------------------------------------------------------------------------------------


def pending_secret(request, *, renew=False):
    """Return the hex secret of the authenticator being set up in this session, making one when asked."""
    session = request.session
    if renew or PENDING_KEY not in session:
        session[PENDING_KEY] = default_key()
    return session[PENDING_KEY]


def setup_details(request, secret):
    """Return what the person's app needs: the otpauth link as an SVG QR code, and the key to type by hand."""
    device = TOTPDevice(user=request.user, key=secret, name=AUTHENTICATOR_NAME)
    link = device.config_url
    key = base64.b32encode(binascii.unhexlify(secret)).decode()
    return {
        "qr_svg": segno.make(link, error="m").svg_inline(scale=5, dark="#000", light="#fff", omitsize=False),
        "manual_key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
    }


def _new_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [f"{code[:4]}-{code[4:]}" for code in codes]


def setup_confirm(request, code):
    """Turn the pending secret into the person's authenticator if `code` comes from it; return recovery codes.

    Replaces any authenticator the person had. Raises ValidationError when the code is not the app's.
    """
    secret = request.session.get(PENDING_KEY)
    if secret is None:
        raise ValidationError(_("The set-up has expired. Scan the new QR code and type the code it gives."))
    code = normalise(code)
    totp = TOTP(binascii.unhexlify(secret))
    totp.time = time.time()
    if not (code.isdigit() and len(code) == 6 and totp.verify(int(code), tolerance=1)):
        raise ValidationError(
            _("This code is not the one your app shows for this QR code. Check the app's clock and try the new code.")
        )
    user = request.user
    with transaction.atomic():
        replaced = TOTPDevice.objects.filter(user=user).delete()[0] > 0
        TOTPDevice.objects.create(user=user, key=secret, name=AUTHENTICATOR_NAME, confirmed=True, last_t=totp.t())
        codes = _new_recovery_codes(user)
        notify([user], FACTOR_ADDED)
        audit.record(
            action="account.second_factor_setup", actor=user, obj=user, request=request, details={"replaced": replaced}
        )
    del request.session[PENDING_KEY]
    _mark_passed(request)
    return codes


def recovery_codes_renew(request):
    """Replace the person's recovery codes with new ones (the old ones stop working); return them."""
    user = request.user
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit.record(action="account.recovery_codes", actor=user, obj=user, request=request)
    return codes


def factor_remove(*, user, actor, request=None):
    """Remove the user's authenticator and recovery codes, audit it, tell them, and end their sessions."""
    from . import services

    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        notify([user], FACTOR_REMOVED)
        services.sessions_end(user=user)
        audit.record(
            action="account.second_factor_removed",
            actor=actor,
            obj=user,
            request=request,
            details={"username": user.username},
        )


# Where it is asked -----------------------------------------------------------------------------------------


def open_view(view):
    """Mark a view that a signed-in person may open before giving a code (sign-out, the code page itself)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        return view(*args, **kwargs)

    wrapped.second_factor_open = True
    return wrapped


def ask(step, request):
    """Redirect to the code page `step` (a URL name), coming back to this request's page after it."""
    return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")


def pending_step(request):
    """Return the URL name of what the signed-in person must do before anything else, or None."""
    if passed(request) or exempt(request.user):
        return None
    if has_factor(request):
        return "second_factor_verify"
    if required_for(request.user):
        return "second_factor"
    return None


class SecondFactorMiddleware:
    """Send a signed-in person who owes a code to the code page (or to set up an app), before any other view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or getattr(view_func, "second_factor_open", False):
            return None
        if view_func is set_language:
            return None
        step = pending_step(request)
        if step is None:
            return None
        if request.path_info.startswith("/api/"):
            problem = {
                "type": "about:blank",
                "title": _("Not allowed"),
                "status": 403,
                "detail": _("Give the code from your authenticator app on the portal's sign-in page first."),
            }
            return JsonResponse(problem, status=403, content_type=PROBLEM_CONTENT_TYPE)
        return ask(step, request)


def step_up_admin(view):
    """Wrap an admin view: when the last code is too old, ask for one first and come back."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if step_up_needed(request):
            return ask("second_factor_verify", request)
        return view(request, *args, **kwargs)

    return wrapped
