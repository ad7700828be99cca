import re
import runpy

import pytest
from django.conf import settings as django_settings

SETTINGS_FILE = django_settings.BASE_DIR / "hfs_site" / "settings.py"


class Clock:
    def __init__(self, now):
        self.now = now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    """The page cache's clock, moved by hand: `clock.advance(2)`."""
    from core import http

    fake = Clock(1_800_000_000.4)
    monkeypatch.setattr(http, "_now", lambda: fake.now)
    return fake


@pytest.fixture
def load_settings(monkeypatch):
    """Run the settings module with only the given environment variables set; returns its names."""
    read_by_settings = set(re.findall(r"\"([A-Z][A-Z0-9_]+)\"", SETTINGS_FILE.read_text()))

    def load(**env):
        for name in read_by_settings:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS_FILE))

    return load
