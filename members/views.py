"""Pages about a person's own account: signing in, their API tokens."""

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from . import tokens
from .forms import SignInForm, TokenForm
from .models import ApiToken


class SignInView(auth_views.LoginView):
    """Django's sign-in page, whose writes commit together with the sign-in's audit event.

    Signing in writes the new session, the last sign-in time and the remembered
    session (signal receivers, audit's last), each committing on its own
    otherwise: a failure before the audit event would leave a sign-in the log
    never saw. A refused sign-in is not wrapped: django-axes must keep counting
    the failure even if its audit event cannot be written.
    """

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        with transaction.atomic():
            return super().form_valid(form)


class TokenListView(LoginRequiredMixin, TemplateView):
    """See, create and revoke your API tokens; a new token is shown once."""

    template_name = "members/token_list.html"

    def get_context_data(self, **kwargs):
        mine = ApiToken.objects.filter(user=self.request.user).order_by("revoked_at", "-created_at")
        kwargs.setdefault("form", TokenForm())
        return super().get_context_data(tokens=mine, now=timezone.now(), **kwargs)

    def post(self, request):
        if request.POST.get("revoke"):
            token = ApiToken.objects.filter(user=request.user, pk=_token_id(request.POST["revoke"])).first()
            if token is not None:
                tokens.token_revoke(token=token, actor=request.user)
                messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
            return redirect("tokens")
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        token, key = tokens.token_create(user=request.user, name=form.cleaned_data["name"])
        context = self.get_context_data(new_key=key, new_token=token)
        return self.render_to_response(context)


def _token_id(value):
    """Return the token id a revoke button sent, or None for what is no id (it then matches no token)."""
    try:
        return forms.IntegerField().clean(value)
    except ValidationError:
        return None
