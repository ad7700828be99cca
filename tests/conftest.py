import os
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

# Playwright's sync API keeps an event loop running in the test thread; Django would otherwise
# refuse ORM calls made from that thread by the tests themselves.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    # No collectstatic in tests: serve files from static/ by their plain names.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (it may be a shared Redis, holding rendered pages)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def shipped_content(db):
    """The real shipped content folder, loaded as `make run` loads it."""
    call_command("load_content", verbosity=0)


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
