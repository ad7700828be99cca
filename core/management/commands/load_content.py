from contextlib import ExitStack
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.content import ContentError, Report, load_contexts, registered_steps


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
        if not Path(path).is_dir():
            raise CommandError(f"{path}: no such content folder. Nothing was loaded.")
        steps = registered_steps()
        report = Report()
        try:
            parsed = [(step, step.parse(path)) for step in steps]
            with transaction.atomic(), ExitStack() as stack:
                for context in load_contexts():
                    stack.enter_context(context)
                for step, records in parsed:
                    step.write(records, force=force, report=report)
        except ContentError as exc:
            raise CommandError(f"{exc}\nNothing was loaded.") from exc
        for label in report.skipped:
            self.stdout.write(
                self.style.WARNING(f"Skipped {label}: changed in admin since it was loaded (use --force).")
            )
        for reason in report.held:
            self.stdout.write(self.style.WARNING(f"Left alone {reason}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Content loaded: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped, "
                f"{len(report.held)} waiting for review."
            )
        )
