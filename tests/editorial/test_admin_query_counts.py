"""The admin's busiest pages cost a fixed number of queries, however many rows a page holds.

Each page is measured with a few rows and with many; the count must not grow (issue 14 item 4).
Before: the article form made one query per citation, the treatment form one per inline form
for every select box and heading, the answer form one per point.
"""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_reference, make_treatment
from treatments.models import Answer, Aspect, Measure, Outcome, Point, Priority, PriorityFit

pytestmark = pytest.mark.django_db


def _count(client, url, django_assert_max_num_queries, limit):
    client.get(url)  # warm the session and permission caches
    with django_assert_max_num_queries(limit) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def _article_citing(count):
    keys = [make_reference().key for _ in range(count)]
    body = "## Facts\n\n" + "\n\n".join(f"A plain fact number {n} [@{key}]." for n, key in enumerate(keys))
    return make_article(body=body)


def test_the_article_form_costs_the_same_with_2_or_30_citations(reviewer_client, django_assert_max_num_queries):
    few, many = _article_citing(2), _article_citing(30)
    assert many.citations.count() == 30
    url = "admin:articles_article_change"
    small = _count(reviewer_client, reverse(url, args=[few.pk]), django_assert_max_num_queries, 14)
    large = _count(reviewer_client, reverse(url, args=[many.pk]), django_assert_max_num_queries, small)
    page = reviewer_client.get(reverse(url, args=[many.pk])).content.decode()
    assert many.citations.select_related("reference").last().reference.title in page
    assert large == small


def _treatment_with(count):
    treatment = make_treatment()
    reference = make_reference()
    for n in range(count):
        aspect = Aspect.objects.create(slug=f"aspect-{treatment.pk}-{n}", question=f"Question {n}?", order=n)
        answer = Answer.objects.create(treatment=treatment, aspect=aspect, summary="A short plain answer.")
        point = Point.objects.create(answer=answer, kind=Point.Kind.ADVANTAGE, text=f"Point {n}.", order=n)
        point.references.add(reference)
        priority = Priority.objects.create(
            slug=f"priority-{treatment.pk}-{n}", label=f"Priority {n}", question=f"Does {n} matter?", order=n
        )
        PriorityFit.objects.create(treatment=treatment, priority=priority, fit="good", reason="It suits it.")
        measure = Measure.objects.create(slug=f"measure-{treatment.pk}-{n}", label=f"Measure {n}", order=n)
        Outcome.objects.create(
            treatment=treatment,
            measure=measure,
            label=f"Relief {n}",
            direction="benefit",
            unit="people",
            value=50,
            low=40,
            high=60,
            time_frame="after a year",
            population="100 people",
            certainty="moderate",
            reference=reference,
            order=n,
        )
    return treatment


def test_the_treatment_form_costs_the_same_with_2_or_12_of_each_part(reviewer_client, django_assert_max_num_queries):
    few, many = _treatment_with(2), _treatment_with(12)
    url = "admin:treatments_treatment_change"
    small = _count(reviewer_client, reverse(url, args=[few.pk]), django_assert_max_num_queries, 30)
    large = _count(reviewer_client, reverse(url, args=[many.pk]), django_assert_max_num_queries, small)
    assert large == small
    page = reviewer_client.get(reverse(url, args=[many.pk])).content.decode()
    # Every select box still offers every choice, with each form's own choice selected.
    last_fit = many.priority_fits.select_related("priority").last()
    assert page.count(f">{last_fit.priority.label}</option>") == 12 + 1  # 12 forms and the blank one
    assert f'value="{last_fit.priority.pk}" selected' in page
    outcome = many.outcomes.select_related("reference").first()
    assert str(outcome.reference) in page  # the autocomplete box names what it holds


def test_the_answer_form_costs_the_same_with_2_or_12_points(reviewer_client, django_assert_max_num_queries):
    treatment = make_treatment()
    aspect = Aspect.objects.create(slug="aspect-points", question="How well does it work?", order=1)
    answers = []
    for count in (2, 12):
        answer = Answer.objects.create(
            treatment=treatment if count == 2 else make_treatment(), aspect=aspect, summary="A plain answer."
        )
        for n in range(count):
            point = Point.objects.create(answer=answer, kind=Point.Kind.DISADVANTAGE, text=f"Point {n}.", order=n)
            point.references.add(make_reference(), make_reference())
        answers.append(answer)
    url = "admin:treatments_answer_change"
    small = _count(reviewer_client, reverse(url, args=[answers[0].pk]), django_assert_max_num_queries, 17)
    large = _count(reviewer_client, reverse(url, args=[answers[1].pk]), django_assert_max_num_queries, small)
    assert large == small
    page = reviewer_client.get(reverse(url, args=[answers[1].pk])).content.decode()
    last = answers[1].points.last()
    for reference in last.references.all():
        assert f'value="{reference.pk}" selected>{reference}</option>' in page


def test_the_article_list_does_not_read_the_bodies(editor_client, django_assert_max_num_queries):
    make_article(title="A listed article")
    url = reverse("admin:articles_article_changelist")
    editor_client.get(url)
    with django_assert_max_num_queries(8) as queries:
        assert "A listed article" in editor_client.get(url).content.decode()
    listing = [
        q["sql"] for q in queries.captured_queries if 'FROM "articles_article"' in q["sql"] and "COUNT" not in q["sql"]
    ]
    assert listing and all('"articles_article"."body"' not in sql for sql in listing)


def test_an_action_from_the_list_still_saves_whole_articles(reviewer_client):
    article = make_article(status=Article.Status.DRAFT, published_at=None, body="The face twitches on one side.")
    response = reviewer_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_action", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert "twitches" in article.body_html
