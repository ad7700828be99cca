"""Sources that pages cite, and the numbered citations of one page.

A page of any content app cites a reference with [@key] in its Markdown. `Citation` rows are
derived from that text on save (see references.markdown), so this app never needs to know which
models cite: a citation points at its page through a generic relation.
"""

from urllib.parse import quote

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import LoadedContent

PUBMED_SEARCH = "https://pubmed.ncbi.nlm.nih.gov/?term="


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
    # One number for the whole site, given on creation and never reused (references.rendering).
    number = models.PositiveIntegerField(_("number"), unique=True, editable=False)

    # The tables keep the names they had when the model lived in `articles` (moved, not recreated).
    history = HistoricalRecords(
        excluded_fields=["source_hash", "loaded_fingerprint"], table_name="articles_historicalreference"
    )
    # Its own page in the editorial history (editorial.registry).
    title_field = "key"
    page_lookup = ""

    class Meta:
        db_table = "articles_reference"
        ordering = ["key"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")

    def __str__(self):
        year = f" ({self.year})" if self.year else ""
        return f"{self.authors or self.journal}{year}. {self.title}"

    def save(self, *args, **kwargs):
        if self.number is None:
            self.number = next_reference_number()
        super().save(*args, **kwargs)

    @property
    def is_search_link(self):
        """The address only searches PubMed for the title: no identifier was found for this source."""
        return not (self.pmid or self.doi) and self.url.startswith(PUBMED_SEARCH)

    @property
    def doi_link(self):
        # Old Wiley DOIs hold characters such as < > ; that are not allowed in a URL as they stand.
        return f"https://doi.org/{quote(self.doi, safe='/():.-_')}" if self.doi else ""

    @property
    def link(self):
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return self.doi_link or self.url


def next_reference_number():
    """One more than any number ever given, counting deleted references (kept in the history)."""
    used = [
        model.objects.aggregate(highest=models.Max("number"))["highest"] or 0
        for model in (Reference, Reference.history.model)
    ]
    return max(used) + 1


class CitationQuerySet(models.QuerySet):
    def of(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class Citation(models.Model):
    """A reference cited by a page, with the reference's site-wide number."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    page = GenericForeignKey("content_type", "object_id")
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="citations")
    number = models.PositiveSmallIntegerField()

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_page")]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "reference"], name="citation_once_per_page"),
            models.UniqueConstraint(fields=["content_type", "object_id", "number"], name="citation_number_per_page"),
        ]

    def __str__(self):
        return f"[{self.number}] {self.reference.key}"


def sync_citations(obj, cited_keys):
    """Store the references `obj`'s text cites, each with its site-wide number."""
    by_key = Reference.objects.in_bulk(cited_keys, field_name="key")
    content_type = ContentType.objects.get_for_model(obj)
    wanted = sorted((by_key[key].number, by_key[key].pk) for key in dict.fromkeys(cited_keys) if key in by_key)
    existing = Citation.objects.filter(content_type=content_type, object_id=obj.pk)
    if sorted(existing.values_list("number", "reference_id")) == wanted:
        return
    existing.delete()
    Citation.objects.bulk_create(
        Citation(content_type=content_type, object_id=obj.pk, reference_id=reference_id, number=number)
        for number, reference_id in wanted
    )
