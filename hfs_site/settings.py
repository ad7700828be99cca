"""HFS Guide settings: one module, every deployment choice read from the environment.

Secure by default: DEBUG is off, HTTPS protections are on and a secret key is required unless
DJANGO_DEBUG=1 says this is a developer's machine. See README.md for each variable.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string in production, "
            "for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'. "
            "For local development set DJANGO_DEBUG=1 instead (make run does)."
        )
    # A throwaway key so that `make run` works out of the box; never used with DEBUG off.
    SECRET_KEY = "insecure-development-key-only-used-when-DJANGO_DEBUG-is-on"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

# HTTPS protections are on in production unless DJANGO_HTTPS=0 (a loopback test box).
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

INSTALLED_APPS = [
    # Django's admin with the editorial review dashboard on its index page.
    "editorial.apps.EditorialAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "core",
    "references",
    "articles",
    "treatments",
    "sharing",
    "handouts",
    "decisions",
    "editorial",
    "search",
    "home",
]

MIDDLEWARE = [
    # A disallowed Host is answered with a plain 400 before anything else looks at it.
    "core.http.AllowedHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Permissions-Policy, the 503 page when the database is down, and compression of public pages.
    "core.http.EdgeMiddleware",
    # Scheduled approvals that have come due go live first, even if their timer is late.
    "editorial.scheduling.ScheduledRevisionsMiddleware",
    # Rendered public pages from the shared cache, with ETag/Last-Modified and 304s.
    "core.http.PublicPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its "try again later" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hfs_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "home.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "hfs_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite keeps 2 MB of the database in each connection by default. A search at 100 times
    # today's content then read 26 pages from the file per request; with 16 MB, none once warm
    # (strace, 300 new searches, 2026-12-01). At most this much memory per worker.
    SQLITE_CACHE_KB = int(float(os.environ.get("HFS_SQLITE_CACHE_MB", "16")) * 1024)
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = f"PRAGMA cache_size = -{SQLITE_CACHE_KB}"

# The shared cache (rate limit, link-preview cards, rendered pages): Redis when DJANGO_CACHE_URL
# or REDIS_URL names one (redis://host:6379/0), a folder shared by the processes of one machine
# for file:///path, else each process's own memory (`manage.py check` warns when DEBUG is off).
CACHE_URL = (os.environ.get("DJANGO_CACHE_URL") or os.environ.get("REDIS_URL") or "").strip()
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "hfs",
            "OPTIONS": {
                # Redis down must not take the site down: reads miss and writes are dropped
                # (the handout rate limit notices and refuses instead: handouts/ratelimit.py).
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
elif CACHE_URL.startswith("file://"):
    CACHES = {
        "default": {
            # Django's FileBasedCache, counting its files on one write in 100 (core.cache).
            "BACKEND": "core.cache.FileCache",
            "LOCATION": CACHE_URL.removeprefix("file://"),
            "KEY_PREFIX": "hfs",
            # A page at 100 times today's content is four entries (the page, its article, its
            # print footer, its QR code): 5,000 made the cache drop a third of itself again and
            # again in a soak over 1,815 pages, rendering them afresh (p99 114 ms). About 8 KB an
            # entry here (2026-12-02): 20,000 is at most about 160 MB.
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("HFS_FILE_CACHE_MAX_ENTRIES", "20000"))},
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured("DJANGO_CACHE_URL must start with redis://, rediss://, unix:// or file://")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hfs"}}

# Kept pages and page parts are keyed by the release too (core.release): a fingerprint of the
# source files, or this value when set (a version or commit id), so an upgrade never serves pages
# rendered by the code it replaced.
RELEASE = os.environ.get("HFS_RELEASE", "").strip()

# Rendered public pages are kept in the cache and dropped the moment any content changes. "auto":
# only with a cache shared by every process (per-process caches cannot all hear of a change).
PAGE_CACHE = os.environ.get("HFS_PAGE_CACHE", "auto").strip().lower()
PAGE_CACHE_SECONDS = int(os.environ.get("HFS_PAGE_CACHE_SECONDS", str(60 * 60 * 24)))
# Each worker also keeps the pages it last served (at most this many MB), checked against the
# shared generation on every request, so a hit need not read and unpickle the page again.
PAGE_CACHE_LOCAL_BYTES = int(float(os.environ.get("HFS_PAGE_CACHE_LOCAL_MB", "16")) * 1024 * 1024)
# Rendered parts of public pages (core.fragments), kept per content generation: "auto" as above.
FRAGMENT_CACHE = os.environ.get("HFS_FRAGMENT_CACHE", "auto").strip().lower()
FRAGMENT_CACHE_SECONDS = int(os.environ.get("HFS_FRAGMENT_CACHE_SECONDS", str(60 * 60 * 24)))
# Each worker also keeps the parts (as text) it last used, at most this many MB, by their whole key
# (which names the content generation), so a part need not be read from the shared cache each time.
FRAGMENT_LOCAL_BYTES = int(float(os.environ.get("HFS_FRAGMENT_LOCAL_MB", "4")) * 1024 * 1024)
# What browsers and shared caches may keep a public page for (seconds), and serve stale while
# they check again in the background.
PUBLIC_MAX_AGE = int(os.environ.get("HFS_PUBLIC_MAX_AGE", "300"))
PUBLIC_STALE_WHILE_REVALIDATE = int(os.environ.get("HFS_PUBLIC_STALE_WHILE_REVALIDATE", "600"))
# Any saved or deleted row of these apps changes what readers see.
CONTENT_APPS = ["core", "references", "articles", "treatments"]  # in the order their rows depend on each other
# Rows of these apps appear on pages of their own only once made (a handout's pack), so only
# deleting one changes what readers see; making one (anyone may) must not empty the page cache.
CONTENT_DELETE_APPS = ["handouts"]

# Bodies of anonymous forms are small; nothing larger is read into memory or written to disk.
# Readers' requests (no session) larger than this are refused with 413 before being read.
ANONYMOUS_MAX_BODY_BYTES = int(os.environ.get("HFS_ANONYMOUS_MAX_BODY_BYTES", str(64 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DJANGO_MAX_BODY_BYTES", str(2_621_440)))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Browser features no page here uses, switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), "
    "sync-xhr=(), usb=(), xr-spatial-tracking=(), interest-cohort=()"
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names and gzip/brotli copies, served with far-future cache headers.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Only our own origin may supply anything; no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

LOGIN_URL = "admin:login"

# Staff sign-in. django-axes counts failed sign-ins per account and per client address; after
# AXES_FAILURE_LIMIT failures the next attempt is refused, even with the right password, until
# the cool-off ends. ModelBackend comes after the axes backend, which only checks the lockout.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("HFS_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/editorial/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "handouts.ratelimit.client_address"
AXES_VERBOSE = False
# Two-factor sign-in (django-otp, TOTP): anyone with a confirmed authenticator app must give a
# code; medical reviewers must have one when this is on (on by default in production).
REVIEWER_TWO_FACTOR_REQUIRED = env_bool("HFS_REVIEWER_2FA", not DEBUG)
OTP_TOTP_ISSUER = "HFS Guide"

# Shown in the footer as the address for reporting an error in the content.
SITE_NAME = "HFS Guide"
CONTACT_EMAIL = os.environ.get("HFS_CONTACT_EMAIL", "editors@hfsguide.example")

# The public address that QR codes, printed short links and link previews carry, for example
# https://hfsguide.org (scheme and host only). Empty: the address each request came to.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").strip().rstrip("/")
if SITE_URL and (not SITE_URL.startswith(("https://", "http://")) or "/" in SITE_URL.split("://", 1)[1]):
    raise ImproperlyConfigured("DJANGO_SITE_URL must be a scheme and host only, for example https://hfsguide.org")
if not SITE_URL and not DEBUG:
    # Never the request's own Host or port: a link printed on paper must carry a name the
    # operator chose. Without DJANGO_SITE_URL that is the first name in ALLOWED_HOSTS.
    _first_host = next((h for h in ALLOWED_HOSTS if h != "*" and not h.startswith(".")), "")
    if not _first_host:
        raise ImproperlyConfigured(
            "Set DJANGO_SITE_URL (for example https://hfsguide.org): DJANGO_ALLOWED_HOSTS names no single host."
        )
    SITE_URL = f"{'https' if HTTPS else 'http'}://{_first_host}"

# Handouts one client address may create per hour, counted in the cache (HFS_HANDOUTS_PER_HOUR).
HANDOUT_RATE_LIMIT = int(os.environ.get("HFS_HANDOUTS_PER_HOUR", "20"))
HANDOUT_RATE_WINDOW = 60 * 60
# PDF files (the glance, the decision summary) one client address may have drawn per hour
# (HFS_PDFS_PER_HOUR): each takes about a second of a worker's CPU (core/ratelimit.py).
PDF_RATE_LIMIT = int(os.environ.get("HFS_PDFS_PER_HOUR", "30"))
PDF_RATE_WINDOW = 60 * 60
# Behind a reverse proxy every request seems to come from the proxy. Name the request header
# (as in request.META, e.g. HTTP_X_REAL_IP) that the proxy itself sets to the client's address.
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # django-axes logs every sign-in at INFO; its warnings (failures, lockouts) are what matter.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # WeasyPrint reports each step of drawing a PDF at INFO.
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
