"""Step 2's true-or-false statements, each answered by a section of a shipped article.

Every statement points at a heading anchor of a published article; tests/decisions/
test_knowledge.py checks that each anchor exists in the shipped content, so an edited heading
cannot leave a statement pointing nowhere.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TRUE = "true"
FALSE = "false"
UNSURE = "unsure"


@dataclass(frozen=True)
class Statement:
    name: str  # the field name in the address
    text: str
    answer: str  # TRUE or FALSE
    explanation: str
    article_slug: str
    anchor: str
    link_text: str

    @property
    def url(self):
        return f"{reverse('articles:detail', kwargs={'slug': self.article_slug})}#{self.anchor}"


STATEMENTS = (
    Statement(
        name="k1",
        text=_("Botox injections fix the cause of hemifacial spasm."),
        answer=FALSE,
        explanation=_(
            "Botox calms the twitching muscles for a few months at a time. "
            "It does not move the blood vessel that presses on the nerve."
        ),
        article_slug="choosing-a-treatment",
        anchor="botox-injections",
        link_text=_("Choosing a treatment: Botox injections"),
    ),
    Statement(
        name="k2",
        text=_("Surgery (microvascular decompression) is the only option that aims to fix the cause."),
        answer=TRUE,
        explanation=_(
            "The surgeon moves the blood vessel off the facial nerve, so it can cure the spasms. "
            "It is brain surgery, with a small risk of lasting harm."
        ),
        article_slug="choosing-a-treatment",
        anchor="surgery-microvascular-decompression",
        link_text=_("Choosing a treatment: Surgery"),
    ),
    Statement(
        name="k3",
        text=_("If you start with botox, you can still choose surgery later."),
        answer=TRUE,
        explanation=_(
            "Your first choice does not have to be your last. Many people start with botox "
            "and choose surgery later if they want a more lasting answer."
        ),
        article_slug="choosing-a-treatment",
        anchor="it-is-fine-to-change-your-mind",
        link_text=_("Choosing a treatment: It is fine to change your mind"),
    ),
    Statement(
        name="k4",
        text=_("Hemifacial spasm is dangerous if it is not treated."),
        answer=FALSE,
        explanation=_(
            "Hemifacial spasm is not dangerous. If the spasms do not bother you much, "
            "waiting is a fair choice, though in most people the spasms slowly spread."
        ),
        article_slug="choosing-a-treatment",
        anchor="watchful-waiting",
        link_text=_("Choosing a treatment: Watchful waiting"),
    ),
)
