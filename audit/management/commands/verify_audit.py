"""Check the audit log's hash chain from the first event to the head."""

import time

from django.core.management.base import BaseCommand, CommandError, no_translations

from audit import services


class Command(BaseCommand):
    help = (
        "Recompute the audit log's hash chain and compare it with the chain head. Exits 0 when the chain is "
        "intact, 1 with the first broken event and why (altered, deleted before it, inserted, head mismatch)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=10_000,
            help="Events read from the database at a time (default 10000).",
        )

    @no_translations
    def handle(self, *args, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        started = time.monotonic()
        result = services.verify(batch_size=batch_size)
        if not result.ok:
            raise CommandError(str(result))
        self.stdout.write(self.style.SUCCESS(str(result)))
        if result.last_id is not None:
            self.stdout.write(f"Head: event {result.last_id}, hash {result.last_hash}.")
        if options["verbosity"] >= 2:
            self.stdout.write(f"Checked in {time.monotonic() - started:.1f} s.")
