import re
from decimal import Decimal

import pytest

from treatments.icon_arrays import filled_count, frequency_sentence, icon_array_svg, picture_note, range_sentence


@pytest.mark.parametrize(
    "value, expected",
    [
        ("91.1", "About 91 in 100 people"),
        ("95", "About 95 in 100 people"),
        ("2.5", "About 3 in 100 people"),
        ("1", "About 1 in 100 people"),
        ("0.96", "About 1 in 100 people"),
        ("0.9", "About 9 in 1,000 people (fewer than 1 in 100)"),
        ("0.1", "About 1 in 1,000 people (fewer than 1 in 100)"),
        ("0.04", "Fewer than 1 in 1,000 people (fewer than 1 in 100)"),
        ("0", "0 in 100 people"),
        ("100", "About 100 in 100 people"),
    ],
)
def test_frequency_in_words(value, expected):
    assert frequency_sentence(Decimal(value), "people") == expected


def test_frequency_names_the_unit():
    assert frequency_sentence(Decimal("17.4"), "rounds of treatment") == "About 17 in 100 rounds of treatment"


@pytest.mark.parametrize(
    "low, high, expected",
    [
        ("73", "98.4", "Studies found between 73 and 98 in 100."),
        ("88.5", "94.6", "Studies found between 89 and 95 in 100."),
        ("0", "0.1", "Studies found between 0 and 1 in 1,000."),
        ("0", "3", "Studies found between 0 and 3 in 100."),
        ("0.5", "2.6", "Studies found between about 5 in 1,000 and about 3 in 100."),
        ("1.2", "1.4", "Studies found about 1 in 100."),
        ("0.02", "0.04", "Studies found fewer than 1 in 1,000."),
        ("84", "84", None),
    ],
)
def test_range_in_words(low, high, expected):
    assert range_sentence(Decimal(low), Decimal(high)) == expected


@pytest.mark.parametrize("value, filled", [("91.1", 91), ("0.1", 0), ("0.96", 1), ("100", 100), ("0", 0)])
def test_filled_figures_match_the_words(value, filled):
    assert filled_count(Decimal(value)) == filled


def test_picture_explains_values_too_small_to_draw():
    assert picture_note(Decimal("0.1"), "people").startswith(
        "None of the 100 figures is filled in: fewer than 1 in 100"
    )
    assert picture_note(Decimal("91"), "people") == "91 of the 100 figures are filled in."
    assert picture_note(Decimal("1"), "people") == "1 of the 100 figures is filled in."


def areas(svg, kind):
    """Total number of people covered by the rects that use the on/off pattern."""
    total = 0
    for width, height in re.findall(rf'width="(\d+)" height="(\d+)" fill="url\(#ia-7-{kind}\)"', svg):
        total += int(width) * int(height) // 144
    return total


@pytest.mark.parametrize("value", ["0", "0.1", "1", "9.7", "50", "91.1", "99", "100"])
def test_svg_draws_100_people_with_the_right_number_filled(value):
    svg = str(icon_array_svg(Decimal(value), "Label", "ia-7"))
    assert areas(svg, "on") == filled_count(Decimal(value))
    assert areas(svg, "on") + areas(svg, "off") == 100


def test_svg_is_an_image_with_an_escaped_text_alternative_and_no_style():
    svg = str(icon_array_svg(Decimal("91.1"), 'Free of spasm <script>alert("x")</script>', "ia-1"))
    assert svg.startswith('<svg class="icon-array-svg" role="img" aria-label="Free of spasm &lt;script&gt;')
    assert "<script" not in svg
    assert "style" not in svg
    assert 'data-filled="91"' in svg


def test_a_figure_reported_only_as_a_ceiling_is_said_as_one():
    from treatments.icon_arrays import is_upper_limit

    assert is_upper_limit(Decimal("0.1"), Decimal("0"), Decimal("0.1"))
    assert not is_upper_limit(Decimal("2.3"), Decimal("0"), Decimal("3"))
    assert (
        frequency_sentence(Decimal("0.1"), "people", upper_limit=True)
        == "At most about 1 in 1,000 people (fewer than 1 in 100)"
    )
    assert range_sentence(Decimal("0"), Decimal("0.1"), Decimal("0.1")) is None
    assert range_sentence(Decimal("0"), Decimal("0.1")) is not None  # without the value: a plain range
