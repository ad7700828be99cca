"""What a content backup holds: every row editors and clinicians made, and the uploaded files.

One archive (.tar.gz) with `data.json` (Django's dumpdata format, natural keys for users,
groups, permissions and content types, so it loads into any freshly migrated database) and
`media/` (everything under MEDIA_ROOT: uploaded images and their renditions).
Staff accounts are included (with password hashes, never passwords) because the history of every
page names who made each change: keep the archive as safe as the database itself.
"""

import shutil
from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings

# Beyond the content apps: handouts made by clinicians, reviewer profiles, and the people.
EXTRA_LABELS = ["auth.user", "handouts", "editorial"]


def backup_labels():
    """App labels and model labels to dump, in an order loaddata can follow."""
    installed = {config.label: config for config in apps.get_app_configs()}
    labels = []
    for label in [*EXTRA_LABELS[:1], *settings.CONTENT_APPS, *EXTRA_LABELS[1:]]:
        config = installed.get(label.split(".")[0])
        if config is not None and ("." in label or list(config.get_models())):
            labels.append(label)
    return labels


def backup_models():
    models = []
    for label in backup_labels():
        if "." in label:
            models.append(apps.get_model(label))
        else:
            models.extend(apps.get_app_config(label).get_models())
    return models


def extract_archive(tar, root):
    """Write the archive's plain files and folders under `root`, and nothing else.

    Links, devices and any name that is absolute or climbs out with ".." are skipped. Only the
    names and the bytes are taken: files get this process's usual permissions and owner, never the
    archive's (no set-user-id bit, no files handed to another user when run as root). That is what
    tarfile's "data" filter does, which Python 3.11 has only from 3.11.4 on (Debian 12 has 3.11.2).
    Returns how many files were written."""
    files = 0
    for member in tar.getmembers():
        parts = PurePosixPath(member.name).parts
        if not parts or parts[0] == "/" or ".." in parts or not (member.isfile() or member.isdir()):
            continue
        target = root.joinpath(*parts)
        if member.isdir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with tar.extractfile(member) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
        files += 1
    return files
