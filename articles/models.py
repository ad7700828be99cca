from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.markdown import plain_text, render_markdown
from core.models import LoadedContent, ReviewedContent

WORDS_PER_MINUTE = 200


class Category(models.TextChoices):
    ABOUT = "about-hfs", _("About hemifacial spasm")
    CAUSES = "causes", _("Causes")
    SYMPTOMS = "symptoms", _("Symptoms")
    DIAGNOSIS = "diagnosis", _("Diagnosis")
    TREATMENTS = "treatments", _("Treatments")
    LIVING = "living-with-hfs", _("Living with hemifacial spasm")
    QUESTIONS = "questions-and-answers", _("Questions and answers")
    SITE = "about-this-site", _("About this site")

    @classmethod
    def description(cls, value):
        return CATEGORY_DESCRIPTIONS.get(value, "")


CATEGORY_DESCRIPTIONS = {
    Category.ABOUT: _("What hemifacial spasm is, who gets it and what it means over the years."),
    Category.CAUSES: _("Why the face twitches: the blood vessel, the facial nerve and rarer causes."),
    Category.SYMPTOMS: _("Where the twitching starts, how it spreads and what makes it worse."),
    Category.DIAGNOSIS: _("How doctors tell hemifacial spasm from other twitches, and the tests."),
    Category.TREATMENTS: _("Injections, surgery, tablets, other approaches and waiting, with numbers."),
    Category.LIVING: _("Everyday life: work, driving, mood, eyes, triggers and support."),
    Category.QUESTIONS: _("Short answers, questions for your doctor and a glossary of terms."),
    Category.SITE: _("Who writes this guide, how it is checked, and how clinicians can use it."),
}


class Reference(LoadedContent):
    """A published source that pages cite with its key, for example [@miller2012]."""

    class Quality(models.TextChoices):
        STANDARD = "standard", _("Peer-reviewed or official source")
        LOW = "low", _("Practice or patient page (low quality)")

    key = models.CharField(
        _("key"),
        max_length=60,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9_-]+$", _("Use lowercase letters, digits, - and _ only."))],
        help_text=_("Short name used to cite it in Markdown, for example miller2012 → [@miller2012]."),
    )
    authors = models.CharField(
        _("authors"), max_length=500, blank=True, help_text=_("As in the source, for example Miller LE, Miller VM.")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, help_text=_("Year of publication."))
    title = models.CharField(_("title"), max_length=500, help_text=_("Title of the paper or page."))
    journal = models.CharField(
        _("journal"), max_length=300, blank=True, help_text=_("Journal with volume and pages, or the publisher.")
    )
    pmid = models.CharField(
        _("PMID"),
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d+$", _("A PubMed ID is digits only."))],
        help_text=_("PubMed identifier, digits only, if the paper has one."),
    )
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        blank=True,
        validators=[RegexValidator(r"^10\.\S+/\S+$", _("A DOI starts with 10. and contains a slash."))],
        help_text=_("Digital Object Identifier without the https://doi.org/ prefix."),
    )
    url = models.URLField(_("web address"), blank=True, help_text=_("Only when there is no PMID or DOI."))
    quality = models.CharField(
        _("quality"),
        max_length=10,
        choices=Quality.choices,
        default=Quality.STANDARD,
        help_text=_("Practice and patient pages are used for practical details only, never for outcome rates."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("Caveats about this source."))

    class Meta:
        ordering = ["key"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")

    def __str__(self):
        year = f" ({self.year})" if self.year else ""
        return f"{self.authors or self.journal}{year}. {self.title}"

    @property
    def link(self):
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """Articles the public may read: published, and their publication time has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def visible_to(self, user, *, now=None):
        if user is not None and user.is_active and user.is_staff:
            return self.all()
        return self.published(now=now)

    def in_category(self, category):
        return self.filter(category=category)


class Article(ReviewedContent, LoadedContent):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200, help_text=_("A plain question or phrase a patient would use."))
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The address of the page: /articles/<slug>/. Keep it stable once shared."),
    )
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two plain sentences, shown in lists and link previews.")
    )
    body = models.TextField(
        _("body"),
        help_text=_("Markdown. Sections start with ##. Cite sources with [@key]; every number needs a citation."),
    )
    body_html = models.TextField(editable=False, default="")
    toc = models.JSONField(editable=False, default=list)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    category = models.CharField(
        _("category"), max_length=40, choices=Category.choices, help_text=_("Where the article is listed.")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Position in its category; lower comes first.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Only published articles are public."),
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("When it becomes public. A future time schedules it; it appears by itself then."),
    )
    references = models.ManyToManyField(Reference, through="Citation", related_name="articles", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message=_("A published article needs a publication date and time."),
            ),
            models.CheckConstraint(
                condition=Q(next_review_due__gte=models.F("last_reviewed")),
                name="article_review_dates_in_order",
                violation_error_message=_("The next review cannot be before the last review."),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        rendered = self.render()
        self.body_html = rendered.html
        self.toc = rendered.toc
        words = len(plain_text(rendered.html).split())
        self.reading_minutes = max(1, round(words / WORDS_PER_MINUTE))
        super().save(*args, **kwargs)
        self._sync_citations(rendered.cited_keys)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.status == self.Status.PUBLISHED and not self.published_at:
            raise ValidationError({"published_at": _("A published article needs a publication date and time.")})
        unknown = self.render().unknown_keys
        if unknown:
            raise ValidationError(
                {
                    "body": _("Unknown citation key(s): %(keys)s. Add the reference first or correct the key.")
                    % {"keys": ", ".join(unknown)}
                }
            )

    def render(self):
        known = set(Reference.objects.values_list("key", flat=True))
        return render_markdown(self.body, known_keys=known)

    def _sync_citations(self, cited_keys):
        by_key = Reference.objects.in_bulk(cited_keys, field_name="key")
        self.citations.all().delete()
        Citation.objects.bulk_create(
            Citation(article=self, reference=by_key[key], number=number)
            for number, key in enumerate(cited_keys, start=1)
            if key in by_key
        )

    @property
    def category_label(self):
        return Category(self.category).label

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class Citation(models.Model):
    """A reference cited by an article, with its number in that article's reference list."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="citations")
    number = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "reference"], name="citation_once_per_article"),
            models.UniqueConstraint(fields=["article", "number"], name="citation_number_unique"),
        ]

    def __str__(self):
        return f"[{self.number}] {self.reference.key}"
