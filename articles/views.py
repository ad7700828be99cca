from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView

from .models import Article, Category

RELATED_ARTICLES = 3
# The list shows this many articles of each topic, with a link to the topic's own (paged) list.
ARTICLES_PER_GROUP = 12
ARTICLES_PER_PAGE = 24


class ArticleListView(ListView):
    """Public articles grouped by category in the categories' own order, the first few of each.

    Two queries however many articles there are. The first numbers each public article within
    its category and counts the category, reading only the index `article_public_listing`
    (SQLite keeps a row's later columns, after the long body, in overflow pages: reading them for
    every article made this page 4 times slower at 100 times the content). The second fetches
    the title, slug and summary of the first ARTICLES_PER_GROUP of each category by key.
    """

    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_queryset(self):
        in_category = {"partition_by": F("category")}
        return (
            Article.objects.published()
            .annotate(
                position=Window(RowNumber(), order_by=[F("order").asc(), F("title").asc()], **in_category),
                category_total=Window(Count("pk"), **in_category),
            )
            .filter(position__lte=ARTICLES_PER_GROUP)
            .order_by()
            .values_list("pk", "category", "category_total", "order", "title")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        listed = context["articles"]

        def groups():
            rows = sorted(listed, key=lambda row: (row[3], row[4]))  # the site's order: position, title
            by_pk = Article.objects.only("title", "slug", "summary").order_by().in_bulk([row[0] for row in rows])
            grouped = {value: [] for value in Category.values}
            totals = {}
            for pk, category, total, _order, _title in rows:
                grouped[category].append(by_pk[pk])
                totals[category] = total
            return [
                Category.card(value, articles=grouped[value], total=totals[value])
                for value in Category.values
                if grouped[value]
            ]

        # Read only when the list is rendered, not when it comes from the fragment cache.
        context["groups"] = SimpleLazyObject(groups)
        return context


class CategoryView(ListView):
    template_name = "articles/category.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE

    def paginate_queryset(self, queryset, page_size):
        # get_page(): a missing, odd or too-high page number shows a real page, never a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_queryset(self):
        if self.kwargs["slug"] not in Category.values:
            raise Http404("No such category")
        self.category = Category(self.kwargs["slug"])
        return Article.objects.published().in_category(self.category)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = Category.card(self.category)
        return context


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        # Staff may open drafts and scheduled articles; everyone else gets the 404 page.
        return get_object_or_404(Article.objects.visible_to(self.request.user), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["related_articles"] = (
            Article.objects.published().in_category(article.category).exclude(pk=article.pk)[:RELATED_ARTICLES]
        )
        context["is_preview"] = not article.is_public
        # Read only when the page's main part is rendered, not when it comes from the fragment
        # cache (core.fragments): citations with their references in one query.
        context["citations"] = SimpleLazyObject(lambda: list(article.citations.select_related("reference")))
        return context
