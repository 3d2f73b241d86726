"""The signed-in user's notifications."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import TemplateView

from . import selectors


class NotificationListView(LoginRequiredMixin, TemplateView):
    """Unread notifications first; links only to what the user may still see."""

    template_name = "notifications/notification_list.html"

    def get_context_data(self, **kwargs):
        notifications = selectors.notification_list(self.request.user)
        context = super().get_context_data(notifications=notifications, **kwargs)
        if self.request.GET.get("read") != "keep":
            selectors.mark_read(self.request.user, timezone.now())
        return context
