from django.contrib.auth import views as auth_views
from django.urls import path

from . import accounts, second_factor, views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", second_factor.open_view(auth_views.LogoutView.as_view()), name="logout"),
    path("two-step/", views.SecondFactorView.as_view(), name="second_factor"),
    path("two-step/code/", views.SecondFactorVerifyView.as_view(), name="second_factor_verify"),
    path("tokens/", views.TokenListView.as_view(), name="tokens"),
    path("password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", accounts.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", accounts.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
