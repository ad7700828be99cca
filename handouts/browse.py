"""The builder's list of articles, a page at a time, found by words or topic.

With hundreds of articles one list of checkboxes is too long to use (545 KB at 100 times
today's content). The builder shows the articles already picked, then one page of the others,
filtered by a few words of the title or by topic. Paging and finding are buttons of the builder's
own form, so everything already ticked and typed is sent with them and shown again on the next
page: no cookie, no script, nothing stored. The form is posted, not sent with GET, so the note
for the patient never sits in an address (history, logs); the view shows it again unsaved.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from articles.models import Article, Category

from .models import MAX_ITEMS, NOTE_MAX_LENGTH

ARTICLES_PER_PAGE = 25
FIND_MAX_LENGTH = 100


def ids_in(values):
    """The well-formed ids among `values` (an address anyone can type), at most MAX_ITEMS."""
    ids = []
    for value in values:
        if isinstance(value, str) and value.isascii() and value.isdigit() and 0 < int(value) < 2**63:
            ids.append(int(value))
    return list(dict.fromkeys(ids))[:MAX_ITEMS]


def initial_from(query):
    """What a builder page opened with GET shows as already chosen and typed."""
    kind = query.get("kind", "")
    return {
        "articles": ids_in(query.getlist("articles")),
        "treatments": ids_in(query.getlist("treatments")),
        "compared": ids_in(query.getlist("compared")),
        "note": query.get("note", "")[:NOTE_MAX_LENGTH],
        **({"kind": kind} if kind else {}),
        "find": query.get("find", "")[:FIND_MAX_LENGTH],
        "topic": query.get("topic", "") if query.get("topic") in Category.values else "",
    }


@dataclass
class ArticleChoices:
    picked: list  # ticked articles that are not on this page, shown first so they stay ticked
    page: Page  # one page of the articles found

    @property
    def choices(self):
        return [(article.pk, article.title) for article in [*self.picked, *self.page.object_list]]


def article_choices(*, picked_ids, find="", topic="", page=1):
    """The articles to show as checkboxes: at most three queries whatever the number of articles."""
    published = Article.objects.published().only("pk", "title", "category", "order")
    found = published
    if topic in Category.values:
        found = found.in_category(topic)
    for word in find.split()[:10]:
        found = found.filter(title__icontains=word)
    page = Paginator(found.in_reading_order(), ARTICLES_PER_PAGE).get_page(page)
    on_page = {article.pk for article in page.object_list}
    elsewhere = [pk for pk in picked_ids if pk not in on_page]
    picked = list(published.filter(pk__in=elsewhere).in_reading_order()) if elsewhere else []
    return ArticleChoices(picked, page)
