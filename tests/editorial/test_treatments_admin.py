"""The same editorial rules on treatment pages: review sign-off, history, comparison, dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import Revision
from editorial.workflow import add_months
from tests.admin_forms import form_data
from treatments.models import Treatment

pytestmark = pytest.mark.django_db


@pytest.fixture
def treatment(shipped_content):
    return Treatment.objects.order_by("order").first()


def test_editor_edits_a_treatment_but_cannot_forge_its_review(editor_client, treatment):
    url = reverse("admin:treatments_treatment_change", args=[treatment.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    data = form_data(page, "treatment_form")
    assert "reviewer_name" not in data and "last_reviewed" not in data
    data.update(summary="A plainer summary.", reviewer_name="Dr Forged", last_reviewed="2099-01-01")
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    before = (treatment.reviewer_name, str(treatment.last_reviewed))
    live_summary = treatment.summary
    treatment.refresh_from_db()
    # A treatment is always public, so the edit waits for a reviewer, with the review fields kept.
    assert treatment.summary == live_summary
    revision = Revision.objects.pending().get()
    fields = revision.snapshot["objects"][0]["fields"]
    assert fields["summary"] == "A plainer summary."
    assert (fields["reviewer_name"], fields["last_reviewed"]) == before
    assert revision.submitted_by.username == "edna"
    mark = reverse("admin:treatments_treatment_mark_reviewed", args=[treatment.pk])
    assert editor_client.get(mark).status_code == 403


def test_reviewer_marks_a_treatment_reviewed(reviewer_client, treatment):
    url = reverse("admin:treatments_treatment_mark_reviewed", args=[treatment.pk])
    change = reviewer_client.get(reverse("admin:treatments_treatment_change", args=[treatment.pk]))
    assert url in change.content.decode()
    reviewer_client.post(url, {"months": "12"})
    treatment.refresh_from_db()
    assert treatment.reviewer_name == "Dr Amina Patel"
    assert treatment.next_review_due == add_months(timezone.localdate(), 12)


def test_treatment_history_and_comparison(reviewer_client, treatment):
    reviewer_client.post(reverse("admin:treatments_treatment_mark_reviewed", args=[treatment.pk]), {"months": "6"})
    history = reviewer_client.get(reverse("admin:treatments_treatment_history", args=[treatment.pk])).content.decode()
    assert "Marked reviewed; next review in 6 months" in history
    compare = reviewer_client.get(reverse("admin:treatments_treatment_compare", args=[treatment.pk])).content.decode()
    assert "Dr Amina Patel" in compare and "<ins>" in compare


def test_dashboard_lists_treatments_due_for_review(editor_client, treatment):
    Treatment.objects.filter(pk=treatment.pk).update(
        last_reviewed=timezone.localdate() - datetime.timedelta(days=400),
        next_review_due=timezone.localdate() - datetime.timedelta(days=1),
    )
    content = editor_client.get(reverse("admin:index")).content.decode()
    due = content[content.index("Reviews due") : content.index("Drafts waiting")]
    assert treatment.name in due and "treatment" in due
    overdue = editor_client.get(reverse("admin:treatments_treatment_changelist") + "?review=overdue")
    assert treatment.name in overdue.content.decode()
