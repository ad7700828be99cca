"""The search index: one row per page section, the words it holds, and the editors' synonyms.

SearchDocument is an ordinary table. A database-specific migration adds the full-text part:
an FTS5 table kept in step by triggers on SQLite, a stored weighted tsvector with a GIN index
on PostgreSQL (see search/backends.py).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import LoadedContent


class SearchDocument(models.Model):
    """One searchable part of a public page: its lead (title and summary) or one section."""

    page_type = models.CharField(max_length=20)
    page_id = models.PositiveIntegerField()
    path = models.CharField(max_length=300, help_text="The page's address, without the section anchor.")
    anchor = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300)
    heading = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    # Scheduled articles are indexed but found only once their time has come; NULL: always public.
    published_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # The section's distinct word stems (search.engine.stems_text), for ranking the sections of the
    # best pages without reading and splitting their text on every search. NULL: not yet computed.
    heading_stems = models.TextField(null=True, blank=True)
    body_stems = models.TextField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["page_type", "page_id"], name="search_doc_page"),
            # The search counts the pages (one lead section each) and leaves out scheduled ones on
            # every query: both from an index, never a scan of the bodies.
            models.Index(fields=["position"], condition=models.Q(position=0), name="search_doc_lead"),
            models.Index(fields=["published_at"], name="search_doc_published"),
        ]

    def __str__(self):
        return f"{self.title} · {self.heading}" if self.heading else self.title


class SearchPage(models.Model):
    """One row per public page, all its sections together: the first of the two ranking stages.

    Ranking 1,800 pages is much cheaper than ranking 25,000 sections; the sections of the best
    pages alone are then ranked to pick the passage and the anchor (search.engine). Like
    SearchDocument, a database-specific migration adds the full-text part (search/0004).
    """

    page_type = models.CharField(max_length=20)
    page_id = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    headings = models.TextField(blank=True)
    lead = models.TextField(blank=True, help_text="The summary, key points and any text before the first heading.")
    body = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page_type", "page_id"], name="search_page_unique")]
        indexes = [models.Index(fields=["published_at"], name="search_page_published")]

    def __str__(self):
        return self.title


class SearchTerm(models.Model):
    """A word found in the index and how many pages hold it: the vocabulary misspellings are corrected to."""

    word = models.CharField(max_length=60, unique=True)
    pages = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.word


class Synonym(LoadedContent):
    """Words and phrases patients use for the same thing; a search for one finds the others."""

    name = models.SlugField(
        _("name"), max_length=80, unique=True, help_text=_("A short stable name for the group, for example botox.")
    )
    terms = models.TextField(
        _("words and phrases"),
        help_text=_(
            "Comma-separated words or phrases that mean the same thing to a patient, for example "
            "botox, botulinum toxin, injection, jab. Searching for any of them finds pages with the others."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if len(self.term_list()) < 2:
            raise ValidationError({"terms": _("List at least two words or phrases, separated by commas.")})

    def term_list(self):
        """The group's phrases, lowercased and without repeats."""
        return self.phrases(self.terms)

    @staticmethod
    def phrases(terms):
        """The phrases of a `terms` text, lowercased and without repeats (term_list without a row)."""
        phrases = (" ".join(part.lower().split()) for part in terms.replace("\n", ",").split(","))
        return list(dict.fromkeys(phrase for phrase in phrases if phrase))
