"""A fingerprint of the code that renders the pages, so that pages and parts kept in the shared
cache never outlive the release that rendered them.

Kept pages (core.http), page parts (core.fragments) and search results live in the shared cache
under keys that include the content generation, which changes when content does. A new release
changes templates, code, styles and translations without touching content; it may also remove
the old release's static files. Every key therefore also includes this fingerprint: a hash of
the site's own source files and its pinned requirements. After an upgrade the new processes look
for new keys, and the old entries simply expire.
"""

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from django.conf import settings

SOURCE_SUFFIXES = frozenset({".py", ".html", ".txt", ".css", ".js", ".svg", ".mo", ".json"})
# Folders that hold no code that renders a page: tests, tooling, data and generated files.
NOT_SOURCE = frozenset(
    {"tests", "deploy", "docs", "content", "staticfiles", "media", "var", "__pycache__", "node_modules"}
)


def fingerprint(root):
    """A short hash of the source files under `root` (names and contents), in a stable order."""
    root = Path(root)
    digest = hashlib.sha256()
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith(".") and name not in NOT_SOURCE)
        for name in sorted(files):
            path = Path(folder) / name
            if path.suffix in SOURCE_SUFFIXES:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def release():
    """This release's fingerprint: HFS_RELEASE when the operator sets it, else the source files' hash."""
    return settings.RELEASE or fingerprint(settings.BASE_DIR)
