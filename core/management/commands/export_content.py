import io
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.backup import backup_labels


class Command(BaseCommand):
    help = "Write every editor-made row and the uploaded files to one .tar.gz archive (see import_content)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Where to write the archive, for example backup-2026-11-30.tar.gz")

    def handle(self, *args, archive, **options):
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data.json"
            call_command(
                "dumpdata",
                *backup_labels(),
                natural_foreign=True,
                natural_primary=False,
                indent=1,
                output=str(data),
                verbosity=0,
            )
            media_root = Path(settings.MEDIA_ROOT)
            files = 0
            with tarfile.open(archive, "w:gz") as tar:
                tar.add(data, arcname="data.json")
                if media_root.is_dir():
                    for path in sorted(media_root.rglob("*")):
                        if path.is_file() and not path.is_symlink():
                            tar.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
                            files += 1
                readme = b"HFS Guide content backup: restore with `manage.py import_content ARCHIVE`.\n"
                info = tarfile.TarInfo("README.txt")
                info.size = len(readme)
                tar.addfile(info, io.BytesIO(readme))
        self.stdout.write(f"Wrote {archive}: the rows of {', '.join(backup_labels())} and {files} media files.")
