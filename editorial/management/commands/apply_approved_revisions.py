from django.core.management.base import BaseCommand

from editorial.services import apply_due_revisions


class Command(BaseCommand):
    help = "Put live the approved revisions whose chosen time has come (run it every few minutes)."

    def handle(self, *args, **options):
        applied = apply_due_revisions()
        self.stdout.write(f"{len(applied)} approved change(s) put live.")
