"""Each article's `key_points:` front matter (issue 11 item 4, written in issue 12): 3 to 5 short
plain points, each cited, grade 8 or lower. Read straight from the files, so the check does not
depend on the loader storing the field."""

import re

import pytest
import yaml
from django.conf import settings

from core.readability import GRADE_LIMIT, readability_grade
from references.markdown import render_markdown

CONTENT = settings.BASE_DIR / "content"
CITATION = re.compile(r"\[@[a-z0-9]+(?:;\s*@[a-z0-9]+)*\]")
# The page about the site itself states no findings; any point with a number still needs a source.
UNCITED_ALLOWED = {"about-this-site"}


def front_matter(path):
    text = path.read_text()
    return yaml.safe_load(text.split("---\n", 2)[1])


ARTICLES = {path.stem: front_matter(path) for path in sorted((CONTENT / "articles").glob("*.md"))}
KNOWN_KEYS = {
    item["key"] for path in (CONTENT / "references").glob("*.yaml") for item in yaml.safe_load(path.read_text())
}


def problems(slug, points):
    found = []
    if not isinstance(points, list) or not 3 <= len(points) <= 5:
        return [f"{slug}: needs a list of 3 to 5 key points"]
    for point in points:
        if not isinstance(point, str) or not point.strip():
            found.append(f"{slug}: empty point")
            continue
        if len(point.split()) > 30:
            found.append(f"{slug}: point too long: {point}")
        cited = CITATION.search(point)
        if not cited and (slug not in UNCITED_ALLOWED or re.search(r"\d", point)):
            found.append(f"{slug}: uncited point: {point}")
        for key in re.findall(r"@([a-z0-9]+)", point):
            if key not in KNOWN_KEYS:
                found.append(f"{slug}: unknown reference {key}")
    return found


@pytest.mark.parametrize("slug", sorted(ARTICLES))
def test_key_points_are_three_to_five_cited_sentences(slug):
    assert problems(slug, ARTICLES[slug].get("key_points")) == []


@pytest.mark.parametrize("slug", sorted(ARTICLES))
def test_key_points_read_at_grade_8_or_lower(slug):
    html = render_markdown("\n\n".join(ARTICLES[slug]["key_points"]), known_keys=KNOWN_KEYS).html
    grade = readability_grade(html)
    assert grade is not None and grade <= GRADE_LIMIT, f"{slug}: grade {grade}"


def test_the_check_catches_bad_lists():
    assert problems("x", ["One [@miller2012].", "Two [@miller2012]."])  # too few
    assert problems("x", ["About 9 in 100 [@nosuchkey2000].", "B [@miller2012].", "C [@miller2012]."])
    assert problems("x", ["About 9 in 100 people.", "B [@miller2012].", "C [@miller2012]."])
    assert problems("about-this-site", ["We check it every 12 months.", "B.", "C."])
    assert problems("x", ["A [@miller2012].", "B [@miller2012].", "C [@miller2012]."]) == []
