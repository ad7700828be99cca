"""A bare Django app for `make bench`: one view returning a saved page, under the same gunicorn.

The ratio of the site to this shows what the site's own code costs beyond Django and gunicorn.
BENCH_BODY names the saved file to return. It is compressed for clients that ask, as the site
and nginx compress theirs (wrk sends Accept-Encoding: gzip as browsers do).
"""

import os
from pathlib import Path

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-only-not-secret",  # noqa: S106
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.middleware.gzip.GZipMiddleware"],
    INSTALLED_APPS=[],
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

BODY = Path(os.environ["BENCH_BODY"]).read_bytes()


def page(request, rest=""):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", page), path("<path:rest>", page)]
application = get_wsgi_application()
