import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError

from core.backup import backup_models, extract_archive


class Command(BaseCommand):
    help = (
        "Restore an archive written by export_content into a migrated database. Refuses when the "
        "database already holds content, unless --replace is given (then that content is deleted first)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--replace", action="store_true", help="Delete the content already here first.")

    def handle(self, *args, archive, replace, **options):
        models = backup_models()
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            try:
                with tarfile.open(archive, "r:gz") as tar:
                    extract_archive(tar, tmp)
            except (tarfile.TarError, EOFError, OSError) as error:
                # Not a gzipped tar, cut short, or a name used both as a file and as a folder.
                raise CommandError(f"{archive} could not be read as a content backup: {error}") from error
            data = tmp / "data.json"
            if not data.is_file():
                raise CommandError(f"{archive} is not a content backup: it has no data.json")
            with transaction.atomic():
                present = [m._meta.label for m in models if m._default_manager.exists()]
                if present and not replace:
                    raise CommandError(
                        "This database already holds content (" + ", ".join(present) + "). "
                        "Import into a freshly migrated database, or give --replace to delete it first."
                    )
                delete_all(models)
                call_command("loaddata", str(data), verbosity=0)
            media = tmp / "media"
            files = 0
            if media.is_dir():
                root = Path(settings.MEDIA_ROOT)
                for path in media.rglob("*"):
                    if path.is_file():
                        target = root / path.relative_to(media)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(path, target)
                        files += 1
        self.stdout.write(f"Restored {archive}: {files} media files.")


def delete_all(models):
    """Empty every table, deferring any a protected foreign key still points at until its referrers are gone."""
    remaining = list(reversed(models))
    while remaining:
        deferred = []
        for model in remaining:
            try:
                with transaction.atomic():
                    model._default_manager.all().delete()
            except ProtectedError:
                deferred.append(model)
        if len(deferred) == len(remaining):
            raise CommandError("Some rows cannot be deleted: " + ", ".join(m._meta.label for m in deferred))
        remaining = deferred
