"""Remove a person's authenticator app and recovery codes, when both their phone and their codes are lost.

    manage.py second_factor_reset USERNAME

Their sessions end; at their next sign-in the portal asks them to set up an app again if their role needs
one. Audited, and e-mailed to the person, like every change to a second factor.
"""

from django.core.management.base import BaseCommand, CommandError

from members import second_factor
from members.models import User


class Command(BaseCommand):
    help = "Remove a person's second factor (authenticator app and recovery codes) after checking who asks."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no account with the username {username!r}.")
        if second_factor.authenticator(user) is None:
            raise CommandError(f"{username} has no authenticator app: there is nothing to reset.")
        second_factor.factor_remove(user=user, actor=None, request=None)
        self.stdout.write(f"{username}'s authenticator app and recovery codes are removed; their sessions ended.")
