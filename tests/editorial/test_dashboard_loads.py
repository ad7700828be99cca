"""The dashboard's "latest changes" shows one content load as one line (issue 10 item 8)."""

import pytest
from django.urls import reverse

from articles.models import Article
from editorial import selectors
from tests.core.test_load_content import ARTICLE, REFERENCES, load

pytestmark = pytest.mark.django_db


@pytest.fixture
def content_dir(tmp_path):
    (tmp_path / "references").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "references" / "main.yaml").write_text(REFERENCES)
    (tmp_path / "articles" / "what-is-hemifacial-spasm.md").write_text(ARTICLE)
    return tmp_path


def test_one_load_is_one_line_and_an_edit_after_it_is_its_own(content_dir, reviewer, editor):
    load(content_dir)
    changes = selectors.latest_changes(user=reviewer)
    assert len(changes) == 1
    line = changes[0]
    assert line.action == "loaded" and line.rows >= 3
    assert line.reason == f"Content load: {line.rows} changes"
    assert "What is hemifacial spasm?" in line.page

    article = Article.objects.get()
    article.status = Article.Status.DRAFT
    article._history_user = editor
    article.save()
    path = content_dir / "articles" / "what-is-hemifacial-spasm.md"
    path.write_text(ARTICLE.replace("A short summary.", "A newer summary."))
    load(content_dir, "--force")
    changes = selectors.latest_changes(user=reviewer)
    assert [c.action for c in changes] == ["loaded", "changed", "loaded"]
    assert changes[1].who == "edna" and changes[0].rows == 1


def test_the_dashboard_shows_the_load_line(content_dir, reviewer, client):
    load(content_dir)
    client.force_login(reviewer)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Content load:" in html
    assert html.count("content loader") == 1
