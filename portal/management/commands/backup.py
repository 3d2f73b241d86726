"""Back the portal up: `python manage.py backup DIR` (see portal/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database and the stored files into an empty folder, with a manifest of "
        "checksums (portal/backup.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a new or empty folder")

    def handle(self, *args, directory, **options):
        try:
            manifest = make_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        head = manifest["audit_head"]
        sizes = ", ".join(f"{name} {entry['size']:,} bytes" for name, entry in manifest["files"].items())
        self.stdout.write(
            self.style.SUCCESS(f"Backed up into {directory}: {sizes}; audit chain of {head['count']:,} events.")
        )
