"""deploy/gunicorn.conf.py: settings from the environment, and workers that come and go quickly."""

import gc
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def load(monkeypatch, **env):
    for name in (
        "GUNICORN_MAX_REQUESTS",
        "GUNICORN_PRELOAD",
        "GUNICORN_ACCESS_LOG",
        "GUNICORN_WORKERS",
        "GUNICORN_WORKER_TMP_DIR",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_defaults_preload_the_site_and_recycle_workers_with_jitter(monkeypatch):
    conf = load(monkeypatch)
    assert conf["preload_app"] is True
    assert conf["max_requests"] == 10000  # rarely: each recycle shows in the p99
    assert conf["max_requests_jitter"] == 1000
    assert conf["accesslog"] == "-"
    # The heartbeat file in memory where there is a memory folder, not on the disk.
    memory = conf["MEMORY_DIR"]
    assert conf["worker_tmp_dir"] == (memory if os.access(memory, os.W_OK) else None)


def test_the_environment_can_turn_each_off(monkeypatch):
    conf = load(
        monkeypatch, GUNICORN_PRELOAD="0", GUNICORN_MAX_REQUESTS="0", GUNICORN_ACCESS_LOG="", GUNICORN_WORKERS="3"
    )
    assert conf["preload_app"] is False
    assert conf["max_requests"] == 0
    assert conf["max_requests_jitter"] == 0
    assert conf["accesslog"] is None
    assert conf["workers"] == 3


def test_the_heartbeat_folder_can_be_named_or_left_to_gunicorn(monkeypatch):
    assert load(monkeypatch, GUNICORN_WORKER_TMP_DIR="/run/hfs")["worker_tmp_dir"] == "/run/hfs"
    assert load(monkeypatch, GUNICORN_WORKER_TMP_DIR="")["worker_tmp_dir"] is None


def _exit_through_hook(conf, monkeypatch, code):
    """Run worker_exit as gunicorn does: in the `finally` of the worker's sys.exit(code)."""
    left = []
    monkeypatch.setattr(conf["os"], "_exit", left.append)
    with pytest.raises(SystemExit):
        try:
            sys.exit(code)
        finally:
            conf["worker_exit"](None, None)
    return left


def test_a_recycled_worker_closes_its_connections_and_leaves_without_tearing_python_down(monkeypatch):
    from django.db import connections

    closed = []
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True))
    monkeypatch.setattr("logging.shutdown", lambda: None)  # the test run's own logging stays open
    conf = load(monkeypatch)
    assert _exit_through_hook(conf, monkeypatch, 0) == [0]
    assert closed == [True]


@pytest.mark.parametrize("code", [1, 3, -1])
def test_a_worker_that_failed_keeps_its_exit_status(monkeypatch, code):
    # gunicorn stops the whole server on a worker's boot or app-load error status: it must get through.
    conf = load(monkeypatch)
    assert _exit_through_hook(conf, monkeypatch, code) == []


def test_a_new_worker_holds_no_connection_of_the_master(monkeypatch, db):
    from django.db import DEFAULT_DB_ALIAS, connections

    conf = load(monkeypatch)
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    closed = []
    # On the backend's class: a patch on the connection itself would leave a method behind on it.
    monkeypatch.setattr(type(connection), "close", lambda self: closed.append(self.alias))
    conf["post_fork"](None, None)
    assert "default" in closed


class _Server:
    """What when_ready reads of gunicorn's arbiter."""

    def __init__(self, preload_app):
        self.cfg = type("Cfg", (), {"preload_app": preload_app})()
        self.lines = []
        self.log = type("Log", (), {"info": lambda _self, *args: self.lines.append(args[0] % args[1:])})()


@pytest.mark.parametrize("preload", [True, False])
def test_the_master_warms_the_site_then_freezes_it_before_forking_only_when_it_loaded_it(monkeypatch, preload):
    calls = []
    monkeypatch.setattr("hfs_site.warm.warm", lambda: calls.append("warm") or 42)
    # Recorded, not done: a frozen pytest process would keep every object of the tests run so far.
    monkeypatch.setattr(gc, "collect", lambda *args: calls.append("collect") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    server = _Server(preload)
    load(monkeypatch)["when_ready"](server)
    assert calls == (["warm", "collect", "freeze"] if preload else [])
    assert server.lines == (["Compiled 42 templates before starting the workers"] if preload else [])


def test_a_frozen_master_leaves_a_workers_full_collection_little_to_look_at():
    """In a fresh process that loads the site as gunicorn's master does: after when_ready, the
    objects the collector still tracks are a small part of what it tracked before."""
    script = f"""
import gc, runpy
import django
django.setup()
conf = runpy.run_path({str(CONF)!r})
server = type("S", (), {{"cfg": type("C", (), {{"preload_app": True}})(),
                        "log": type("L", (), {{"info": lambda *a: None}})()}})()
before = len(gc.get_objects())
conf["when_ready"](server)
print(before, len(gc.get_objects()), gc.get_freeze_count())
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hfs_site.settings", "DJANGO_DEBUG": "1"}
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=CONF.parents[1], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    before, tracked, frozen = map(int, out.stdout.split())
    assert frozen > before / 2
    assert tracked < before / 5
