"""hfs_site.warm: what gunicorn's master does once so that every worker it forks starts warm."""

import pytest
from django.db import connections
from django.template import engines

from hfs_site import warm


@pytest.fixture
def empty_template_cache():
    engine = engines["django"].engine
    for loader in engine.template_loaders:
        loader.reset()
    yield engine.template_loaders[0]
    for loader in engine.template_loaders:
        loader.reset()


def test_every_site_template_is_compiled_without_touching_the_database(empty_template_cache, monkeypatch):
    for connection in connections.all():
        connection.close()
    monkeypatch.setattr(
        "django.db.backends.base.base.BaseDatabaseWrapper.connect",
        lambda self: pytest.fail("warming opened a database connection"),
    )
    names = warm.site_template_names()
    assert "base.html" in names and "handouts/handout_summary.html" in names
    assert not empty_template_cache.get_template_cache
    assert warm.warm() == len(names)
    compiled = set(empty_template_cache.get_template_cache)
    assert set(names) <= compiled
