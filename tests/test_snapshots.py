"""tests/snapshots.py: shipped content is copied into the tests that ask for it, and only those."""

import pytest

from articles.models import Article
from references.models import Reference
from treatments.models import Outcome, Treatment


def shipped_rows():
    return Article.objects.count(), Reference.objects.count(), Treatment.objects.count(), Outcome.objects.count()


def test_the_shipped_content_is_there_when_asked_for(shipped_content):
    articles, references, treatments, outcomes = shipped_rows()
    assert articles >= 18 and references >= 20 and treatments == 5 and outcomes >= 10
    assert Article.objects.published().filter(slug="what-is-hemifacial-spasm").exists()
    assert "Content loaded:" in shipped_content


@pytest.mark.django_db
def test_a_test_without_it_starts_from_an_empty_database():
    assert shipped_rows() == (0, 0, 0, 0)


@pytest.mark.django_db
def test_a_change_made_by_a_test_is_gone_for_the_next(shipped_content):
    Treatment.objects.filter(slug="botox").delete()
    assert Treatment.objects.count() == 4


def test_the_next_test_gets_the_content_whole_again(shipped_content):
    assert Treatment.objects.filter(slug="botox").exists()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_gets_it_committed(shipped_content):
    assert shipped_rows()[2] == 5


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_without_it_starts_empty():
    assert shipped_rows() == (0, 0, 0, 0)
