from django.conf import settings
from django.db import models
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
