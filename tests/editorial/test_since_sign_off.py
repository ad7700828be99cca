""" "Mark reviewed" and "Approve" show what changed on the live page since its last sign-off,
its parts included (issue 10 item 8)."""

import pytest
from django.urls import reverse

from editorial import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_treatment(shipped_content, reviewer):
    from treatments.models import Treatment

    treatment = Treatment.objects.get(slug="botox")
    services.mark_reviewed(treatment, user=reviewer, months=12)
    # A change made outside the editorial rules (a script), after the sign-off.
    answer = treatment.answers.first()
    answer.summary = answer.summary + " Scripted addition."
    answer.save()
    return treatment


def test_mark_reviewed_shows_parts_changed_since_the_sign_off(signed_treatment, reviewer_client):
    url = reverse("admin:treatments_treatment_mark_reviewed", args=[signed_treatment.pk])
    page = reviewer_client.get(url).content.decode()
    assert "Changed since the last sign-off" in page
    assert "<ins>Scripted addition.</ins>" in page or "<ins> Scripted addition.</ins>" in page


def test_nothing_is_shown_right_after_a_sign_off(shipped_content, reviewer, reviewer_client):
    from treatments.models import Treatment

    treatment = Treatment.objects.get(slug="botox")
    services.mark_reviewed(treatment, user=reviewer, months=12)
    url = reverse("admin:treatments_treatment_mark_reviewed", args=[treatment.pk])
    assert "Changed since the last sign-off" not in reviewer_client.get(url).content.decode()


def test_the_approve_page_shows_the_changes_since_the_sign_off_too(signed_treatment, editor, reviewer_client):
    signed_treatment.summary = "An editor's new summary."
    revision = services.save_change(user=editor, obj=signed_treatment, save=signed_treatment.save).revision
    page = reviewer_client.get(revision.get_absolute_url()).content.decode()
    assert "Changes compared with what readers see now" in page
    assert "since its last sign-off on" in page and "Approving signs these off too." in page
    assert "Scripted addition." in page
