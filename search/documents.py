"""What the index holds for each page: its lead and each section, as plain text with an anchor."""

import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext

from core.markdown import plain_text, render_markdown

ARTICLE = "article"
TREATMENT = "treatment"

# Citation markers ([1, 2]) are not words anyone searches for.
CITATION_SUP = re.compile(r'<sup class="cite">.*?</sup>', re.DOTALL)
HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>', re.DOTALL)
# Control characters never reach the index: the highlighter uses two of them as its markers.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Tags become spaces in plain text; a space so left before a full stop or after a bracket, where a
# citation or an emphasised word ended, would show in the passage under a search result.
SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[.,;:!?)\]])")
SPACE_AFTER_BRACKET = re.compile(r"(?<=[(\[])\s+")


@dataclass
class Part:
    anchor: str
    heading: str
    body: str


def html_text(fragment):
    text = CONTROL.sub(" ", plain_text(CITATION_SUP.sub(" ", fragment)))
    return SPACE_AFTER_BRACKET.sub("", SPACE_BEFORE_PUNCTUATION.sub("", text))


def markdown_text(text):
    return html_text(render_markdown(text or "").html)


def article_parts(article):
    """The lead (summary, key points and any text before the first heading), then one part per heading."""
    chunks = HEADING.split(article.body_html or "")
    intro, parts = chunks[0], []
    for index in range(1, len(chunks), 4):
        _level, anchor, heading, content = chunks[index : index + 4]
        parts.append(Part(anchor, html_text(heading), html_text(content)))
    lead = [article.summary, *_key_points(article), html_text(intro)]
    return [Part("", "", " ".join(text for text in lead if text)), *parts]


def _key_points(article):
    # Articles may carry a list of key points (front matter key_points:); older rows do not.
    points = getattr(article, "key_points", None) or []
    return [points] if isinstance(points, str) else [str(point) for point in points]


def treatment_parts(treatment):
    """The treatment page's own sections, in the page's order, with the page's anchors."""
    with translation.override(translation.get_language() or "en"):
        answers = []
        for answer in treatment.answers.all():
            answers.append(answer.aspect.question)
            answers.append(markdown_text(answer.summary))
            answers.extend(markdown_text(point.text) for point in answer.points.all())
        outcomes = [f"{outcome.label}. {markdown_text(outcome.note)}" for outcome in treatment.outcomes.all()]
        fits = [f"{fit.priority.label}: {markdown_text(fit.reason)}" for fit in treatment.priority_fits.all()]
        expect = [treatment.before, treatment.during, treatment.after, treatment.onset, treatment.duration,
                  treatment.recovery]  # fmt: skip
        parts = [
            Part("", "", markdown_text(treatment.summary)),
            Part("how-it-works", gettext("How it works"), markdown_text(treatment.how_it_works)),
            Part("what-to-expect", gettext("What to expect"), " ".join(markdown_text(text) for text in expect)),
            Part("evidence", gettext("How strong the evidence is"), markdown_text(treatment.evidence_level)),
            Part("pros-and-cons", gettext("Advantages and disadvantages"), " ".join(answers)),
            Part("outcomes", gettext("Outcomes in numbers"), " ".join(outcomes)),
        ]
        if fits:
            parts.append(Part("what-matters", gettext("How it fits what may matter to you"), " ".join(fits)))
    return [part for part in parts if part.body or not part.anchor]
