"""Django's migrate, connected as the tables' owner when DATABASE_OWNER_URL names one (core/dbroles.py).

The whole command runs on the "default" alias with the owner's credentials,
so data migrations that query through the models (the default alias) run in
the migration's own transaction, as the owner; post_migrate then grants the
portal's role its privileges again.
"""

from django.core.management.base import CommandError
from django.core.management.commands import migrate

from core import dbroles


class Command(migrate.Command):
    def handle(self, *args, **options):
        if options["database"] == dbroles.OWNER:
            raise CommandError(
                "Run migrate without --database: it connects as the owner (DATABASE_OWNER_URL) by itself."
            )
        with dbroles.connected_as_owner(options["database"]):
            super().handle(*args, **options)
