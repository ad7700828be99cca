"""JSON-LD for every public page, built only from what the page itself shows.

MedicalWebPage (with its review date and reviewer where the page shows them), about the
condition (with its ICD-10 code, which every page's footer shows), the page's breadcrumb trail,
the treatment a treatment page describes, and FAQPage for a questions-and-answers page whose
every section heading is a question.
"""

import functools
import json
import re

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.markdown import plain_text
from editorial.models import ReviewerProfile

REVIEWER_NAMES_KEY = "search:reviewer-names"
CONDITION_NAME = "Hemifacial spasm"
ICD10_CODE = "G51.3"
THERAPY_TYPES = {"surgery": "TherapeuticProcedure", "injection": "MedicalTherapy", "medication": "MedicalTherapy",
                 "complementary": "MedicalTherapy"}  # fmt: skip
# Signs and causes named on a page, found by these exact words (the name is what the page says).
SIGNS = ["twitching", "spasms", "eye shut", "brow-lift sign"]
CAUSES = ["a small blood vessel", "a blood vessel pressing on the nerve", "tumour"]
CITATION = re.compile(r'\s*<sup class="cite">.*?</sup>', re.DOTALL)
SECTION = re.compile(r'<h2 id="[^"]+">(.*?)</h2>(.*?)(?=<h2 |\Z)', re.DOTALL)
# As django.utils.html.json_script: the JSON can never close the <script> element or open a comment.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute(request, path):
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else request.build_absolute_uri(path)


# Pure, and called for every section of every article on every request (the FAQ page: 55 times,
# a fifth of its render): the same HTML gives the same text, so keep the answers.
@functools.lru_cache(maxsize=128)  # about 15 MB at most per process
def _text(html):
    return plain_text(CITATION.sub("", html))


def condition(text="", treatments=()):
    """The condition every page is about; signs, causes and treatments only where `text` names them."""
    lowered = text.lower()
    data = {
        "@type": "MedicalCondition",
        "name": CONDITION_NAME,
        "code": {"@type": "MedicalCode", "code": ICD10_CODE, "codingSystem": "ICD-10"},
    }
    signs = [sign for sign in SIGNS if sign in lowered]
    causes = [cause for cause in CAUSES if cause in lowered]
    if signs:
        data["signOrSymptom"] = [{"@type": "MedicalSignOrSymptom", "name": sign} for sign in signs]
    if causes:
        data["cause"] = [{"@type": "MedicalCause", "name": cause} for cause in causes]
    therapies = [therapy(treatment) for treatment in treatments if therapy(treatment)]
    if therapies:
        data["possibleTreatment"] = therapies
    return data


def therapy(treatment):
    kind = THERAPY_TYPES.get(treatment.kind)
    return {"@type": kind, "name": treatment.name} if kind else None


def breadcrumbs(request, trail):
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(name), "item": absolute(request, path)}
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def reviewer_names():
    """The names reviewers sign pages with (their profiles), from the cache; see search.signals."""
    names = cache.get(REVIEWER_NAMES_KEY)
    if names is None:
        names = set(ReviewerProfile.objects.values_list("full_name", flat=True))
        cache.set(REVIEWER_NAMES_KEY, names, timeout=None)
    return names


def reviewed_by(page):
    """The reviewer as the page names them: a Person when a reviewer's profile signed the page off,
    with the credentials the page shows beside the name; otherwise the team the page names."""
    if page.reviewer_name in reviewer_names():
        person = {"@type": "Person", "name": page.reviewer_name}
        if page.reviewer_credentials:
            person["jobTitle"] = page.reviewer_credentials
        return person
    return {"@type": "Organization", "name": page.reviewer_name}


def reviewed(page):
    if not page.is_reviewed:
        return {}
    return {"lastReviewed": page.last_reviewed.isoformat(), "reviewedBy": reviewed_by(page)}


def faq(article):
    """Question and answer pairs of a questions page: its sections headed by a question.

    Other sections (the "when to get help" block every such page carries) are left out.
    """
    if article.category != "questions-and-answers":
        return None
    questions = _questions(article.body_html or "")
    if len(questions) < 2:
        return None
    return [
        {"@type": "Question", "name": question, "acceptedAnswer": {"@type": "Answer", "text": answer}}
        for question, answer in questions
    ]


@functools.lru_cache(maxsize=32)  # questions pages are few
def _questions(body_html):
    """(question, answer) for each section of `body_html` headed by a question: the same body, the same pairs."""
    sections = [(_text(heading), _text(body)) for heading, body in SECTION.findall(body_html)]
    return tuple((question, answer) for question, answer in sections if question.endswith("?"))


def for_page(context):
    """The JSON-LD graph for the page being rendered, from its template context."""
    request = context.get("request")
    if request is None or request.resolver_match is None:
        return None
    name = request.resolver_match.view_name
    page = {"@type": "MedicalWebPage", "url": absolute(request, request.path)}
    graph = [page]
    home = (_("Home"), reverse("core:home"))
    if name == "articles:detail" and context.get("article"):
        article = context["article"]
        questions = faq(article)
        if questions:
            page["@type"] = ["MedicalWebPage", "FAQPage"]
            page["mainEntity"] = questions
        page.update(name=article.title, description=article.summary, **reviewed(article))
        page["about"] = condition(f"{article.summary} {_text(article.body_html)}")
        category_path = reverse("articles:category", args=[article.category])
        trail = [home, (article.category_label, category_path), (article.title, article.get_absolute_url())]
        graph.append(breadcrumbs(request, trail))
    elif name == "treatments:detail" and context.get("treatment"):
        treatment = context["treatment"]
        page.update(name=treatment.name, **reviewed(treatment))
        page["about"] = condition(treatments=[treatment])
        if therapy(treatment):
            page["mainEntity"] = therapy(treatment)
        trail = [home, (_("Treatments"), reverse("treatments:list")), (treatment.name, treatment.get_absolute_url())]
        graph.append(breadcrumbs(request, trail))
    elif name in ("treatments:list", "treatments:compare"):
        page["about"] = condition(treatments=context.get("treatments") or [])
        trail = [home, (_("Treatments"), reverse("treatments:list"))]
        if name == "treatments:compare":
            trail.append((_("Compare"), reverse("treatments:compare")))
        graph.append(breadcrumbs(request, trail))
    elif name == "articles:category" and context.get("category"):
        category = context["category"]
        page.update(name=str(category["label"]))
        page["about"] = condition()
        trail = [home, (_("Articles"), reverse("articles:list")), (category["label"], request.path)]
        graph.append(breadcrumbs(request, trail))
    else:
        page["about"] = condition()
    return {"@context": "https://schema.org", "@graph": graph}


def script_tag(data):
    if data is None:
        return ""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
