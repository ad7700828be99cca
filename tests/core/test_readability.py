"""core.readability: the reading grade of rendered content, counting prose only."""

import textstat

from core.readability import GRADE_LIMIT, is_above_limit, prose_text, readability_grade
from references.markdown import render_markdown

EASY = "The face twitches on one side. It often starts near the eye."
HARD = (
    "Notwithstanding considerable methodological heterogeneity, neurophysiological investigations "
    "characterising hyperexcitability demonstrate interindividual variability."
)


def test_prose_only_tables_headings_figures_and_citation_marks_are_left_out():
    html = render_markdown(
        f"## {HARD}\n\n{EASY} [@miller2012]\n\n| {HARD} | x |\n|---|---|\n| {HARD} | y |\n\n"
        f'<figure><img src="/a.webp" alt=""><figcaption>{HARD}</figcaption></figure>\n\n- One item\n- Two items'
    ).html
    assert prose_text(html) == f"{EASY}\nOne item.\nTwo items."


def test_the_reference_list_is_left_out():
    html = f'<p>{EASY}</p><section class="references"><ol><li>{HARD}</li></ol></section>'
    assert prose_text(html) == EASY


def test_grade_is_textstat_flesch_kincaid_of_the_prose():
    html = render_markdown(f"{EASY}\n\n{HARD}").html
    assert readability_grade(html) == round(textstat.flesch_kincaid_grade(f"{EASY}\n{HARD}"), 1)


def test_hard_text_is_above_the_limit_and_easy_text_is_not():
    assert is_above_limit(readability_grade(render_markdown(HARD * 3).html))
    easy = readability_grade(render_markdown(EASY * 3).html)
    assert easy <= GRADE_LIMIT and not is_above_limit(easy)


def test_no_prose_has_no_grade():
    assert readability_grade("") is None
    assert readability_grade("<h2>Only a heading</h2><table><tr><td>1</td></tr></table>") is None
    assert not is_above_limit(None)


def test_entities_are_decoded_and_broken_html_does_not_crash():
    assert prose_text("<p>Fish &amp; chips</p>") == "Fish & chips."
    assert prose_text("<p>Open <table><td>cell") == "Open."
