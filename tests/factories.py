"""Small factory helpers: a valid object with sensible defaults, any field overridable."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, Category
from references.models import Reference
from treatments.models import Treatment

_counter = itertools.count(1)


def make_reference(**overrides):
    n = next(_counter)
    values = {
        "key": f"source{n}",
        "authors": "Doe J, Roe R",
        "year": 2020,
        "title": f"A study of hemifacial spasm number {n}",
        "journal": "J Test Neurol 2020;1:1-5",
        "pmid": str(10000000 + n),
    }
    values.update(overrides)
    return Reference.objects.create(**values)


def make_article(**overrides):
    n = next(_counter)
    today = timezone.localdate()
    values = {
        "title": f"Article {n}",
        "slug": f"article-{n}",
        "summary": "A short plain summary.",
        "body": "## First part\n\nSome plain words.\n",
        "category": Category.ABOUT,
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - datetime.timedelta(days=1),
        "last_reviewed": today - datetime.timedelta(days=30),
        "next_review_due": today + datetime.timedelta(days=300),
        "reviewer_name": "HFS Guide editorial team",
        "reviewer_credentials": "Editorial review",
    }
    values.update(overrides)
    return Article.objects.create(**values)


def make_treatment(**overrides):
    """A reviewed injection treatment whose every text field says something plain."""
    n = next(_counter)
    today = timezone.localdate()
    name = overrides.get("name", f"Treatment {n}")
    text = f"What to know about {name.lower()}."
    values = {
        "slug": f"treatment-{n}",
        "name": name,
        "kind": Treatment.Kind.INJECTION,
        "order": n,
        "summary": f"{name} in one plain sentence.",
        **dict.fromkeys(["how_it_works", "before", "during", "after", "onset", "duration", "recovery"], text),
        "evidence_level": text,
        "last_reviewed": today - datetime.timedelta(days=10),
        "next_review_due": today + datetime.timedelta(days=200),
        "reviewer_name": "HFS Guide editorial team",
    }
    values.update(overrides)
    return Treatment.objects.create(**values)


def make_user(username="reader", *, staff=False, superuser=False, password="a-long-test-password-123"):
    user_model = get_user_model()
    return user_model.objects.create_user(
        username=username, password=password, is_staff=staff or superuser, is_superuser=superuser
    )
