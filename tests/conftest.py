"""Fixtures every test folder shares. Each fixture has one home: here, unless only one folder uses it.

- Data: `shipped_content` (the real content/ folder; loaded once per session, copied in per test),
  `_loaded_snapshot` (the five fixture treatments; `loaded` in tests/treatments and tests/decisions),
  `articles`, `treatments` (three of each, made by tests/factories.py), `roles`, `editor`,
  `reviewer`, `editor_client`, `reviewer_client`. Without them a test starts from the empty,
  migrated database.
- Speed (no fixture to ask for): under pytest-xdist on SQLite the workers share one migrate and one
  load of each snapshot through files of the session (tests/snapshots.py); after a transactional
  test the flush copies back the migrated rows instead of running the post_migrate handlers again.
- Browser (tests/browser/ only): `browser` (one headless Chromium per session), `page` (a fresh
  context and tab on the live server per test), `axe_violations`.
"""

import os
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from editorial.models import ReviewerProfile
from editorial.roles import EDITOR, MEDICAL_REVIEWER, sync_role_groups
from editorial.services import CONTENT_LOADER_USERNAME
from tests.factories import make_article, make_treatment, make_user
from tests.snapshots import MigratedRows, Snapshot, migrate_once
from tests.treatments.content_fixture import load, write_content

# Playwright's sync API keeps an event loop running in the test thread; Django would otherwise
# refuse ORM calls made from that thread by the tests themselves.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
LOADER_USER_ID = 1_000_000


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    # Nothing collected, as in a fresh clone: WhiteNoise has no folder to walk each time a test
    # client starts (70 ms with a collected tree here), and no stale collected file is read.
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    # No collectstatic in tests: serve files from static/ by their plain names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """pytest-django's hook before the test databases are made: under xdist on SQLite, migrate once per run."""
    from django.conf import settings

    if os.environ.get("PYTEST_XDIST_WORKER") and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        migrate_once(tmp_path_factory.getbasetemp().parent)


def _take_snapshot(name, write, tmp_path_factory):
    """A Snapshot; under pytest-xdist the workers share one load through a folder of the session's."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return Snapshot.shared(name, write, tmp_path_factory.getbasetemp().parent)
    return Snapshot(name, write)


@pytest.fixture(scope="session")
def _shipped_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The shipped content/ folder, loaded by the real `load_content` once per session (shared by xdist workers)."""

    def load():
        # The loader's own account gets an id far above any a test's users reach: a test that makes
        # its users before asking for the content then never collides with it, whatever the
        # database's id counter held when the snapshot was taken (it differs between xdist workers).
        loader = get_user_model()(
            pk=LOADER_USER_ID,
            username=CONTENT_LOADER_USERNAME,
            is_active=False,
            first_name="Content",
            last_name="loader",
        )
        loader.set_unusable_password()
        loader.save()
        out = StringIO()
        call_command("load_content", stdout=out)
        return out.getvalue()

    with django_db_blocker.unblock():
        return _take_snapshot("shipped", load, tmp_path_factory)


@pytest.fixture(scope="session")
def _loaded_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The five fixture treatments of tests/treatments/content_fixture.py, loaded once per session (shared)."""
    folder = write_content(tmp_path_factory.mktemp("treatments-content"))
    with django_db_blocker.unblock():
        return _take_snapshot("five_treatments", lambda: load(folder), tmp_path_factory)


@pytest.fixture(scope="session", autouse=True)
def _flush_puts_back_the_migrated_rows():
    """After a transactional test, the rows the migrations made are copied back instead of remade.

    Django's flush would run every post_migrate handler again (content types, permissions, role
    groups); here the flush skips them and MigratedRows puts back the rows as migrate left them,
    taken just before the first transactional test of the session. Tests that name
    `available_apps` or use serialized rollback keep Django's own way.
    """
    from django.test import TransactionTestCase

    taken = []
    setup, teardown = TransactionTestCase.__dict__["_fixture_setup"], TransactionTestCase._fixture_teardown

    @classmethod
    def fixture_setup(cls):
        if not taken:  # nothing has been committed yet: the database is as migrate left it
            taken.append(MigratedRows())
        setup.__func__(cls)

    def fixture_teardown(self):
        if self.available_apps is not None or self.serialized_rollback:
            return teardown(self)
        for db_name in self._databases_names(include_mirrors=False):
            call_command(
                "flush", verbosity=0, interactive=False, database=db_name, reset_sequences=False,
                inhibit_post_migrate=True,
            )  # fmt: skip
        taken[0].restore()

    TransactionTestCase._fixture_setup, TransactionTestCase._fixture_teardown = fixture_setup, fixture_teardown
    yield
    TransactionTestCase._fixture_setup, TransactionTestCase._fixture_teardown = setup, teardown


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (it may be a shared Redis, holding rendered pages)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def page_cache(settings):
    """The server-side page cache switched on (it is off with a per-process cache), starting empty."""
    from django.core.cache import cache

    from core import fragments, http

    settings.PAGE_CACHE = "on"
    settings.FRAGMENT_CACHE = "on"  # as deployed: both on with a shared cache (search pages need both)
    cache.clear()
    http.local_pages.clear()
    fragments.local_parts.clear()
    yield
    cache.clear()
    http.local_pages.clear()
    fragments.local_parts.clear()


@pytest.fixture
def parts_kept(settings):
    """Page parts kept (core.fragments) as with a cache shared by every process, whole pages not:
    every request renders its page, from the parts kept so far."""
    settings.PAGE_CACHE = "off"
    settings.FRAGMENT_CACHE = "on"


@pytest.fixture
def shipped_content(_shipped_snapshot, db):
    """The real shipped content, as `make run` loads it, in this test's database; returns the load's report.

    Works for `db`, `transactional_db` and `live_server` tests alike. Request it before any fixture
    that creates content rows of its own.
    """
    _shipped_snapshot.restore()
    return _shipped_snapshot.output


@pytest.fixture
def five_treatments(_loaded_snapshot, db):
    """The five fixture treatments of tests/treatments/content_fixture.py in this test's database,
    loaded by the real `load_content` once per session and copied in."""
    _loaded_snapshot.restore()


@pytest.fixture
def roles(db):
    # The data migration made them; transactional tests flush them, so make sure they exist.
    sync_role_groups()


def _member(username, group_name, *, full_name="", credentials=""):
    user = make_user(username, staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    if full_name:
        ReviewerProfile.objects.create(user=user, full_name=full_name, credentials=credentials)
    return user


@pytest.fixture
def editor(roles):
    return _member("edna", EDITOR)


@pytest.fixture
def reviewer(roles):
    return _member("rev", MEDICAL_REVIEWER, full_name="Dr Amina Patel", credentials="Consultant neurologist")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def treatments(db):
    """Three treatments in display order."""
    return [
        make_treatment(slug="botox", name="Botox injections", order=10),
        make_treatment(slug="surgery", name="Microvascular decompression", order=20),
        make_treatment(slug="tablets", name="Tablets", order=30),
    ]


@pytest.fixture
def articles(db):
    return [make_article(title=f"Article about part {n}", slug=f"part-{n}") for n in range(1, 4)]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's 'chromium' package (make test does).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    """A fresh browser tab on the live server. Any request to another host fails the test."""
    # With DEBUG off, links, QR codes and cards name the configured public address: here, this server.
    settings.SITE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.foreign_requests = []

    def watch(request):
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOCAL_HOSTS:
            tab.foreign_requests.append(request.url)

    tab.on("request", watch)
    yield tab
    context.close()
    assert tab.foreign_requests == [], f"requests to other hosts: {tab.foreign_requests}"


@pytest.fixture
def axe_violations():
    """Run axe-core on a page; returns the list of violations (empty when the page passes)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(tab):
        results = axe.run(tab)
        return [
            f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {[n['target'] for n in v['nodes']][:3]})"
            for v in results.response["violations"]
        ]

    return run
