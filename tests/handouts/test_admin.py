import pytest

from handouts.models import Handout
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_staff_can_list_search_and_view_handouts_but_not_edit_them(client, articles):
    handout = Handout.objects.create_pack(articles=articles[:2], note="Bring your glasses.")
    client.force_login(make_user("admin", superuser=True))
    listing = client.get("/admin/handouts/handout/", {"q": handout.code})
    assert listing.status_code == 200
    assert handout.code in listing.content.decode()
    detail = client.get(f"/admin/handouts/handout/{handout.pk}/change/")
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Bring your glasses." in html
    assert 'name="note"' not in html  # read-only
    assert client.get("/admin/handouts/handout/add/").status_code == 403
    deleted = client.post(f"/admin/handouts/handout/{handout.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not Handout.objects.exists()
