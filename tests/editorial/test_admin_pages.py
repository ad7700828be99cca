"""The article admin as editors and reviewers use it: lists, filters, search, grades and checks."""

import datetime

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleChangeNote, ArticleImage
from editorial.models import ReviewerProfile
from references.models import Reference
from tests.admin_forms import form_data
from tests.factories import make_article, make_reference, make_user

pytestmark = pytest.mark.django_db

HARD = (
    "Notwithstanding considerable heterogeneity in methodological approaches, contemporary "
    "neurophysiological investigations characterising hyperexcitability demonstrate substantial "
    "interindividual variability, necessitating individualised multidisciplinary consideration. "
)
EASY = "The face twitches on one side. It often starts near the eye. It is not dangerous. "


@pytest.mark.parametrize("user_client", ["editor_client", "reviewer_client"])
def test_every_article_admin_page_opens_for_both_roles(request, user_client):
    client = request.getfixturevalue(user_client)
    article = make_article()
    make_reference()
    for name, args in [
        ("admin:index", []),
        ("admin:articles_article_changelist", []),
        ("admin:articles_article_add", []),
        ("admin:articles_article_change", [article.pk]),
        ("admin:articles_article_history", [article.pk]),
        ("admin:articles_article_compare", [article.pk]),
        ("admin:references_reference_changelist", []),
        ("admin:references_reference_add", []),
        ("admin:articles_articleimage_changelist", []),
        ("admin:articles_articleimage_add", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_list_shows_status_review_dates_and_a_grade_warning(editor_client):
    today = timezone.localdate()
    make_article(
        title="Hard words",
        body=HARD * 5,
        last_reviewed=today - datetime.timedelta(days=400),
        next_review_due=today - datetime.timedelta(days=1),
    )
    make_article(title="Easy words", body=EASY * 5)
    make_article(title="Later", published_at=timezone.now() + datetime.timedelta(days=3))
    make_article(title="Drafty", status=Article.Status.DRAFT, published_at=None)
    content = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    hard_row = content[content.index("Hard words") :].split("</tr>")[0]
    easy_row = content[content.index("Easy words") :].split("</tr>")[0]
    assert "grade-high" in hard_row and "above 8" in hard_row
    assert "overdue" in hard_row
    assert "grade-high" not in easy_row and "overdue" not in easy_row
    assert "Scheduled for" in content and "Draft" in content and "Public" in content


def test_change_page_shows_the_reading_grade_with_advice(editor_client):
    hard = make_article(body=HARD * 5)
    content = editor_client.get(reverse("admin:articles_article_change", args=[hard.pk])).content.decode()
    assert "Above grade 8: use shorter sentences" in content
    assert f"{hard.reading_grade}" in content
    easy = make_article(body=EASY * 5)
    content = editor_client.get(reverse("admin:articles_article_change", args=[easy.pk])).content.decode()
    assert "plain enough for most readers" in content


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?review=overdue", "Overdue one", "Fresh one"),
        ("?review=soon", "Soon one", "Overdue one"),
        ("?review=current", "Fresh one", "Soon one"),
        ("?publication=draft", "Draft one", "Fresh one"),
        ("?publication=live", "Fresh one", "Draft one"),
        ("?q=trigeminal", "Soon one", "Fresh one"),
        ("?review=nonsense&publication=%3Cscript%3E", "Fresh one", "nothing-hidden"),
    ],
)
def test_filters_and_search(editor_client, query, shown, hidden):
    today = timezone.localdate()
    make_article(
        title="Overdue one",
        last_reviewed=today - datetime.timedelta(days=400),
        next_review_due=today - datetime.timedelta(days=1),
    )
    make_article(
        title="Soon one", body="About the trigeminal nerve.", next_review_due=today + datetime.timedelta(days=10)
    )
    make_article(title="Fresh one", next_review_due=today + datetime.timedelta(days=300))
    make_article(title="Draft one", status=Article.Status.DRAFT, published_at=None)
    response = editor_client.get(reverse("admin:articles_article_changelist") + query)
    assert response.status_code == 200
    content = response.content.decode()
    assert shown in content and hidden not in content


def test_an_unknown_citation_key_is_refused_with_its_name(editor_client):
    make_reference(key="miller2012")
    article = make_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url), "article_form")
    data["body"] = "## Part\n\nAbout 9 in 100 [@miller2012]. And more [@miler2012]."
    response = editor_client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Unknown citation key(s): miler2012." in content
    assert "[@miler2012]" in content  # the editor's text is kept
    article.refresh_from_db()
    assert "miler2012" not in article.body


def test_the_slug_is_prepopulated_from_the_title(editor_client):
    content = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert (
        "&quot;#id_slug&quot;, &quot;name&quot;: &quot;slug&quot;, &quot;dependency_ids&quot;: [&quot;#id_title&quot;]"
        in content
    )


@pytest.mark.parametrize("model", [Article, ArticleChangeNote, ArticleImage, Reference, ReviewerProfile])
def test_every_field_an_editor_fills_in_has_help_text(model):
    missing = [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.Field)
        and field.editable
        and not field.auto_created
        and not isinstance(field, models.ForeignKey | models.ManyToManyField)
        and field.name not in ("source_hash", "loaded_fingerprint")
        and not field.help_text
    ]
    assert missing == []


def test_readers_and_plain_staff_get_no_article_admin(client):
    article = make_article()
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(make_user("staff-without-role", staff=True))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("count", [1, 30])
def test_article_list_makes_a_fixed_number_of_queries(editor_client, django_assert_max_num_queries, count):
    for _ in range(count):
        make_article()
    url = reverse("admin:articles_article_changelist")
    editor_client.get(url)  # warm the session and permission caches
    with django_assert_max_num_queries(7):
        assert editor_client.get(url).status_code == 200
