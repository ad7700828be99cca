"""WSGI entry point: `gunicorn hfs_site.wsgi` or any WSGI server.

Django's handler sits behind core.wsgi.KeptPagesApp, which answers a reader's request for a page
Django has just served from the page cache again without going through Django.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hfs_site.settings")

application = get_wsgi_application()

from core.wsgi import KeptPagesApp  # noqa: E402 - needs the settings get_wsgi_application set up

application = KeptPagesApp(application)
