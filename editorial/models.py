from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewerProfile(models.Model):
    """How a medical reviewer is named on the pages they sign off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviewer_profile",
        verbose_name=_("user"),
        help_text=_("The admin account of the reviewer."),
    )
    full_name = models.CharField(
        _("name shown on pages"),
        max_length=200,
        help_text=_('Your name as readers should see it, for example "Dr Amina Patel".'),
    )
    credentials = models.CharField(
        _("credentials"),
        max_length=300,
        help_text=_('Your role and qualifications, for example "Consultant neurologist, MRCP".'),
    )

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")
        # The two powers that set a medical reviewer apart from an editor, for every kind of page.
        permissions = [
            ("publish_content", _("Can publish and unpublish pages")),
            ("review_content", _("Can mark pages reviewed")),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.credentials})"


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Revision.Status.PENDING)

    def for_object(self, obj):
        from django.contrib.contenttypes.models import ContentType

        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def due(self, *, now):
        """Approved for a time that has come, and not yet applied."""
        return self.filter(status=Revision.Status.APPROVED, applied_at__isnull=True, approve_at__lte=now)


class Revision(models.Model):
    """A change to published content, kept aside until a medical reviewer approves it.

    `snapshot` holds the changed object and its parts as they would be saved (see
    editorial.revisions); readers keep seeing the live rows until the revision is applied.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Sent back")

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    # Empty when the revision adds a new object.
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    page = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("what"), max_length=300)
    summary = models.CharField(_("change"), max_length=300, blank=True)
    snapshot = models.JSONField()
    # Fingerprint of the live object and its parts when the change was made: approving a
    # revision whose base has changed since would silently undo someone else's work.
    base_fingerprint = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submitted_revisions", verbose_name=_("by")
    )
    submitted_at = models.DateTimeField(_("sent"), default=timezone.now)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_revisions",
        verbose_name=_("reviewer"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    comment = models.TextField(
        _("comment"), blank=True, help_text=_("For the editor: why it was sent back, or what to know.")
    )
    approve_at = models.DateTimeField(_("goes live at"), null=True, blank=True)
    review_months = models.PositiveSmallIntegerField(_("next review in (months)"), default=12)
    applied_at = models.DateTimeField(_("live since"), null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]

    def __str__(self):
        return f"{self.title}: {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("admin:editorial_revision_change", args=[self.pk])

    @property
    def is_scheduled(self):
        return self.status == self.Status.APPROVED and self.applied_at is None
