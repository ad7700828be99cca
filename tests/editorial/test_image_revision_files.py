"""A replacement image that never goes live takes its uploaded files with it; live files stay."""

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import ArticleImage
from editorial import services
from editorial.models import Revision
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def png(colour):
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), colour).save(buffer, "PNG")
    return SimpleUploadedFile("picture.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def live_image(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = ArticleImage.objects.create(slug="nerve", alt_text="The facial nerve.", image=png("#3a7ca5"))
        make_article(body="## Part\n\n![](image:nerve)\n\nText.")
    return image


def replace(image, *, user, colour):
    """An editor uploads a new file for a live image: a pending revision; returns it and its files."""
    changed = ArticleImage.objects.get(pk=image.pk)
    changed.image = png(colour)
    revision = services.save_change(user=user, obj=changed, save=changed.save).revision
    assert revision is not None
    return revision, services.revisions_image_files(revision.snapshot)


def exist(names):
    return [default_storage.exists(name) for name in names]


def test_a_pending_replacement_keeps_both_files_and_readers_the_old_one(
    live_image, editor, django_capture_on_commit_callbacks
):
    old_files = live_image.stored_files()
    with django_capture_on_commit_callbacks(execute=True):  # the rolled-back save's clean-up is dropped
        revision, new_files = replace(live_image, user=editor, colour="#aa0000")
    assert len(new_files) > 1 and not set(new_files) & set(old_files)  # original plus renditions
    assert all(exist(old_files)) and all(exist(new_files))
    assert ArticleImage.objects.get(pk=live_image.pk).stored_files() == old_files
    assert revision.status == Revision.Status.PENDING


def test_sending_a_replacement_back_deletes_its_files_only(
    live_image, editor, reviewer, django_capture_on_commit_callbacks
):
    old_files = live_image.stored_files()
    revision, new_files = replace(live_image, user=editor, colour="#aa0000")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_revision(user=reviewer, revision=revision, comment="Too dark to read.")
    assert not any(exist(new_files))
    assert all(exist(old_files))


def test_a_file_another_waiting_change_uses_is_kept(live_image, editor, reviewer, django_capture_on_commit_callbacks):
    first, first_files = replace(live_image, user=editor, colour="#aa0000")
    # A second change that only rewords the alt text still shows the live file: rejecting the
    # first must not touch it, and rejecting the second must not delete the live file.
    reworded = ArticleImage.objects.get(pk=live_image.pk)
    reworded.alt_text = "The facial nerve, from the side."
    second = services.save_change(user=editor, obj=reworded, save=reworded.save).revision
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_revision(user=reviewer, revision=first, comment="No.")
        services.reject_revision(user=reviewer, revision=second, comment="No.")
    assert not any(exist(first_files))
    assert all(exist(live_image.stored_files()))


def test_approving_a_replacement_deletes_the_files_it_supersedes(
    live_image, editor, reviewer, django_capture_on_commit_callbacks
):
    old_files = live_image.stored_files()
    revision, new_files = replace(live_image, user=editor, colour="#aa0000")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_revision(user=reviewer, revision=revision)
    assert ArticleImage.objects.get(pk=live_image.pk).stored_files() == new_files
    assert all(exist(new_files))
    assert not any(exist(old_files))


def test_a_scheduled_replacement_withdrawn_at_its_time_deletes_its_files(
    live_image, editor, reviewer, django_capture_on_commit_callbacks
):
    scheduled, scheduled_files = replace(live_image, user=editor, colour="#aa0000")
    other, other_files = replace(live_image, user=editor, colour="#00aa00")
    later = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_revision(user=reviewer, revision=scheduled, at=later)
        services.approve_revision(user=reviewer, revision=other)  # the page changes before `later`
        assert services.apply_due_revisions(now=later + datetime.timedelta(seconds=1)) == []
    assert not any(exist(scheduled_files))
    assert all(exist(other_files))
