"""A medical reviewer signs a page off: dates, their name and credentials, in one step."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import ReviewerProfile
from editorial.roles import MEDICAL_REVIEWER
from editorial.workflow import add_months
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def mark_url(article):
    return reverse("admin:articles_article_mark_reviewed", args=[article.pk])


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 15), 6, datetime.date(2026, 7, 15)),
        (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 28)),
        (datetime.date(2027, 8, 31), 6, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 11, 30), 12, datetime.date(2027, 11, 30)),
        (datetime.date(2026, 12, 1), 3, datetime.date(2027, 3, 1)),
    ],
)
def test_add_months_keeps_the_day_or_uses_the_end_of_a_short_month(day, months, expected):
    assert add_months(day, months) == expected


def test_reviewer_marks_a_page_reviewed_from_its_change_page(reviewer_client):
    article = make_article(reviewer_name="Someone else", reviewer_credentials="Old")
    change_page = reviewer_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert mark_url(article) in change_page.content.decode()
    form_page = reviewer_client.get(mark_url(article))
    assert form_page.status_code == 200
    assert "Dr Amina Patel" in form_page.content.decode()

    response = reviewer_client.post(mark_url(article), {"months": "6"}, follow=True)
    assert response.status_code == 200
    assert "marked reviewed by Dr Amina Patel" in response.content.decode()
    article.refresh_from_db()
    today = timezone.localdate()
    assert article.last_reviewed == today
    assert article.next_review_due == add_months(today, 6)
    assert article.reviewer_name == "Dr Amina Patel"
    assert article.reviewer_credentials == "Consultant neurologist"
    latest = article.history.first()
    assert latest.history_user.username == "rev"
    assert latest.history_change_reason == "Marked reviewed; next review in 6 months"
    # Readers see the new reviewer.
    assert "Dr Amina Patel" in reviewer_client.get(article.get_absolute_url()).content.decode()


def test_reviewer_marks_several_pages_reviewed_from_the_list(reviewer_client):
    first, second = make_article(), make_article()
    changelist = reverse("admin:articles_article_changelist")
    selection = {"action": "mark_reviewed_action", "_selected_action": [first.pk, second.pk]}
    confirm = reviewer_client.post(changelist, {**selection, "index": "0"})
    assert confirm.status_code == 200
    assert "Next review due in" in confirm.content.decode()  # the interval is chosen on this page
    response = reviewer_client.post(changelist, {**selection, "apply": "1", "months": "12"}, follow=True)
    assert "2 pages are marked reviewed by Dr Amina Patel" in response.content.decode()
    for article in (first, second):
        article.refresh_from_db()
        assert article.next_review_due == add_months(timezone.localdate(), 12)
        assert article.reviewer_name == "Dr Amina Patel"


def test_a_bad_interval_is_refused_and_nothing_changes(reviewer_client):
    article = make_article()
    before = article.next_review_due
    response = reviewer_client.post(mark_url(article), {"months": "120"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    article.refresh_from_db()
    assert article.next_review_due == before


def test_editor_cannot_mark_reviewed(editor_client):
    article = make_article()
    change_page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert mark_url(article) not in change_page.content.decode()
    assert editor_client.get(mark_url(article)).status_code == 403
    assert editor_client.post(mark_url(article), {"months": "12"}).status_code == 403
    changelist = editor_client.get(reverse("admin:articles_article_changelist"))
    assert b"mark_reviewed_action" not in changelist.content


def test_reviewer_without_a_profile_is_asked_to_add_one(client, roles):
    from django.contrib.auth.models import Group

    user = make_user("newrev", staff=True)
    user.groups.add(Group.objects.get(name=MEDICAL_REVIEWER))
    client.force_login(user)
    article = make_article()
    response = client.get(mark_url(article), follow=True)
    assert "Add your reviewer profile" in response.content.decode()
    add = client.post(
        reverse("admin:editorial_reviewerprofile_add"),
        {"full_name": "Dr Lee Chen", "credentials": "Neurosurgeon"},
    )
    assert add.status_code == 302
    assert ReviewerProfile.objects.get(user=user).full_name == "Dr Lee Chen"
    client.post(mark_url(article), {"months": "12"})
    article.refresh_from_db()
    assert article.reviewer_name == "Dr Lee Chen"


def test_a_reviewer_sees_and_edits_only_their_own_profile(reviewer_client, reviewer):
    other = make_user("other", staff=True)
    theirs = ReviewerProfile.objects.create(user=other, full_name="Dr Other", credentials="GP")
    listing = reviewer_client.get(reverse("admin:editorial_reviewerprofile_changelist")).content.decode()
    assert "Dr Amina Patel" in listing and "Dr Other" not in listing
    url = reverse("admin:editorial_reviewerprofile_change", args=[theirs.pk])
    reviewer_client.post(url, {"full_name": "Hacked", "credentials": "x"})
    theirs.refresh_from_db()
    assert theirs.full_name == "Dr Other"


def test_mark_reviewed_shows_what_changed_since_the_last_sign_off(reviewer_client, roles):
    from articles.models import Article

    article = make_article(
        body="## Part\n\nThe spasm starts near the eye.", status=Article.Status.DRAFT, published_at=None
    )
    article.body = "## Part\n\nThe spasm usually starts near the eye."
    article.save()
    page = reviewer_client.get(reverse("admin:articles_article_mark_reviewed", args=[article.pk])).content.decode()
    assert "Changed since the last sign-off" in page and "<ins>usually </ins>" in page


def test_after_adding_a_profile_the_reviewer_returns_to_the_page_they_were_signing_off(client, roles):
    from django.contrib.auth.models import Group

    from editorial.roles import MEDICAL_REVIEWER
    from tests.factories import make_user

    newcomer = make_user("newrev", staff=True)
    newcomer.groups.add(Group.objects.get(name=MEDICAL_REVIEWER))
    client.force_login(newcomer)
    article = make_article()
    mark_url = reverse("admin:articles_article_mark_reviewed", args=[article.pk])
    change_page = client.get(mark_url, follow=True).content.decode()
    add_url = reverse("admin:editorial_reviewerprofile_add")
    assert f"{add_url}?next=" in change_page
    response = client.post(f"{add_url}?next={mark_url}", {"full_name": "Dr New Reviewer", "credentials": "Neurologist"})
    assert response.status_code == 302 and response["Location"] == mark_url
