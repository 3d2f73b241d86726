"""Public API: the member ministries; and API tokens for scripts."""

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.api import problem

from . import second_factor, signin_delay, tokens
from .forms import signin_delay_message
from .models import Organization, User
from .serializers import MinistrySerializer


class MinistryViewSet(viewsets.ReadOnlyModelViewSet):
    """The ministries that are members of the commission."""

    permission_classes = [AllowAny]
    serializer_class = MinistrySerializer
    lookup_field = "code"
    queryset = Organization.objects.ministries().order_by("code")


class TokenRequestSerializer(serializers.Serializer):
    # As long as the model allows, so that no longer name reaches authentication and django-axes' record of
    # the failure (its column holds 255 characters; see members.forms).
    username = serializers.CharField(max_length=User._meta.get_field("username").max_length)
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    name = serializers.CharField(max_length=100, required=False, default="script")
    code = serializers.CharField(
        max_length=40,
        required=False,
        default="",
        help_text="For an account with two-step sign-in: the code its authenticator app shows now, or a recovery code.",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    name = serializers.CharField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(help_text="When the token stops working (API_TOKEN_DAYS after creation).")


class TokenThrottle(ScopedRateThrottle):
    scope_attr = "throttle_scope"


@extend_schema(
    request=TokenRequestSerializer,
    responses={
        201: TokenSerializer,
        400: OpenApiResponse(
            description="Problem details: wrong username or password, or a missing or wrong code for an account "
            "with two-step sign-in."
        ),
        403: OpenApiResponse(description="Problem details: the account must set up two-step sign-in first."),
        429: OpenApiResponse(
            description="Problem details: too many attempts; the account is locked for 15 minutes, or the address "
            "must wait (Retry-After) before its next attempt."
        ),
    },
)
class TokenCreateView(APIView):
    """Exchange a username and password for an API token (locked out like the sign-in page)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [TokenThrottle]
    throttle_scope = "token"

    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        wait = signin_delay.claim(request._request)
        if wait:
            return problem(429, signin_delay_message(wait), headers={"Retry-After": str(wait)})
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if getattr(request._request, "axes_locked_out", False):
            return problem(429, _("Too many wrong passwords for this account: it is locked for fifteen minutes."))
        if user is None:
            return problem(400, _("The username or password is wrong."))
        try:
            second_factor.check_for_token(user, data["code"])
        except ValidationError as error:
            return problem(400, " ".join(error.messages))
        except PermissionDenied as error:
            return problem(403, str(error))
        token, key = tokens.token_create(user=user, name=data["name"])
        return Response(
            {"token": key, "name": token.name, "created_at": token.created_at, "expires_at": token.expires_at},
            status=201,
        )
