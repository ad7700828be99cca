import re

import pytest
from django.urls import reverse

from treatments.models import Treatment

pytestmark = pytest.mark.django_db


def test_list_shows_every_option_with_its_summary_and_a_compare_entry_point(
    client, loaded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        response = client.get(reverse("treatments:list"))
    assert response.status_code == 200
    for treatment in Treatment.objects.all():
        assert treatment.get_absolute_url() in response.text
        assert treatment.summary in response.text
    assert 'action="/treatments/compare/"' in response.text
    assert 'method="get"' in response.text
    assert re.search(r'<input type="checkbox"[^>]*name="t" value="botox"', response.text)
    assert "csrfmiddlewaretoken" not in response.text
    assert not response.cookies


def test_detail_page_shows_every_section_answers_outcomes_references_and_review(
    client, loaded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = client.get(reverse("treatments:detail", kwargs={"slug": "botox"}))
    html = response.text
    assert response.status_code == 200
    for heading in [
        "How it works",
        "What to expect",
        "How soon it works",
        "How long it lasts",
        "Recovery",
        "How strong the evidence is",
        "Advantages and disadvantages",
        "Outcomes in numbers",
    ]:
        assert heading in html
    assert '<th scope="row">How well does it work?</th>' in html
    assert '<th scope="col">Advantages</th>' in html
    assert "Botox injections helps about 9 in 10." in html
    assert 'role="img" aria-label="Free of spasm after Botox injections: About 91 in 100 people.' in html
    assert "Studies found between 73 and 98 in 100." in html
    assert "At most about 1 in 1,000 people (fewer than 1 in 100)" in html  # the source gave a ceiling
    assert 'id="ref-miller2012"' in html and 'id="ref-defazio2002"' in html
    assert "Last reviewed" in html and "Next review due" in html
    assert " style=" not in html
    assert not response.cookies


def test_detail_page_numbers_citations_in_reading_order_with_one_list(client, loaded):
    html = client.get(reverse("treatments:detail", kwargs={"slug": "botox"})).text
    numbers = [int(n) for n in re.findall(r'class="cite-link" href="#ref-[^"]+"[^>]*>(\d+)<', html)]
    first_uses = list(dict.fromkeys(numbers))
    assert first_uses == sorted(first_uses) == list(range(1, len(first_uses) + 1))
    assert html.count('<section class="references"') == 1


def test_option_without_outcomes_says_why_there_are_no_numbers(client, loaded):
    html = client.get(reverse("treatments:detail", kwargs={"slug": "medication"})).text
    assert "No study gives reliable figures for this option" in html
    assert 'class="icon-array-svg"' not in html


@pytest.mark.parametrize("slug", ["no-such-treatment", "BOTOX", "botox-", "x" * 300])
def test_unknown_treatment_gives_the_404_page_with_the_options(client, loaded, slug):
    response = client.get(f"/treatments/{slug}/")
    assert response.status_code == 404
    assert "We could not find that page" in response.text
    assert 'href="/treatments/botox/"' in response.text


def test_sitemap_lists_treatment_pages(client, loaded):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "/treatments/botox/</loc>" in response.text
    assert "/treatments/compare/</loc>" in response.text


def test_admin_pages_work_with_inlines(admin_client, loaded):
    botox = Treatment.objects.get(slug="botox")
    answer = botox.answers.first()
    for url in [
        reverse("admin:treatments_treatment_changelist"),
        reverse("admin:treatments_treatment_change", args=[botox.pk]),
        reverse("admin:treatments_treatment_history", args=[botox.pk]),
        reverse("admin:treatments_answer_change", args=[answer.pk]),
        reverse("admin:treatments_aspect_changelist"),
        reverse("admin:treatments_priority_changelist"),
        reverse("admin:treatments_measure_changelist"),
    ]:
        assert admin_client.get(url).status_code == 200, url
    page = admin_client.get(reverse("admin:treatments_treatment_change", args=[botox.pk])).text
    assert "outcomes-TOTAL_FORMS" in page and "answers-TOTAL_FORMS" in page and "priority_fits-TOTAL_FORMS" in page
    assert "points-TOTAL_FORMS" in admin_client.get(reverse("admin:treatments_answer_change", args=[answer.pk])).text


@pytest.mark.usefixtures("parts_kept")
def test_the_meta_description_is_the_plain_summary_worked_out_once_per_content_version(client, db, monkeypatch):
    from references.templatetags import plain
    from tests.factories import make_treatment

    treatment = make_treatment(name="Plain words", summary="A **short** answer.")
    rendered = []
    original = plain.render_markdown
    monkeypatch.setattr(plain, "render_markdown", lambda text: rendered.append(text) or original(text))
    for _ in range(2):
        page = client.get(treatment.get_absolute_url()).content.decode()
        assert '<meta name="description" content="A short answer.">' in page
    assert len(rendered) == 1
    treatment.summary = "A new answer."
    treatment.save()
    page = client.get(treatment.get_absolute_url()).content.decode()
    assert '<meta name="description" content="A new answer.">' in page
