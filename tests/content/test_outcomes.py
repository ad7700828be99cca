"""The comparison's figures (issue 12 item 2): one certainty rule for every outcome, and no figure
from a selected group shown as a general benefit. Reads content/treatments.yaml as shipped."""

import re

import pytest
import yaml
from django.conf import settings

CONTENT = settings.BASE_DIR / "content"
DATA = yaml.safe_load((CONTENT / "treatments.yaml").read_text())
OUTCOMES = [
    pytest.param(treatment["slug"], outcome, id=f"{treatment['slug']}-{outcome['measure']}")
    for treatment in DATA["treatments"]
    for outcome in treatment.get("outcomes", [])
]
LEVELS = ["very-low", "low", "moderate", "high"]
START = {"trial": "high", "observational": "low"}
REASONS = {"small", "selected-group", "indirect"}
# Sources known to describe a selected group: any outcome resting on them must say so.
SELECTED_GROUP_SOURCES = {"leeja2017"}


def rule_certainty(outcome):
    """The README rule: start from the design, one level down per reason, never below very low."""
    level = LEVELS.index(START[outcome["design"]]) - len(set(outcome.get("downgrade", [])))
    return LEVELS[max(level, 0)]


def leading_count(population):
    match = re.match(r"(\d[\d,]*) (?:people|rounds|untreated people)", population)
    return int(match.group(1).replace(",", "")) if match else None


@pytest.mark.parametrize(("treatment", "outcome"), OUTCOMES)
def test_certainty_follows_the_one_rule(treatment, outcome):
    assert outcome.get("design") in START, f"{treatment}: {outcome['measure']} needs design: trial|observational"
    assert set(outcome.get("downgrade", [])) <= REASONS
    assert outcome["certainty"] == rule_certainty(outcome)


@pytest.mark.parametrize(("treatment", "outcome"), OUTCOMES)
def test_small_studies_are_marked_small(treatment, outcome):
    count = leading_count(outcome["population"])
    if count is not None and count < 200:
        assert "small" in outcome.get("downgrade", []), f"{treatment}: {outcome['measure']} ({count})"


@pytest.mark.parametrize(("treatment", "outcome"), OUTCOMES)
def test_a_selected_group_is_never_a_benefit_row(treatment, outcome):
    selected = (
        "selected-group" in outcome.get("downgrade", [])
        or outcome["population"].lower().startswith("selected group")
        or outcome["reference"] in SELECTED_GROUP_SOURCES
    )
    if selected:
        assert outcome["direction"] != "benefit", f"{treatment}: {outcome['measure']}"
        assert outcome["population"].startswith("Selected group:")
        assert "selected-group" in outcome.get("downgrade", [])


def test_the_rule_is_real():
    """Moderate for a pooled observational figure, as surgery once had, breaks the rule."""
    assert rule_certainty({"design": "observational"}) == "low"
    assert rule_certainty({"design": "observational", "downgrade": ["small", "selected-group"]}) == "very-low"
    assert rule_certainty({"design": "trial", "downgrade": ["small"]}) == "moderate"


def test_the_untreated_selected_group_is_not_a_general_benefit():
    measures = {m["slug"]: m["label"] for m in DATA["measures"]}
    assert "remission" not in measures
    benefit_sources = {
        outcome["reference"]
        for treatment in DATA["treatments"]
        for outcome in treatment.get("outcomes", [])
        if outcome["direction"] == "benefit"
    }
    assert not benefit_sources & SELECTED_GROUP_SOURCES


def _outcomes(slug):
    treatment = next(t for t in DATA["treatments"] if t["slug"] == slug)
    return {o["measure"]: o for o in treatment["outcomes"]}


def test_botox_and_surgery_are_compared_like_for_like():
    botox, mvd = _outcomes("botox"), _outcomes("microvascular-decompression")
    # The relief cells say plainly that they measure different things.
    assert "not always complete" in botox["relief"]["label"]
    assert "fully gone" in mvd["relief"]["label"] and "stricter" in mvd["relief"]["label"]
    # "Any side effect" per person for both; per-round figures in their own row.
    assert botox["any-side-effect"].get("unit", "people") == "people"
    assert mvd["any-side-effect"].get("unit", "people") == "people"
    assert botox["any-side-effect-round"]["unit"] == "rounds"
    for outcome in [*botox.values(), *mvd.values()]:
        if outcome.get("unit") == "rounds":
            assert outcome["measure"] not in mvd, outcome["measure"]
    # The ten-year row counts everyone treated, which the botox study did not; its finding is in a note.
    assert "counting everyone" in {m["slug"]: m["label"] for m in DATA["measures"]}["relief-long-term"]
    assert "defazio2002" in botox["relief"]["note"]


def test_stroke_and_death_are_two_rows_with_the_single_centre_rates():
    mvd = _outcomes("microvascular-decompression")
    assert "stroke-or-death" not in mvd
    assert float(mvd["stroke"]["high"]) >= 0.3  # up to about 3 in 1,000 in single centres
    assert "hyun2010" in mvd["stroke"]["note"] and "barker1995" in mvd["stroke"]["note"]
    assert float(mvd["death"]["value"]) <= 0.1


def test_hearing_loss_when_everyone_is_tested_is_not_called_permanent():
    mvd = _outcomes("microvascular-decompression")
    text = (mvd["hearing-loss-tested"]["label"] + mvd["hearing-loss-tested"]["time_frame"]).lower()
    assert "any hearing loss" in text and "for good" not in text
