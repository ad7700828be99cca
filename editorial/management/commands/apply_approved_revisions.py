from django.core.management.base import BaseCommand

from editorial.scheduling import remember_next_due
from editorial.services import apply_due_revisions


class Command(BaseCommand):
    help = "Put live the approved revisions whose chosen time has come (run it every few minutes)."

    def handle(self, *args, **options):
        applied = apply_due_revisions()
        # Also puts the next due time back in the cache after a restart, for the request-time check.
        remember_next_due()
        if applied or options["verbosity"] > 0:  # a timer runs it with --verbosity 0: quiet unless it did something
            self.stdout.write(f"{len(applied)} approved change(s) put live.")
