import pytest
from django.db import IntegrityError

from handouts import models as handout_models
from handouts.models import CODE_ALPHABET, Handout, is_well_formed_code, new_code

pytestmark = pytest.mark.django_db


def test_codes_are_random_long_enough_and_easy_to_type():
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert len(code) >= 8
        assert set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("01ilo")


def test_consecutive_handouts_do_not_get_neighbouring_codes(articles):
    first = Handout.objects.create_pack(articles=articles[:1])
    second = Handout.objects.create_pack(articles=articles[:1])
    assert first.code != second.code
    assert sum(a == b for a, b in zip(first.code, second.code, strict=True)) < 5


@pytest.mark.parametrize("code", ["", "abc", "abcdefghjkmn", "ABCDEFGHJK", "abcdefgh0k", "abcde/ghjk", "ab cdefghj"])
def test_malformed_codes_match_nothing(code):
    assert not is_well_formed_code(code)
    assert list(Handout.objects.with_code(code)) == []


def test_create_pack_stores_the_pages_and_the_note(articles, treatments):
    handout = Handout.objects.create_pack(
        articles=articles[:2], treatments=treatments[:1], compared=treatments[1:], note="Bring a list."
    )
    handout.refresh_from_db()
    assert set(handout.articles.all()) == set(articles[:2])
    assert list(handout.treatments.all()) == treatments[:1]
    assert set(handout.compared_treatments.all()) == set(treatments[1:])
    assert handout.note == "Bring a list."
    assert handout.get_absolute_url() == f"/h/{handout.code}/"
    assert Handout.objects.with_code(handout.code).get() == handout


def test_a_code_clash_draws_a_new_code(articles, monkeypatch):
    taken = Handout.objects.create_pack(articles=articles[:1]).code
    codes = iter([taken, "zzzzzzzzzz"])
    monkeypatch.setattr(handout_models, "new_code", lambda: next(codes))
    assert Handout.objects.create_pack(articles=articles[:1]).code == "zzzzzzzzzz"


@pytest.mark.parametrize("values", [{"code": "abc"}, {"code": "abcdefghjk", "note": "x" * 501}])
def test_the_database_refuses_short_codes_and_long_notes(values):
    with pytest.raises(IntegrityError):
        Handout.objects.create(**values)
