import secrets

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.markdown import ImageSource, image_slugs, plain_text
from core.models import LoadedContent, ReviewedContent
from core.readability import readability_grade
from references.models import Citation, Reference, sync_citations
from references.rendering import reference_numbers, render_cited

from .images import process_image

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

    @classmethod
    def card(cls, value, **extra):
        """What a page needs to show one topic: its slug, name and description."""
        category = cls(value)
        return {"value": category.value, "label": category.label, "description": cls.description(category), **extra}


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


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """Articles the public may read: published, and their publication time has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def visible_to(self, user, *, now=None):
        # By permission, not is_staff: a staff account without it sees only what readers see.
        if user is not None and user.is_active and user.has_perm("articles.view_article"):
            return self.all()
        return self.published(now=now)

    def in_category(self, category):
        return self.filter(category=category)

    def in_reading_order(self):
        """Topic by topic, in the order the site lists the topics, then by position and title."""
        topic_position = models.Case(
            *(
                models.When(category=value, then=models.Value(position))
                for position, value in enumerate(Category.values)
            ),
            default=models.Value(len(Category.values)),
            output_field=models.IntegerField(),
        )
        return self.order_by(topic_position, "order", "title")

    def drafts(self):
        return self.filter(status=Article.Status.DRAFT)

    def using_image(self, slug):
        # The whole slug: "nerve" must not match "image:nerve-root". Slugs hold only [A-Za-z0-9_-].
        return self.filter(body__regex=rf"image:{slug}([^A-Za-z0-9_-]|$)")


class Article(ReviewedContent, LoadedContent):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200, help_text=_("A plain question or phrase a patient would use."))
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        # Admin help text is HTML, so no angle brackets here.
        help_text=_("The end of the page's address, /articles/this-slug/. Keep it stable once shared."),
    )
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two plain sentences, shown in lists and link previews.")
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "Markdown. Sections start with ##. Cite sources with [@key]; every number needs a citation. "
            "Insert an uploaded image on a line of its own with ![](image:its-slug)."
        ),
    )
    body_html = models.TextField(editable=False, default="")
    key_points = models.TextField(
        _("key points"),
        blank=True,
        help_text=_(
            "Optional. 3 to 5 short points, one per line starting with '- ', each with its citation [@key]. "
            "Shown first on the page and in summary handouts."
        ),
    )
    key_points_html = models.TextField(editable=False, default="")
    toc = models.JSONField(editable=False, default=list)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    reading_grade = models.DecimalField(
        _("reading grade"),
        max_digits=4,
        decimal_places=1,
        null=True,
        editable=False,
        help_text=_("Flesch-Kincaid grade of the body text, worked out on save; aim for 8 or lower."),
    )
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
    citations = GenericRelation(Citation, related_query_name="article")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()
    # Declared for the layers above (editorial.registry, sharing.cards), which never name this model.
    title_field = "title"
    page_lookup = ""
    share_card_kicker = _("Article")
    # Derived and bookkeeping fields are left out: they follow from the tracked ones.
    history = HistoricalRecords(
        excluded_fields=["body_html", "key_points_html", "toc", "reading_minutes", "reading_grade", "source_hash",
                         "loaded_fingerprint", "updated_at"],
    )  # fmt: skip

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # Related pages and category lists: published articles of one category, in order.
            models.Index(fields=["category", "status", "order"], name="article_category_status_order"),
            # The article list: every public article numbered within its category from the index alone.
            models.Index(
                fields=["status", "category", "order", "title", "published_at"], name="article_public_listing"
            ),
            # The review dashboard: drafts by last change, and reviews coming due.
            models.Index(fields=["status", "-updated_at"], name="article_status_updated"),
            models.Index(fields=["next_review_due"], name="article_next_review_due"),
            # The dashboard's "changed since its review": few rows, newest first.
            models.Index(
                fields=["-updated_at"], condition=Q(changed_since_review=True), name="article_changed_since_review"
            ),
        ]
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

    # Stored rendered on save (references.rendering.render_stale finds them by this name).
    rendered_fields = ("body", "key_points")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        rendered, key_points = self._rendered()
        del self._rendering  # the next save renders afresh (a reference or image may have changed)
        self._apply_rendering(rendered)
        self.key_points_html = key_points.html
        super().save(*args, **kwargs)
        sync_citations(self, rendered.cited_keys + key_points.cited_keys)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.status == self.Status.PUBLISHED and not self.published_at:
            # Publishing without a time means "now"; a time in the future schedules it.
            self.published_at = timezone.now()
        if self.status == self.Status.PUBLISHED:
            self.check_publishable()
        rendered, key_points = self._rendered()
        problems = []
        if rendered.unknown_keys:
            problems.append(
                _("Unknown citation key(s): %(keys)s. Add the reference first or correct the key.")
                % {"keys": ", ".join(rendered.unknown_keys)}
            )
        if rendered.unknown_images:
            problems.append(
                _("Unknown image(s): %(slugs)s. Upload the image under Images first or correct its name.")
                % {"slugs": ", ".join(rendered.unknown_images)}
            )
        errors = {"body": problems} if problems else {}
        if key_points.unknown_keys:
            errors["key_points"] = _(
                "Unknown citation key(s): %(keys)s. Add the reference first or correct the key."
            ) % {"keys": ", ".join(key_points.unknown_keys)}
        if errors:
            raise ValidationError(errors)

    def check_publishable(self):
        """The one publish rule (editorial.services.publish and clean() both use it)."""
        if not self.reviewer_name:
            raise ValidationError(
                {"status": _("A medical reviewer must mark this article reviewed before it is published.")}
            )

    def _rendered(self):
        """(body, key points) rendered; full_clean() and the save() after it render them once.

        Kept only while the texts are the ones it was made from: any edit renders afresh.
        """
        made_from = (self.body, self.key_points)
        cached = self.__dict__.get("_rendering")
        if cached is None or cached[0] != made_from:
            numbers = reference_numbers()
            rendered = self.render(numbers)
            cached = (made_from, rendered, self.render_key_points(rendered, numbers))
            self._rendering = cached
        return cached[1], cached[2]

    def render(self, numbers=None):
        slugs = image_slugs(self.body)
        images = {image.slug: image.source() for image in ArticleImage.objects.filter(slug__in=slugs)} if slugs else {}
        return render_cited(self.body, numbers=numbers, images=images)

    def render_key_points(self, body=None, numbers=None):
        """The key points, with the same site-wide citation numbers as the body."""
        return render_cited(self.key_points, numbers=numbers)

    def refresh_rendering(self, numbers=None):
        """Re-render the stored HTML (after an image it shows changed) without recording an edit."""
        numbers = reference_numbers() if numbers is None else numbers
        rendered = self.render(numbers)
        self._apply_rendering(rendered)
        key_points = self.render_key_points(rendered, numbers)
        self.key_points_html = key_points.html
        Article.objects.filter(pk=self.pk).update(
            body_html=self.body_html,
            key_points_html=self.key_points_html,
            toc=self.toc,
            reading_minutes=self.reading_minutes,
            reading_grade=self.reading_grade,
        )
        sync_citations(self, rendered.cited_keys + key_points.cited_keys)

    def _apply_rendering(self, rendered):
        self.body_html = rendered.html
        self.toc = rendered.toc
        words = len(plain_text(rendered.html).split())
        self.reading_minutes = max(1, round(words / WORDS_PER_MINUTE))
        self.reading_grade = readability_grade(rendered.html)

    @property
    def references(self):
        """The sources the body cites, as a queryset."""
        return Reference.objects.filter(citations__article=self)

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

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at is not None and not self.is_public


class ArticleChangeNote(models.Model):
    """A public note of a clinically significant change, shown with its date on the article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="change_notes")
    date = models.DateField(
        _("date"), default=timezone.localdate, help_text=_("When the change was made public. Not in the future.")
    )
    text = models.TextField(
        _("what changed"),
        max_length=500,
        help_text=_(
            "One or two plain sentences for readers, for example "
            '"We added the results of a 2024 review of surgery outcomes." Plain text, no Markdown.'
        ),
    )

    history = HistoricalRecords()
    page_lookup = "article"  # the page it belongs to, for editorial.registry

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("what-changed note")
        verbose_name_plural = _("what-changed notes")

    def __str__(self):
        return f"{self.date:%Y-%m-%d}: {self.text[:60]}"

    def clean(self):
        super().clean()
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("A change note cannot be dated in the future.")})


def image_upload_to(instance, filename):
    # A fresh random folder per upload: names never repeat, so files can be cached for ever.
    return f"images/{secrets.token_hex(8)}/{filename}"


class RandomFolderImageField(models.ImageField):
    """An ImageField that leaves its upload folder out of migrations, so no migration imports this module.

    Where a file goes is not part of the schema; migrations see a plain ImageField.
    """

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["upload_to"] = ""
        return name, "django.db.models.ImageField", args, kwargs


class ArticleImage(models.Model):
    """An uploaded picture (a photo or diagram) that articles insert with ![](image:slug)."""

    slug = models.SlugField(
        _("name"),
        max_length=80,
        unique=True,
        help_text=_("A short name used to insert it in an article: ![](image:facial-nerve). Cannot change later."),
    )
    image = RandomFolderImageField(
        _("image file"),
        upload_to=image_upload_to,
        max_length=200,
        help_text=_("A JPEG, PNG or WebP image, at most 10 MB and 40 megapixels."),
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_(
            "What the image shows, for someone who cannot see it, in one plain sentence. "
            'For a diagram, say what it explains: "The facial nerve leaves the brainstem beside an artery."'
        ),
    )
    caption = models.CharField(
        _("caption"),
        max_length=300,
        blank=True,
        help_text=_("Shown under the image for everyone; include the source or credit if needed."),
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    # [{"width": 480, "height": 320, "name": "images/…/slug-480w.webp"}, …], smallest first.
    renditions = models.JSONField(editable=False, default=list)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.slug

    def save(self, *args, **kwargs):
        new_files = self._store_new_upload() if self.image and not self.image._committed else []
        old_files = self._stored_files_of_saved_row() if new_files else []
        try:
            super().save(*args, **kwargs)
        except Exception:
            _delete_files(new_files)
            raise
        if old_files:
            transaction.on_commit(lambda: _delete_files(old_files))
        # Pages that show the image get its new file, alt text or caption.
        for article in Article.objects.using_image(self.slug):
            article.refresh_rendering()

    def delete(self, *args, **kwargs):
        files = self.stored_files()
        result = super().delete(*args, **kwargs)
        transaction.on_commit(lambda: _delete_files(files))
        return result

    def source(self):
        """What the Markdown renderer needs to insert this image."""
        renditions = self.renditions or []
        if not renditions:
            return ImageSource(self.image.url, "", self.width, self.height, self.alt_text, self.caption)
        # The 800-pixel one (or the largest below it) is the fallback for browsers without srcset.
        fallback = max((r for r in renditions if r["width"] <= 800), key=lambda r: r["width"], default=renditions[0])
        return ImageSource(
            src=default_storage.url(fallback["name"]),
            srcset=", ".join(f"{default_storage.url(r['name'])} {r['width']}w" for r in renditions),
            width=fallback["width"],
            height=fallback["height"],
            alt=self.alt_text,
            caption=self.caption,
        )

    @property
    def markdown(self):
        return f"![](image:{self.slug})"

    @property
    def thumbnail_url(self):
        return default_storage.url(self.renditions[0]["name"]) if self.renditions else ""

    def stored_files(self):
        names = [r["name"] for r in self.renditions or []]
        return ([self.image.name] if self.image and self.image.name else []) + names

    def _stored_files_of_saved_row(self):
        if self.pk is None:
            return []
        previous = ArticleImage.objects.filter(pk=self.pk).first()
        return previous.stored_files() if previous else []

    def _store_new_upload(self):
        """Store the cleaned original and its WebP renditions; return the stored names."""
        processed = process_image(self.image.file)
        self.image.save(f"{self.slug}.{processed.extension}", ContentFile(processed.content), save=False)
        folder = self.image.name.rsplit("/", 1)[0]
        self.width, self.height = processed.width, processed.height
        self.renditions = []
        for rendition in processed.renditions:
            name = default_storage.save(f"{folder}/{self.slug}-{rendition.width}w.webp", ContentFile(rendition.content))
            self.renditions.append({"width": rendition.width, "height": rendition.height, "name": name})
        return self.stored_files()


def _delete_files(names):
    for name in names:
        default_storage.delete(name)
