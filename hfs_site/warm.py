"""Work done once, before serving, so that a server process answers its first request as fast as
its thousandth.

gunicorn loads the site in its master process (preload_app) and forks every worker from it, the
ones that replace recycled workers included. Whatever the master has done, each worker has
without doing it again: here, importing every view (the URL patterns), building the URL
look-ups and compiling the site's own templates into the cached template loader. Without it a
new worker's first page compiled its templates while the requests queued behind it waited
(`make bench` saw p99s of 0.4-1.4 s with no page cache). Nothing here opens a database or cache
connection.
"""

from importlib import import_module

from django.conf import settings
from django.template import engines
from django.urls import get_resolver
from django.utils import formats, translation
from django.utils.module_loading import import_string

from core.release import release


def site_template_names():
    """The names of the templates in the site's own folder (the admin's compile on first use)."""
    root = settings.BASE_DIR / "templates"
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*.html"))


def populate_reverse(resolver):
    """Build the look-up tables `reverse()` uses, for this resolver and every namespace under it,
    in the active language: Django builds them on the first reverse(), and in a new worker that
    took about 44 ms of its first page (every URL pattern's regex compiled and normalized)."""
    resolver.reverse_dict  # noqa: B018 (reading it builds it)
    for _prefix, namespace in resolver.namespace_dict.values():
        populate_reverse(namespace)


def warm():
    """Import every view, build the URL look-ups and compile the site's templates; returns how
    many templates."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 (reading it imports every URLconf and view module)
    release()  # the fingerprint of the source files, read once here rather than in every worker
    names = site_template_names()
    engine = engines["django"]
    with translation.override(settings.LANGUAGE_CODE):  # loads the message catalogue once
        populate_reverse(resolver)
        for name in names:
            engine.get_template(name)
        formats.get_format("DATE_FORMAT")  # imports the language's formats module
    # What every first request imported otherwise (about 5 ms): the context processors, the
    # messages' and sessions' classes, the SQL compiler.
    engine.engine.template_context_processors  # noqa: B018 (reading it imports them)
    import_string(settings.MESSAGE_STORAGE)
    import_string(settings.SESSION_SERIALIZER)
    import_module("django.db.models.sql.compiler")
    return len(names)
