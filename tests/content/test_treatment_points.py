"""Points in content/treatments.yaml (issue 11 item 5): that side effects are mild is not a benefit of a
treatment, so it may only be said beside the side effects themselves, among the disadvantages."""

import re

import yaml
from django.conf import settings

TREATMENTS = yaml.safe_load((settings.BASE_DIR / "content" / "treatments.yaml").read_text())["treatments"]
MILD_SIDE_EFFECTS = re.compile(r"side effects?\b[^.]*\b(mild|minor|short-lived)", re.IGNORECASE)


def points(kind):
    for treatment in TREATMENTS:
        for aspect, answer in treatment["answers"].items():
            for point in answer.get(kind, []):
                yield treatment["slug"], aspect, point


def test_mild_side_effects_are_not_listed_as_an_advantage():
    offending = [
        (slug, aspect, p["text"]) for slug, aspect, p in points("advantages") if MILD_SIDE_EFFECTS.search(p["text"])
    ]
    assert offending == []


def test_botox_says_side_effects_are_common_and_mostly_mild_among_its_disadvantages_with_citations():
    matches = [
        point
        for slug, aspect, point in points("disadvantages")
        if slug == "botox" and aspect == "risks" and "mild" in point["text"] and "common" in point["text"]
    ]
    assert len(matches) == 1
    assert "tambasco2021" in matches[0]["references"]
