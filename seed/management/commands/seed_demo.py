"""Load the demo commission from the news report; safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, no_translations

from seed import loader
from seed.article import ARTICLE, ArticleError


class Command(BaseCommand):
    help = (
        "Load the commission as the 2009 sub-decree set it up, from the news report in seed/, "
        "with the demo accounts. A second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--article", default=str(ARTICLE), help="The news report to read the facts from.")

    @no_translations
    def handle(self, *args, article, **options):
        try:
            changes, accounts = loader.load(article)
        except (ArticleError, OSError) as error:
            raise CommandError(str(error)) from error
        if changes.any:
            for verb, bucket in (("Created", changes.created), ("Updated", changes.updated)):
                if bucket:
                    listed = ", ".join(f"{count} {name}" for name, count in sorted(bucket.items()))
                    self.stdout.write(f"{verb}: {listed}.")
            self.stdout.write(self.style.SUCCESS("The demo data is loaded."))
        else:
            self.stdout.write(self.style.SUCCESS("Nothing to change: the demo data is already loaded."))
        if options["verbosity"] >= 1:
            self.stdout.write(self._accounts(accounts))

    def _accounts(self, accounts):
        usable = "they can sign in" if settings.DEBUG else "they cannot sign in while DEBUG is off"
        lines = [f"\nDemo accounts (password {settings.DEMO_PASSWORD!r}; {usable}):"]
        width = max(len(account.username) for account in accounts)
        lines += [f"  {a.username:<{width}}  {a.role:<20}  {a.name}" for a in accounts]
        return "\n".join(lines)
