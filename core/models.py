"""Abstract models shared by the content apps (articles, treatments)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewedContent(models.Model):
    """A page that a reviewer signs off, with the date the next review is due."""

    last_reviewed = models.DateField(
        _("last reviewed"),
        help_text=_("The date a reviewer last checked this page against its sources."),
    )
    next_review_due = models.DateField(
        _("next review due"),
        help_text=_("When the page must be checked again; at most 12 months after the last review."),
    )
    reviewer_name = models.CharField(
        _("reviewer"),
        max_length=200,
        help_text=_('Who reviewed it, for example "HFS Guide editorial team" or a clinician\'s name.'),
    )
    changed_since_review = models.BooleanField(
        _("changed since last review"),
        default=False,
        editable=False,
        help_text=_("Set when someone edits the page in admin; cleared when a reviewer marks it reviewed."),
    )
    reviewer_credentials = models.CharField(
        _("reviewer credentials"),
        max_length=300,
        blank=True,
        help_text=_("The reviewer's role and qualifications, shown beside their name."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        # Only dates are compared: a field that failed its own validation is reported already.
        dates = (self.last_reviewed, self.next_review_due)
        if all(isinstance(d, datetime.date) for d in dates) and self.next_review_due < self.last_reviewed:
            raise ValidationError({"next_review_due": _("The next review cannot be before the last review.")})

    @property
    def is_reviewed(self):
        """Signed off by a reviewer at least once (a page added in admin is not, until "Mark reviewed")."""
        return bool(self.reviewer_name)

    @property
    def is_review_overdue(self):
        return self.is_reviewed and self.next_review_due is not None and self.next_review_due < timezone.localdate()


class LoadedContent(models.Model):
    """Bookkeeping for rows that `load_content` creates from the shipped content folder.

    `source_hash` identifies the file record last loaded; `loaded_fingerprint` is the row's own
    state right after that load, so a later difference means an editor changed it in admin.
    """

    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    loaded_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True
