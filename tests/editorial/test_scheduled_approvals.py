"""Scheduled approvals go live at their time with no one running a command, and never twice."""

import datetime
import re
import shutil
import subprocess
import time
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from editorial import services
from editorial.models import Revision
from editorial.roles import MEDICAL_REVIEWER
from tests.factories import make_article
from tests.serve_stubs import run_serve

pytestmark = pytest.mark.django_db

DEPLOY = Path(settings.BASE_DIR) / "deploy"


@pytest.fixture
def scheduled(editor, reviewer):
    """A live article and a change to it approved to go live in an hour; yields (article, revision, when)."""
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False) as traveller:
        article = make_article(body="## Part\n\nThe old wording.")
        article.body = "## Part\n\nThe new wording."
        revision = services.save_change(user=editor, obj=article, save=article.save).revision
        when = start + datetime.timedelta(hours=1)
        services.approve_revision(user=reviewer, revision=revision, at=when)
        yield article, revision, when, traveller


def body_of(path):
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_a_scheduled_approval_goes_live_on_the_first_request_after_its_time(scheduled):
    article, revision, when, traveller = scheduled
    traveller.move_to(when - datetime.timedelta(seconds=1))
    assert "The old wording." in body_of(article.get_absolute_url())
    traveller.move_to(when + datetime.timedelta(seconds=1))
    page = body_of(article.get_absolute_url())  # no command has run
    assert "The new wording." in page and "The old wording." not in page
    revision.refresh_from_db()
    assert revision.applied_at == when + datetime.timedelta(seconds=1)


def test_the_page_cache_does_not_serve_the_old_page_past_the_scheduled_time(scheduled, settings):
    settings.PAGE_CACHE = "on"
    article, _revision, when, traveller = scheduled
    traveller.move_to(when - datetime.timedelta(minutes=5))
    before = Client().get(article.get_absolute_url())
    again = Client().get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=before["ETag"])
    assert again.status_code == 304  # cached and validated while the old version is the right one
    traveller.move_to(when + datetime.timedelta(seconds=1))
    after = Client().get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert "The new wording." in after.content.decode()


def test_requests_before_the_time_cost_no_query(scheduled, settings, django_assert_num_queries):
    settings.PAGE_CACHE = "on"
    article, _revision, when, traveller = scheduled
    traveller.move_to(when - datetime.timedelta(minutes=1))
    body_of(article.get_absolute_url())
    with django_assert_num_queries(0):  # the due time is in the cache; the page too
        body_of(article.get_absolute_url())


def test_the_next_due_time_survives_a_cache_restart_through_the_command(scheduled):
    from django.core.cache import cache

    article, _revision, when, traveller = scheduled
    cache.clear()  # the cache forgot the time: the timer's next run puts it back
    call_command("apply_approved_revisions", verbosity=0, stdout=StringIO())
    traveller.move_to(when + datetime.timedelta(seconds=1))
    assert "The new wording." in body_of(article.get_absolute_url())


def test_a_revision_is_put_live_once_even_when_two_processes_try(scheduled):
    _article, revision, when, traveller = scheduled
    traveller.move_to(when + datetime.timedelta(seconds=1))
    # Another process claimed it first (its conditional update won): this one leaves it alone.
    Revision.objects.filter(pk=revision.pk).update(applied_at=timezone.now())
    assert services.apply_due_revisions() == []
    Revision.objects.filter(pk=revision.pk).update(applied_at=None)
    assert [r.pk for r in services.apply_due_revisions()] == [revision.pk]
    assert services.apply_due_revisions() == []


def test_an_approval_by_someone_no_longer_a_reviewer_is_not_put_live(scheduled, reviewer):
    article, revision, when, traveller = scheduled
    reviewer.groups.remove(Group.objects.get(name=MEDICAL_REVIEWER))
    traveller.move_to(when + datetime.timedelta(seconds=1))
    page = body_of(article.get_absolute_url())
    assert "The old wording." in page
    revision.refresh_from_db()
    assert revision.status == Revision.Status.REJECTED and revision.applied_at is None
    assert "can no longer approve" in revision.comment


def test_the_command_is_quiet_for_a_timer_and_says_what_it_did(scheduled):
    _article, _revision, when, traveller = scheduled
    quiet = StringIO()
    call_command("apply_approved_revisions", verbosity=0, stdout=quiet)
    assert quiet.getvalue() == ""
    traveller.move_to(when + datetime.timedelta(seconds=1))
    out = StringIO()
    call_command("apply_approved_revisions", verbosity=0, stdout=out)
    assert "1 approved change(s) put live." in out.getvalue()


# --- what runs the command ------------------------------------------------------------------


def test_make_serve_runs_the_command_beside_gunicorn():
    script = (DEPLOY / "serve.sh").read_text()
    loop = script.index("apply_approved_revisions")
    assert loop < script.index('exec "$VENV/bin/gunicorn"')  # started before gunicorn replaces the shell
    assert re.search(r'while kill -0 "\$\$".*?apply_approved_revisions.*?sleep', script, re.DOTALL)
    assert re.search(r"\) &\n", script[loop:])  # in the background


def test_the_systemd_timer_runs_the_command_every_minute():
    timer = (DEPLOY / "systemd" / "hfs-apply-revisions.timer").read_text()
    service = (DEPLOY / "systemd" / "hfs-apply-revisions.service").read_text()
    assert "OnCalendar=minutely" in timer and "Unit=hfs-apply-revisions.service" in timer
    assert "WantedBy=timers.target" in timer
    assert re.search(r"^ExecStart=.*manage\.py apply_approved_revisions", service, re.MULTILINE)
    assert "Type=oneshot" in service


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units():
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", "hfs-apply-revisions.timer", "hfs-apply-revisions.service"],
        cwd=DEPLOY / "systemd",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # The example paths (/srv/hfs/.venv) do not exist here; anything else is a real mistake.
    problems = [line for line in result.stderr.splitlines() if line.strip() and "is not executable" not in line]
    assert problems == []


def test_make_serve_runs_the_command_every_interval_and_stops_with_gunicorn(tmp_path):
    """deploy/serve.sh with stand-ins for python and gunicorn: the loop runs, then ends with gunicorn."""
    calls = tmp_path / "calls.log"
    run_serve(
        tmp_path,
        python=f'echo "$*" >> {calls}',
        gunicorn="sleep 2.5",
        DJANGO_CACHE_URL=f"file://{tmp_path}/cache",
        HFS_APPLY_EVERY="1",
    )

    def applied():
        lines = calls.read_text().splitlines()
        return sum(1 for line in lines if line.startswith("manage.py apply_approved_revisions"))

    assert applied() >= 2  # at start, then every second while gunicorn ran
    time.sleep(2.5)  # the loop notices gunicorn is gone at its next turn
    after_stop = applied()
    time.sleep(2)
    assert applied() == after_stop
