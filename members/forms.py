"""Forms about a person's own account: signing in, and naming an API token."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import second_factor, signin_delay


class UsernameLengthMixin:
    """Refuse a username longer than any account's before it reaches authentication.

    Django's sign-in form gives its username field the model's max_length after the field is made, which
    sets the input's maxlength attribute but adds no validator: any length reaches authenticate(). A
    refused sign-in is then recorded by django-axes, whose username column holds 255 characters, and the
    database refuses a longer one (a server error instead of the form again). A username longer than the
    model allows belongs to no account, so refusing it here loses nothing.
    """

    too_long_message = _("No account has a username this long: a username has at most %(limit)d characters.")

    def clean_username(self):
        username = self.cleaned_data["username"]
        limit = self.username_field.max_length
        if limit and len(username) > limit:
            raise ValidationError(self.too_long_message, code="max_length", params={"limit": limit})
        return username


class AddressDelayMixin:
    """Refuse, before any password is checked, an attempt that comes too soon from an address (members.signin_delay)."""

    def clean(self):
        wait = signin_delay.claim(self.request) if self.request is not None else 0
        if wait:
            raise ValidationError(signin_delay_message(wait), code="address_delay")
        return super().clean()


def signin_delay_message(wait):
    return ngettext(
        "Too many wrong sign-ins have come from your network. Wait %(seconds)d second, then try again.",
        "Too many wrong sign-ins have come from your network. Wait %(seconds)d seconds, then try again.",
        wait,
    ) % {"seconds": wait}


class SignInForm(AddressDelayMixin, UsernameLengthMixin, AuthenticationForm):
    """The portal's sign-in page's form."""


class AdminSignInForm(AddressDelayMixin, UsernameLengthMixin, AdminAuthenticationForm):
    """The admin site's sign-in form."""


class TokenForm(second_factor.StepUpFormMixin, forms.Form):
    """Name a new API token (with a new code when the last one is too old: a token acts as its person).

    The name is truncated by the service, not refused for its length; the field is here for the checks
    every form field makes, a NUL character among them (PostgreSQL refuses it in text).
    """

    name = forms.CharField(required=False)
