"""Keeps the index in step with what the public may read.

Only published articles (including scheduled ones, which the search filters by time) and
treatments (public as soon as they exist) are indexed. A page is re-indexed whole: its old
sections are deleted and its current ones inserted, and the vocabulary counts are adjusted.
"""

import re

from django.db import transaction

from articles.models import Article
from treatments.models import Treatment

from .documents import ARTICLE, TREATMENT, article_parts, treatment_parts
from .engine import stems_text
from .models import SearchDocument, SearchPage, SearchTerm

WORD = re.compile(r"[^\W\d_]{3,40}")
CHUNK = 500


def words_of(text):
    return {word.lower() for word in WORD.findall(text)}


def _article_documents(article):
    if article.status != Article.Status.PUBLISHED or article.published_at is None:
        return []
    path = article.get_absolute_url()
    return [
        SearchDocument(page_type=ARTICLE, page_id=article.pk, path=path, anchor=part.anchor, title=article.title,
                       heading=part.heading, body=part.body, published_at=article.published_at, position=position)
        for position, part in enumerate(article_parts(article))
    ]  # fmt: skip


def _treatment_documents(treatment):
    path = treatment.get_absolute_url()
    return [
        SearchDocument(page_type=TREATMENT, page_id=treatment.pk, path=path, anchor=part.anchor, title=treatment.name,
                       heading=part.heading, body=part.body, position=position)
        for position, part in enumerate(treatment_parts(treatment))
    ]  # fmt: skip


def _with_stems(documents):
    for document in documents:
        document.heading_stems = stems_text(f"{document.title} {document.heading}")
        document.body_stems = stems_text(document.body)
    return documents


def _page_row(documents):
    """The page-level row ranked first (search.models.SearchPage): the page's sections together."""
    lead, *sections = documents
    return SearchPage(
        page_type=lead.page_type,
        page_id=lead.page_id,
        title=lead.title,
        headings=" ".join(part.heading for part in sections if part.heading),
        lead=lead.body,
        body=" ".join(part.body for part in sections),
        published_at=lead.published_at,
    )


def _page_words(documents):
    words = set()
    for document in documents:
        words |= words_of(f"{document.title} {document.heading} {document.body}")
    return words


@transaction.atomic
def _replace(page_type, page_id, documents):
    old = SearchDocument.objects.filter(page_type=page_type, page_id=page_id)
    old_words = _page_words(old.only("title", "heading", "body"))
    old.delete()
    SearchPage.objects.filter(page_type=page_type, page_id=page_id).delete()
    SearchDocument.objects.bulk_create(_with_stems(documents))
    if documents:
        _page_row(documents).save()
    new_words = _page_words(documents)
    _adjust_vocabulary(added=new_words - old_words, removed=old_words - new_words)


def _adjust_vocabulary(*, added, removed):
    changed = sorted(added | removed)
    existing = {}
    for start in range(0, len(changed), CHUNK):
        existing.update(SearchTerm.objects.in_bulk(changed[start : start + CHUNK], field_name="word"))
    updated, gone = [], []
    for word, term in existing.items():
        term.pages += 1 if word in added else -1
        (updated if term.pages > 0 else gone).append(term)
    SearchTerm.objects.bulk_update(updated, ["pages"], batch_size=CHUNK)
    SearchTerm.objects.filter(pk__in=[term.pk for term in gone]).delete()
    SearchTerm.objects.bulk_create(
        [SearchTerm(word=word, pages=1) for word in added if word not in existing],
        batch_size=CHUNK,
        ignore_conflicts=True,
    )


def index_article(pk):
    article = Article.objects.filter(pk=pk).first()
    _replace(ARTICLE, pk, _article_documents(article) if article else [])


def index_treatment(pk):
    treatment = (
        Treatment.objects.filter(pk=pk)
        .prefetch_related("answers__aspect", "answers__points", "outcomes", "priority_fits__priority")
        .first()
    )
    _replace(TREATMENT, pk, _treatment_documents(treatment) if treatment else [])


@transaction.atomic
def rebuild():
    """Index every public page from scratch; returns the number of sections indexed."""
    SearchDocument.objects.all().delete()
    SearchPage.objects.all().delete()
    SearchTerm.objects.all().delete()
    documents = []
    for article in Article.objects.filter(status=Article.Status.PUBLISHED, published_at__isnull=False):
        documents.extend(_article_documents(article))
    treatments = Treatment.objects.prefetch_related(
        "answers__aspect", "answers__points", "outcomes", "priority_fits__priority"
    )
    for treatment in treatments:
        documents.extend(_treatment_documents(treatment))
    SearchDocument.objects.bulk_create(_with_stems(documents), batch_size=CHUNK)
    counts = {}
    pages = {}
    for document in documents:
        pages.setdefault((document.page_type, document.page_id), []).append(document)
    SearchPage.objects.bulk_create([_page_row(page) for page in pages.values()], batch_size=CHUNK)
    for page_documents in pages.values():
        for word in _page_words(page_documents):
            counts[word] = counts.get(word, 0) + 1
    SearchTerm.objects.bulk_create([SearchTerm(word=w, pages=n) for w, n in counts.items()], batch_size=CHUNK)
    return len(documents)
