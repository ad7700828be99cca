"""Staff accounts that hold: permissions on history and drafts, lockout, long passwords, two-step sign-in."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article
from tests.factories import make_article, make_user

from .conftest import form_data

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-123"


def view_only_staff():
    user = make_user("viewer", staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_article"]))
    return user


def code_for(device):
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()).zfill(device.digits)


# --- history and restore ---------------------------------------------------------------------


def test_a_view_only_user_may_look_at_an_old_version_but_not_restore_it(client, editor_client):
    article = make_article(body="## Part\n\nThe first words.", status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url), "article_form")
    data["body"] = "## Part\n\nThe second words."
    editor_client.post(url, data)
    oldest = article.history.order_by("history_date").first()
    editor_client.logout()

    client.force_login(view_only_staff())
    restore_url = reverse("admin:articles_article_simple_history", args=[article.pk, oldest.history_id])
    assert client.get(restore_url).status_code == 200
    response = client.post(restore_url, {**data, "body": "## Part\n\nThe first words."})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.body == "## Part\n\nThe second words."


def test_only_those_who_may_save_a_page_get_its_enter_key_save_button(client, editor_client):
    # The hidden first button that makes Enter save (templates/admin/editorial/change_form_base.html).
    article = make_article(status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_change", args=[article.pk])
    hidden_save = '<button type="submit" name="_save" hidden'
    assert hidden_save in editor_client.get(url).content.decode()
    assert hidden_save in editor_client.get(reverse("admin:articles_article_add")).content.decode()
    client.force_login(view_only_staff())
    page = client.get(url)
    assert page.status_code == 200 and hidden_save not in page.content.decode()


# --- drafts on the public site ---------------------------------------------------------------


def test_drafts_are_visible_by_permission_not_by_staff_status(client):
    draft = make_article(status=Article.Status.DRAFT)
    client.force_login(make_user("plain-staff", staff=True))
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(view_only_staff())
    assert client.get(draft.get_absolute_url()).status_code == 200


# --- lockout ---------------------------------------------------------------------------------


def sign_in(client, username, password, **extra):
    return client.post(reverse("admin:login"), {"username": username, "password": password, **extra})


def test_the_sixth_try_is_refused_even_with_the_right_password_until_the_lockout_ends(client):
    make_user("staffer", staff=True, password=PASSWORD)
    for _attempt in range(4):
        response = sign_in(client, "staffer", "wrong-password-guess")
        assert response.status_code == 200  # the form again, with its error
    # The fifth wrong password starts the lockout.
    assert sign_in(client, "staffer", "wrong-password-guess").status_code == 429
    response = sign_in(client, "staffer", PASSWORD)
    assert response.status_code == 429
    content = response.content.decode()
    assert "Sign-in paused" in content and "15 minutes" in content
    assert "_auth_user_id" not in client.session

    # The cool-off is over once the failures are older than it.
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16))
    response = sign_in(client, "staffer", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_one_address_guessing_many_accounts_is_locked_out_too(client):
    make_user("someone", staff=True, password=PASSWORD)
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong-password-guess")
    assert sign_in(client, "someone", PASSWORD).status_code == 429


def test_a_success_before_the_limit_clears_the_count(client):
    make_user("staffer", staff=True, password=PASSWORD)
    for _attempt in range(4):
        sign_in(client, "staffer", "wrong-password-guess")
    assert sign_in(client, "staffer", PASSWORD).status_code == 302


# --- passwords -------------------------------------------------------------------------------


def test_passwords_need_at_least_twelve_characters():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Tr0ub4dor&3")
    validate_password("correct horse battery")


# --- two-step sign-in ------------------------------------------------------------------------


@pytest.fixture
def two_factor_required(settings):
    settings.REVIEWER_TWO_FACTOR_REQUIRED = True


def test_a_reviewer_without_a_second_factor_is_sent_to_set_one_up(two_factor_required, reviewer_client):
    for url in [reverse("admin:index"), reverse("admin:articles_article_changelist")]:
        response = reviewer_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:two_factor_setup"))


def test_an_editor_is_not_forced_to_set_one_up(two_factor_required, editor_client):
    assert editor_client.get(reverse("admin:index")).status_code == 200


def test_without_the_setting_a_reviewer_may_use_the_admin_without_one(reviewer_client):
    assert reviewer_client.get(reverse("admin:index")).status_code == 200


def test_setting_up_an_authenticator_lets_the_reviewer_in(two_factor_required, reviewer_client, reviewer):
    setup = reverse("admin:two_factor_setup")
    page = reviewer_client.get(setup)
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)

    wrong = "000000" if code_for(device) != "000000" else "111111"
    assert reviewer_client.post(setup, {"token": wrong}).status_code == 200
    assert not TOTPDevice.objects.filter(user=reviewer, confirmed=True).exists()
    # A wrong code makes the device wait a moment before the next try (django-otp's throttling).
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)

    response = reviewer_client.post(setup, {"token": code_for(device), "next": reverse("admin:index")})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=reviewer, confirmed=True).exists()
    assert reviewer_client.get(reverse("admin:index")).status_code == 200


def test_staff_with_an_authenticator_must_give_its_code_at_sign_in(client, roles):
    user = make_user("careful", staff=True, password=PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    response = sign_in(client, "careful", PASSWORD)
    assert response.status_code == 200
    assert "Enter the 6-digit code" in response.content.decode()
    assert "_auth_user_id" not in client.session

    response = sign_in(client, "careful", PASSWORD, otp_token=code_for(device))
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_session_without_the_code_is_asked_for_it(client):
    user = make_user("careful", staff=True, password=PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)  # a password-only session, as from before the device existed
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("admin:two_factor_verify"))
    response = client.post(reverse("admin:two_factor_verify"), {"token": code_for(device)})
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_setting_is_on_by_default_in_production():
    env = {k: v for k, v in os.environ.items() if k not in ("HFS_REVIEWER_2FA", "DJANGO_DEBUG")}
    env.update(DJANGO_SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="hfs_site.settings")
    code = "from django.conf import settings; print(settings.REVIEWER_TWO_FACTOR_REQUIRED)"
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "True"
    env["DJANGO_DEBUG"] = "1"
    run = subprocess.run([sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"
