"""The summary's short answers: about one sentence, never losing a citation."""

import pytest

from treatments.short_answers import one_sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short and whole [@a].", "Short and whole [@a]."),
        (
            "About 85 to 95 in 100 people get clear relief [@a; @b]. It lasts months [@c].",
            "About 85 to 95 in 100 people get clear relief [@a; @b] [@c].",
        ),
        (
            # A first sentence too short to say much takes the next one with it.
            "No. It calms the muscles but leaves the blood vessel in place [@a]. More here [@b].",
            "No. It calms the muscles but leaves the blood vessel in place [@a] [@b].",
        ),
        (
            "There is nothing to recover from, but the spasms continue. About 9 in 10 say so [@bb].",
            "There is nothing to recover from, but the spasms continue [@bb].",
        ),
        # A key that merely starts like another is still kept.
        (
            "Low, with no trials at all in this group [@baldauf2019]. Large studies agree [@b].",
            "Low, with no trials at all in this group [@baldauf2019] [@b].",
        ),
    ],
)
def test_one_sentence_keeps_every_citation(text, expected):
    assert one_sentence(text) == expected
