"""Restore a backup: `python manage.py restore DIR --database NAME` (see portal/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, restore_backup, verify_backup


class Command(BaseCommand):
    help = (
        "Check a backup's checksums, restore it into an empty database on the same server and the files into an "
        "empty MEDIA_ROOT, then check the audit chain and the published plans against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="the backup's folder")
        parser.add_argument("--database", help="the empty database to restore into (on the configured server)")
        parser.add_argument("--check", action="store_true", help="only check that the backup is whole")

    def handle(self, *args, directory, database=None, check=False, **options):
        try:
            if check:
                verify_backup(directory)
                self.stdout.write(self.style.SUCCESS(f"The backup in {directory} is whole: every checksum matches."))
                return
            if not database:
                raise CommandError("Name the empty database to restore into with --database.")
            state = restore_backup(directory, database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored into {database}: the audit chain of {state['audit_head']['count']:,} events holds "
                f"together and {len(state['published_etags'])} published plan(s) have their entity tags."
            )
        )
