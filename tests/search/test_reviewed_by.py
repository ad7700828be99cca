"""JSON-LD reviewedBy comes from who signed the page off: a reviewer's profile makes a Person with
the name and credentials the page shows; a page signed by a team (shipped content) names an
Organization. The type never depends on the words in the name."""

import json
import re

import pytest

from core.markdown import plain_text
from editorial.models import ReviewerProfile
from editorial.services import mark_reviewed
from tests.factories import make_article, make_treatment

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def reviewed_by(client, page):
    html = client.get(page.get_absolute_url()).text
    graph = json.loads(JSON_LD.search(html).group(1))["@graph"]
    return graph[0]["reviewedBy"], " ".join(plain_text(html).split())


def test_a_page_signed_off_by_a_reviewer_names_them_as_a_person_with_their_credentials(client, reviewer):
    article = make_article()
    mark_reviewed(article, user=reviewer, months=12)
    person, text = reviewed_by(client, article)
    assert person == {"@type": "Person", "name": "Dr Amina Patel", "jobTitle": "Consultant neurologist"}
    assert "Dr Amina Patel (Consultant neurologist)" in text  # as the page shows them

    treatment = make_treatment()
    mark_reviewed(treatment, user=reviewer, months=12)
    assert reviewed_by(client, treatment)[0]["@type"] == "Person"


def test_a_page_signed_by_a_name_without_a_profile_names_an_organization(client):
    # No "team" in the name: the old guess would have called this a Person.
    article = make_article(reviewer_name="Clinical content board", reviewer_credentials="Editorial review")
    organization, _text = reviewed_by(client, article)
    assert organization == {"@type": "Organization", "name": "Clinical content board"}


def test_the_type_follows_the_profiles_even_when_a_name_says_team(client, reviewer):
    profile = ReviewerProfile.objects.get(user=reviewer)
    article = make_article(reviewer_name="Neurology team", reviewer_credentials="Consultant neurologists")
    assert reviewed_by(client, article)[0]["@type"] == "Organization"
    profile.full_name = "Neurology team"
    profile.save()  # the cached list of reviewers' names is dropped
    assert reviewed_by(client, article)[0] == {
        "@type": "Person",
        "name": "Neurology team",
        "jobTitle": "Consultant neurologists",
    }
