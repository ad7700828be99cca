import datetime

import pytest
from django.utils import timezone

from tests.factories import make_article
from treatments.models import Treatment


def _treatment(slug, name, order):
    today = timezone.localdate()
    text = f"What to know about {name.lower()}."
    return Treatment.objects.create(
        slug=slug,
        name=name,
        kind=Treatment.Kind.INJECTION,
        order=order,
        summary=f"{name} in one plain sentence.",
        how_it_works=text,
        before=text,
        during=text,
        after=text,
        onset=text,
        duration=text,
        recovery=text,
        evidence_level=text,
        last_reviewed=today - datetime.timedelta(days=10),
        next_review_due=today + datetime.timedelta(days=200),
        reviewer_name="HFS Guide editorial team",
    )


@pytest.fixture
def treatments(db):
    """Three treatments in display order."""
    return [
        _treatment("botox", "Botox injections", 10),
        _treatment("surgery", "Microvascular decompression", 20),
        _treatment("tablets", "Tablets", 30),
    ]


@pytest.fixture
def articles(db):
    return [make_article(title=f"Article about part {n}", slug=f"part-{n}") for n in range(1, 4)]
