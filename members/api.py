"""Public API: the member ministries."""

from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from .models import Organization
from .serializers import MinistrySerializer


class MinistryViewSet(viewsets.ReadOnlyModelViewSet):
    """The ministries that are members of the commission."""

    permission_classes = [AllowAny]
    serializer_class = MinistrySerializer
    lookup_field = "code"
    queryset = Organization.objects.ministries().order_by("code")
