"""Safety content of the shipped articles (issue 12 item 1): the same red flags everywhere, and the
medicine, pregnancy and after-surgery warnings each page must give."""

import re

import pytest
from django.conf import settings

from articles.content import ArticlesStep

CONTENT = settings.BASE_DIR / "content"
ARTICLES = {slug: values["body"] for _, slug, values in ArticlesStep().parse(CONTENT)}
# Pages that do not discuss a reader's own symptoms or side effects.
WITHOUT_BLOCK = {"glossary", "about-this-site", "for-clinicians"}


def red_flag_block():
    readme = (CONTENT / "README.md").read_text()
    match = re.search(r"<!-- red-flags:start -->\n(.*?)\n<!-- red-flags:end -->", readme, flags=re.S)
    assert match, "content/README.md must hold the red-flag block between its markers"
    return match.group(1).strip()


def carries_block(body, block):
    return block in body


def test_the_block_names_every_red_flag():
    block = red_flag_block().lower()
    assert block.startswith("## when to get help right away")
    for flag in ["both sides", "weakness", "numbness", "hearing loss", "stroke", "emergency", "double vision"]:
        assert flag in block, flag


@pytest.mark.parametrize("slug", sorted(set(ARTICLES) - WITHOUT_BLOCK))
def test_every_page_about_symptoms_or_side_effects_carries_the_same_block(slug):
    assert carries_block(ARTICLES[slug], red_flag_block()), f"{slug} lacks the exact red-flag block"


def test_a_page_with_an_edited_block_fails():
    block = red_flag_block()
    edited = block.replace("twitching on both sides of your face\n", "")
    assert not carries_block("Intro.\n\n" + edited, block)


def test_slow_spread_on_one_side_is_not_called_a_warning_sign():
    """Self-care used to list spread as a reason to worry, while symptoms calls it the usual course."""
    for slug, body in ARTICLES.items():
        assert not re.search(r"spreading to new areas", body), slug


@pytest.mark.parametrize(
    ("slug", "needed"),
    [
        ("medication", ["HLA-B", "Asia", "depend", "withdrawal", "pregnan", "breast-feeding"]),
        ("botox-injections", ["pregnan", "breast-feeding", "blood thinner"]),
        ("microvascular-decompression-surgery", ["pregnan", "breast-feeding", "blood thinner"]),
        ("recovery-after-microvascular-decompression", ["stiff neck", "fever", "headache that is getting worse"]),
    ],
)
def test_each_page_gives_its_own_warnings(slug, needed):
    missing = [word for word in needed if word.lower() not in ARTICLES[slug].lower()]
    assert missing == []
