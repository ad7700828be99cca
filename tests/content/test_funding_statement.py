"""IPDAS asks a decision aid to say who funds it. The about page must say what the project can truthfully
say (issue 12 item 5): no funding, no sponsor, no adverts, written by the project's own editors."""

from django.conf import settings

from articles.content import ArticlesStep

CONTENT = settings.BASE_DIR / "content"


def about_page():
    return next(values for _, slug, values in ArticlesStep().parse(CONTENT) if slug == "about-this-site")


def test_the_about_page_says_plainly_who_funds_the_site():
    body = about_page()["body"]
    section = body.split("## Who pays for this site, and who does not", 1)[1].split("\n## ", 1)[0]
    for claim in ["has no funding", "no sponsors", "no adverts", "written and checked by the project's own editors"]:
        assert claim in section, claim
    # Nothing that hints at a paid writer or an unnamed funder.
    assert "independent project" not in section
    assert "is paid to" not in section


def test_the_key_points_repeat_it():
    points = about_page()["key_points"]
    assert "no funding" in points and "no sponsors" in points and "no adverts" in points
