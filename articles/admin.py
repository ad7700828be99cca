"""The editorial admin for articles, references, images and what-changed notes.

Roles, review, history and version comparison come from editorial.admin.EditorialAdmin.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.readability import GRADE_LIMIT, is_above_limit
from editorial import services
from editorial.admin import EditorialAdmin, FlagsReviewedPages, ReviewDueFilter
from editorial.forms import EditorialModelForm
from editorial.preview import BodyWithPreview, is_preview, previewing_form
from editorial.services import images_in_use, publish, unpublish
from references.models import Citation

from .images import inspect_upload
from .models import Article, ArticleChangeNote, ArticleImage


class PublicationFilter(admin.SimpleListFilter):
    title = gettext_lazy("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("live", gettext_lazy("Public now")),
            ("scheduled", gettext_lazy("Scheduled")),
            ("draft", gettext_lazy("Draft")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = Q(status=Article.Status.PUBLISHED)
        if self.value() == "live":
            return queryset.filter(published, published_at__lte=now)
        if self.value() == "scheduled":
            return queryset.filter(published, published_at__gt=now)
        if self.value() == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        return queryset


class CitationInline(GenericTabularInline):
    """Citations are derived from the body's [@key] markers on save, so they are read-only here."""

    model = Citation
    extra = 0
    can_delete = False
    fields = ("number", "reference")
    readonly_fields = ("number", "reference")
    verbose_name = gettext_lazy("citation (from the body's [@key] markers)")
    verbose_name_plural = gettext_lazy("citations (from the body's [@key] markers)")

    def get_queryset(self, request):
        # Each row shows its reference: fetched with the citations, not one query per row.
        return super().get_queryset(request).select_related("reference")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ArticleChangeNoteInline(admin.TabularInline):
    model = ArticleChangeNote
    extra = 0
    fields = ("date", "text")
    verbose_name = gettext_lazy("public “what changed” note")
    verbose_name_plural = gettext_lazy("Public “what changed” notes, shown on the page with their dates")


def grade_html(grade):
    if grade is None:
        return format_html('<span class="grade">{}</span>', _("not yet measured"))
    if is_above_limit(grade):
        return format_html(
            '<span class="grade grade-high"><span aria-hidden="true">⚠</span> {} '
            '<span class="grade-note">{}</span></span>',
            grade,
            _("above %(limit)s") % {"limit": GRADE_LIMIT},
        )
    return format_html('<span class="grade">{}</span>', grade)


@admin.register(Article)
class ArticleAdmin(EditorialAdmin):
    list_display = ("title", "category", "publication", "last_reviewed", "review_due", "grade")
    list_filter = (ReviewDueFilter, PublicationFilter, "category")
    search_fields = ("title", "slug", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [ArticleChangeNoteInline, CitationInline]
    actions = [*EditorialAdmin.actions, "publish_action", "unpublish_action"]
    readonly_fields = ("readability", "reading_minutes")
    history_list_per_page = 50
    fieldsets = (
        (None, {"fields": ("title", "slug", "category", "order", "summary", "key_points", "body")}),
        (gettext_lazy("Reading level"), {"fields": ("readability", "reading_minutes")}),
        (
            gettext_lazy("Publishing"),
            {
                "fields": ("status", "published_at"),
                "description": gettext_lazy("Only a medical reviewer can publish or unpublish an article."),
            },
        ),
        (
            gettext_lazy("Review"),
            {
                "fields": ("last_reviewed", "next_review_due", "reviewer_name", "reviewer_credentials"),
                "description": gettext_lazy(
                    "Set by a medical reviewer with “Mark reviewed” at the top of this page, which signs the page off."
                ),
            },
        ),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if request.method == "GET" and match and match.url_name == "articles_article_changelist":
            # The list shows none of the long texts: a page of 100 rows need not read 100 bodies.
            # (Actions are POSTs and get whole rows, as the services that save them expect.)
            queryset = queryset.defer("body", "body_html", "key_points", "key_points_html", "toc")
        return queryset

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            # A whole article is written here: room for a screenful, not the admin's 10 rows,
            # and a Preview button that shows it rendered, from the server (no script).
            kwargs["widget"] = BodyWithPreview(attrs={"class": "vLargeTextField", "rows": 32, "cols": 100})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if is_preview(request) and "body" in form.base_fields:
            form = previewing_form(form, field_name="body", render=lambda text: Article(body=text).render().html)
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if is_preview(request):
            # A preview is not a mistake: no "Please correct the errors" note, but say nothing was saved.
            context["errors"] = []
            messages.info(
                request, _("This is a preview: nothing is saved yet. Check it below the body, then press Save.")
            )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    @admin.display(description=gettext_lazy("publication"), ordering="published_at")
    def publication(self, obj):
        if obj.status == Article.Status.DRAFT:
            return _("Draft")
        if obj.is_scheduled:
            return _("Scheduled for %(when)s") % {
                "when": date_format(timezone.localtime(obj.published_at), "DATETIME_FORMAT")
            }
        return _("Public")

    @admin.display(description=gettext_lazy("next review due"), ordering="next_review_due")
    def review_due(self, obj):
        if obj.is_review_overdue:
            return format_html(
                '<span class="review-overdue">{} <strong>{}</strong></span>',
                date_format(obj.next_review_due),
                _("overdue"),
            )
        return obj.next_review_due

    @admin.display(description=gettext_lazy("reading grade"), ordering="reading_grade")
    def grade(self, obj):
        return grade_html(obj.reading_grade)

    @admin.display(description=gettext_lazy("reading grade (Flesch-Kincaid)"))
    def readability(self, obj):
        if obj is None or obj.pk is None:
            return _("Worked out when you save.")
        advice = (
            _("Above grade %(limit)s: use shorter sentences and everyday words, and split long paragraphs.")
            if is_above_limit(obj.reading_grade)
            else _("Grade %(limit)s or lower: plain enough for most readers.")
        ) % {"limit": GRADE_LIMIT}
        return format_html('{} <span class="grade-advice">{}</span>', grade_html(obj.reading_grade), advice)

    @admin.action(description=gettext_lazy("Publish the selected articles"), permissions=["publish"])
    def publish_action(self, request, queryset):
        self._apply(request, queryset, publish, _("Published: %(titles)s."))

    @admin.action(
        description=gettext_lazy("Unpublish the selected articles (make them drafts)"), permissions=["publish"]
    )
    def unpublish_action(self, request, queryset):
        self._apply(request, queryset, unpublish, _("Unpublished: %(titles)s."))

    def _apply(self, request, queryset, step, success):
        done = []
        for article in queryset:
            try:
                step(article, user=request.user)
            except ValidationError as error:
                self.message_user(request, f"{article}: {' '.join(error.messages)}", messages.ERROR)
            except PermissionDenied:
                self.message_user(request, _("You may not do that."), messages.ERROR)
                return
            else:
                self.log_change(request, article, [{"changed": {"fields": ["status", "published_at"]}}])
                done.append(str(article))
        if done:
            self.message_user(request, success % {"titles": ", ".join(done)}, messages.SUCCESS)


class ImageUploadField(forms.ImageField):
    """Runs articles.images.inspect_upload instead of Django's generic image check, for clear messages."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        inspect_upload(upload)
        return upload


class ArticleImageForm(EditorialModelForm):
    image = ImageUploadField(
        label=gettext_lazy("Image file"),
        widget=AdminFileWidget,
        help_text=ArticleImage._meta.get_field("image").help_text,
    )

    class Meta:
        model = ArticleImage
        fields = ("slug", "image", "alt_text", "caption")


@admin.register(ArticleImage)
class ArticleImageAdmin(FlagsReviewedPages):
    form = ArticleImageForm
    list_display = ("thumbnail", "slug", "alt_text", "size", "markdown_code")
    search_fields = ("slug", "alt_text", "caption")
    fields = ("slug", "image", "alt_text", "caption", "preview", "markdown_code", "size", "used_in")
    readonly_fields = ("preview", "markdown_code", "size", "used_in")
    actions = None  # no bulk delete: deleting goes through the checks in get_deleted_objects

    @admin.display(description=gettext_lazy("preview"))
    def thumbnail(self, obj):
        if not obj.thumbnail_url:
            return "—"
        smallest = obj.renditions[0]
        height = round(120 * smallest["height"] / smallest["width"])
        return format_html(
            '<img src="{}" alt="" class="image-thumb" width="120" height="{}">', obj.thumbnail_url, height
        )

    @admin.display(description=gettext_lazy("preview"))
    def preview(self, obj):
        if obj is None or not obj.renditions:
            return _("Shown after saving.")
        source = obj.source()
        return format_html(
            '<img src="{}" srcset="{}" sizes="40rem" width="{}" height="{}" alt="{}" class="image-preview">',
            source.src,
            source.srcset,
            source.width,
            source.height,
            source.alt,
        )

    @admin.display(description=gettext_lazy("insert it with"))
    def markdown_code(self, obj):
        if obj is None or not obj.slug:
            return "—"
        return format_html("<code>{}</code>", obj.markdown)

    @admin.display(description=gettext_lazy("size"))
    def size(self, obj):
        if obj is None or not obj.width:
            return "—"
        widths = ", ".join(str(r["width"]) for r in obj.renditions)
        return _("%(w)s × %(h)s pixels; WebP copies %(widths)s pixels wide") % {
            "w": obj.width,
            "h": obj.height,
            "widths": widths,
        }

    @admin.display(description=gettext_lazy("used in"))
    def used_in(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        articles = images_in_use(image=obj).only("title", "slug")
        if not articles:
            return _("No article yet.")
        return format_html_join(", ", '<a href="{}">{}</a>', ((a.get_absolute_url(), a.title) for a in articles))

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            for article in images_in_use(image=image).only("title"):
                protected.append(
                    _("Article “%(title)s” shows this image; remove it from the article first.")
                    % {"title": article.title}
                )
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        services.flag_changed(obj=obj)
        services.delete_image(user=request.user, image=obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if "image" in form.changed_data and obj.renditions:
            self.message_user(
                request,
                ngettext(
                    "Made %(count)d resized WebP copy for fast pages.",
                    "Made %(count)d resized WebP copies for fast pages.",
                    len(obj.renditions),
                )
                % {"count": len(obj.renditions)},
                messages.INFO,
            )
