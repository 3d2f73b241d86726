"""Public API: the commission's composition."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from . import selectors
from .serializers import CommissionSerializer


class CommissionView(GenericAPIView):
    """The commission: its sub-decree, members, secretariat, task forces and ministries."""

    permission_classes = [AllowAny]
    serializer_class = CommissionSerializer

    @extend_schema(operation_id="commission_retrieve")
    def get(self, request):
        commission = selectors.commission_get()
        if commission is None:
            raise Http404
        return Response(self.get_serializer(commission).data)
