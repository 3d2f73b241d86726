"""A person's password: changed by its owner, or reset by e-mail through the outbox; every such event audited.

Django's own views do the work (its validators, its one-time reset tokens);
here is what the portal adds:

- The reset e-mail goes through the outbox like every other message, so a
  mail server that is down delays it and loses nothing. The outbox row keeps
  no link: the link, with its token, is made when the e-mail is built, and
  never stored or shown in the portal. A token works once (it is made from
  the password it resets) and for PASSWORD_RESET_TIMEOUT seconds.
- Asking for a reset answers the same whether or not the address belongs to
  an account, and so does its audit event (the address is not recorded).
- A changed or reset password is audited and e-mailed to the account's
  owner, so that a change they did not make does not go unnoticed; a reset
  ends every session the account had signed in with.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from notifications.registry import register_kind
from notifications.services import notify

from . import services

RESET_TEMPLATES = "members/email/password_reset"


def _reset_link(notification):
    """Return the e-mail's reset link, made now for the recipient: never stored, valid once."""
    person = notification.recipient
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    return {"reset_link": settings.SITE_URL + path, "hours": max(settings.PASSWORD_RESET_TIMEOUT // 3600, 1)}


PASSWORD_RESET = register_kind(
    "password_reset",
    gettext_lazy("A new password was asked for your account"),
    email_templates=RESET_TEMPLATES,
    email_context=_reset_link,
)
PASSWORD_CHANGED = register_kind(
    "password_changed",
    gettext_lazy("The password of your account was changed"),
    email_text=gettext_lazy(
        "The password of your account was changed. If it was not you, tell the secretariat at once"
    ),
)


def password_reset_request(*, users, request=None):
    """Send each account a reset e-mail through the outbox, and audit the request the same way in every case."""
    users = list(users)
    with transaction.atomic():
        notify(users, PASSWORD_RESET)
        audit.record(action="account.password_reset_request", request=request, details={"accounts": len(users)})


def password_changed(*, user, request=None, reset=False):
    """Audit a changed password and tell its owner; after a reset, end the account's other sessions."""
    with transaction.atomic():
        notify([user], PASSWORD_CHANGED)
        if reset:
            services.sessions_end(user=user)
        audit.record(
            action="account.password_reset" if reset else "account.password_change",
            actor=user,
            obj=user,
            request=request,
            details={"username": user.username},
        )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, whose e-mail goes through the outbox (see the module's docstring)."""

    def save(self, request=None, **kwargs):
        password_reset_request(users=self.get_users(self.cleaned_data["email"]), request=request)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "members/password_change.html"
    success_url = reverse_lazy("dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=self.request.user, request=self.request)
        messages.success(self.request, _("Your password is changed. An e-mail tells you so too."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "members/password_reset.html"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "members/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "members/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=form.user, request=self.request, reset=True)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "members/password_reset_complete.html"
