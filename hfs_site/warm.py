"""Work done once, before serving, so that a server process answers its first request as fast as
its thousandth.

gunicorn loads the site in its master process (preload_app) and forks every worker from it, the
ones that replace recycled workers included. Whatever the master has done, each worker has
without doing it again: here, importing every view (the URL patterns) and compiling the site's
own templates into the cached template loader. Without it a new worker's first page compiled
its templates while the requests queued behind it waited (`make bench` saw p99s of 0.4-1.4 s
with no page cache). Nothing here opens a database or cache connection.
"""

from django.conf import settings
from django.template import engines
from django.urls import get_resolver
from django.utils import translation

from core.release import release


def site_template_names():
    """The names of the templates in the site's own folder (the admin's compile on first use)."""
    root = settings.BASE_DIR / "templates"
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*.html"))


def warm():
    """Import every view and compile the site's templates; returns how many templates."""
    get_resolver().url_patterns  # noqa: B018 (reading it imports every URLconf and view module)
    release()  # the fingerprint of the source files, read once here rather than in every worker
    names = site_template_names()
    engine = engines["django"]
    with translation.override(settings.LANGUAGE_CODE):  # loads the message catalogue once
        for name in names:
            engine.get_template(name)
    return len(names)
