"""Pages about a person's own account: signing in, the second factor, their API tokens."""

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView

from . import second_factor, tokens
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
        kwargs.setdefault("form", TokenForm(request=self.request))
        return super().get_context_data(tokens=mine, now=timezone.now(), **kwargs)

    def post(self, request):
        if request.POST.get("revoke"):
            token = ApiToken.objects.filter(user=request.user, pk=_token_id(request.POST["revoke"])).first()
            if token is not None:
                tokens.token_revoke(token=token, actor=request.user)
                messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
            return redirect("tokens")
        form = TokenForm(request.POST, request=request)
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


def _next_url(request, default="dashboard"):
    """Return where to go after a code: the `next` the person came with, if it is this site's, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path of this site only: a bare word would be read as a URL name by redirect().
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


class SetupForm(second_factor.StepUpFormMixin, forms.Form):
    """The first code of an app being set up; replacing an app asks for a code of the old one if it is too old."""

    code = second_factor.CodeField(
        label=gettext_lazy("Code shown by the app"),
        help_text=gettext_lazy("After scanning, your app shows a 6-digit code that changes every 30 seconds."),
    )


class StepUpForm(second_factor.StepUpFormMixin, forms.Form):
    """Nothing but the code, when the last one is too old: new recovery codes, turning the second factor off."""


@method_decorator(second_factor.open_view, name="dispatch")
class SecondFactorView(LoginRequiredMixin, TemplateView):
    """Two-step sign-in: set up an authenticator app, see the recovery codes left, make new ones, turn it off."""

    template_name = "members/second_factor.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not second_factor.passed(request) and second_factor.has_factor(request):
            # An app is set up and this session has not given its code: replacing it would skip the code.
            return second_factor.ask("second_factor_verify", request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        device = second_factor.authenticator(user)
        setting_up = device is None or "replace" in self.request.GET or kwargs.get("setup_form") is not None
        if setting_up:
            secret = second_factor.pending_secret(self.request, renew=kwargs.get("setup_form") is None)
            kwargs.update(second_factor.setup_details(self.request, secret))
            kwargs.setdefault("setup_form", SetupForm(request=self.request))
        else:
            kwargs.setdefault("step_up_form", StepUpForm(request=self.request))
        return super().get_context_data(
            device=device,
            setting_up=setting_up,
            required=second_factor.required_for(user),
            codes_left=second_factor.recovery_codes_left(user) if device else 0,
            next=_next_url(self.request),
            **kwargs,
        )

    def post(self, request):
        action = request.POST.get("action")
        if action == "confirm":
            form = SetupForm(request.POST, request=request)
            if form.is_valid():
                try:
                    codes = second_factor.setup_confirm(request, form.cleaned_data["code"])
                except ValidationError as error:
                    form.add_error("code", error)
                else:
                    return render(request, "members/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
            return self.render_to_response(self.get_context_data(setup_form=form), status=400)
        if second_factor.authenticator(request.user) is None:
            return redirect("second_factor")
        form = StepUpForm(request.POST, request=request)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(step_up_form=form), status=400)
        if action == "codes":
            codes = second_factor.recovery_codes_renew(request)
            return render(request, "members/recovery_codes.html", {"codes": codes, "next": resolve_url("dashboard")})
        if action == "remove" and not second_factor.required_for(request.user):
            second_factor.factor_remove(user=request.user, actor=request.user, request=request)
            messages.success(request, _("Two-step sign-in is off. Sign in again with your password."))
            return redirect("login")
        return redirect("second_factor")


@method_decorator(second_factor.open_view, name="dispatch")
class SecondFactorVerifyView(LoginRequiredMixin, FormView):
    """After the password, or when a step asks again: the code from the app, or a recovery code."""

    template_name = "members/second_factor_verify.html"
    form_class = second_factor.CodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not second_factor.has_factor(request):
            return redirect("second_factor" if second_factor.required_for(request.user) else _next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            next=_next_url(self.request), again=second_factor.passed(self.request), **kwargs
        )

    def form_valid(self, form):
        second_factor.code_given(self.request, form.method)
        if form.method == "recovery_code":
            left = second_factor.recovery_codes_left(self.request.user)
            messages.warning(
                self.request,
                ngettext(
                    "You used a recovery code: %(count)d is left. Make new codes on “Two-step sign-in”.",
                    "You used a recovery code: %(count)d are left. Make new codes on “Two-step sign-in”.",
                    left,
                )
                % {"count": left},
            )
        return redirect(_next_url(self.request))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
