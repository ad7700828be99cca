"""editorial.registry learns the content models from what they declare, never by name."""

from articles.models import Article, ArticleChangeNote
from editorial.registry import history_sources, reviewed_models, role_tables
from references.models import Reference
from sharing.cards import card_kinds
from treatments.models import Answer, Outcome, Point, PriorityFit, Treatment


def test_pages_with_a_review_cycle_are_the_reviewed_content_models():
    assert reviewed_models() == [Article, Treatment]


def test_each_tracked_part_leads_to_its_page_and_that_page_s_title():
    sources = history_sources()
    assert sources[Article] == ("title", Article, "id")
    assert sources[ArticleChangeNote] == ("article__title", Article, "article__id")
    assert sources[Reference] == ("key", Reference, "id")
    assert sources[Answer] == ("treatment__name", Treatment, "treatment__id")
    assert sources[Point] == ("answer__treatment__name", Treatment, "answer__treatment__id")
    assert sources[Outcome][1] is Treatment and sources[PriorityFit][1] is Treatment


def test_role_tables_come_from_the_app_configs():
    editors = role_tables("editor_permissions")
    assert set(editors) == {"references", "articles", "treatments", "editorial", "search"}
    assert editors["search"] == {"synonym": ("view", "add", "change", "delete")}
    assert role_tables("reviewer_permissions")["treatments"] == {"treatment": ("add",)}


def test_link_preview_cards_are_found_by_declaration():
    kinds = card_kinds()
    assert {name: kind.model for name, kind in kinds.items()} == {"articles": Article, "treatments": Treatment}
    assert kinds["treatments"].title_field == "name"
