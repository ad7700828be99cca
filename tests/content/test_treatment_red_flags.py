"""Treatment pages discuss side effects, so each carries the same "when to get help" block as the
articles (issue 12 item 1): the same warnings, word for word, as the master copy in content/README.md."""

import html
import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from articles.models import Article
from core.readability import GRADE_LIMIT, readability_grade
from treatments.models import Treatment

CONTENT = settings.BASE_DIR / "content"


def master_lines():
    """The master block's heading, sentences and list items, without its citation markers."""
    readme = (CONTENT / "README.md").read_text()
    block = re.search(r"<!-- red-flags:start -->\n(.*?)\n<!-- red-flags:end -->", readme, flags=re.S).group(1)
    block = re.sub(r"\s*\[@[^\]]+\]", "", block)
    lines = []
    for line in block.splitlines():
        line = line.strip().lstrip("#- ").strip()
        lines.extend(part for part in re.split(r"(?<=\.) ", line) if part)
    return lines


def page_text(response):
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


def test_the_master_block_is_read_in_full():
    lines = master_lines()
    assert lines[0] == "When to get help right away"
    assert "twitching on both sides of your face" in lines
    assert len(lines) >= 9


@pytest.mark.django_db
def test_every_treatment_page_carries_the_red_flag_block(client, shipped_content):
    treatments = list(Treatment.objects.all())
    assert len(treatments) >= 4
    for treatment in treatments:
        response = client.get(treatment.get_absolute_url())
        assert response.status_code == 200
        text = page_text(response)
        missing = [line for line in master_lines() if line not in text]
        assert missing == [], f"{treatment.slug} lacks: {missing}"
        assert 'href="#when-to-get-help"' in response.content.decode(), "listed in the page's contents"


@pytest.mark.django_db
def test_the_block_points_to_the_article_that_cites_its_sources(client, shipped_content):
    treatment = Treatment.objects.first()
    body = client.get(treatment.get_absolute_url()).content.decode()
    link = re.search(r'href="([^"#]+)#(when-to-get-help-right-away)"', body)
    assert link, "the block links to the cited copy in an article"
    article = Article.objects.get(slug=link.group(1).strip("/").split("/")[-1])
    assert 'id="when-to-get-help-right-away"' in article.body_html
    assert "qjm2002" in {ref.key for ref in article.references.all()}


def test_the_block_reads_at_grade_8_or_lower():
    grade = readability_grade(render_to_string("includes/red_flags.html"))
    assert grade is not None and grade <= GRADE_LIMIT, grade


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/treatments/compare/", "/treatments/compare/full/"])
def test_both_comparisons_carry_the_red_flag_block(client, shipped_content, path):
    # The comparisons list harms side by side, so they carry the same safety signs.
    slugs = list(Treatment.objects.order_by("order").values_list("slug", flat=True)[:2])
    response = client.get(path, {"t": slugs})
    assert response.status_code == 200
    text = page_text(response)
    missing = [line for line in master_lines() if line not in text]
    assert missing == [], f"{path} lacks: {missing}"
