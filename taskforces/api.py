"""Public API: the secretariat's task forces."""

from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from . import selectors
from .serializers import TaskForceSerializer


class TaskForceViewSet(viewsets.ReadOnlyModelViewSet):
    """The six task forces, with their leads and members."""

    permission_classes = [AllowAny]
    serializer_class = TaskForceSerializer
    lookup_field = "code"

    def get_queryset(self):
        return selectors.task_force_list()
