from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from core.content import ContentError, Report

# In dependency order: pages cite references, so references load first.
CONTENT_STEPS = [
    "articles.content.ReferencesStep",
    "articles.content.ArticlesStep",
    "treatments.content.TreatmentsStep",
    "search.content.SynonymsStep",
]


class Command(BaseCommand):
    help = "Create or update references, articles and treatments from the shipped content folder."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(settings.BASE_DIR / "content"), help="The content folder.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also overwrite rows that an editor changed in admin since the last load.",
        )

    def handle(self, *args, path, force, **options):
        steps = [import_string(name)() for name in CONTENT_STEPS]
        report = Report()
        try:
            parsed = [(step, step.parse(path)) for step in steps]
            with transaction.atomic():
                for step, records in parsed:
                    step.write(records, force=force, report=report)
        except ContentError as exc:
            raise CommandError(f"{exc}\nNothing was loaded.") from exc
        for label in report.skipped:
            self.stdout.write(
                self.style.WARNING(f"Skipped {label}: changed in admin since it was loaded (use --force).")
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Content loaded: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped."
            )
        )
