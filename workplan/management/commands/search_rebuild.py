"""Build the search index again from the plans, sections, rows and comments."""

import time

from django.core.management.base import BaseCommand

from workplan.search.services import index_rebuild


class Command(BaseCommand):
    help = (
        "Build the search index again from the plans, sections, objectives, activities and comments. The save "
        "services keep it current; run this after loading rows by other means (a restore, a bulk import)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        written = index_rebuild()
        self.stdout.write(f"{written} documents indexed in {time.monotonic() - started:.1f} s.")
