"""Handouts: a set of pages a clinician picks for a patient, kept under a short random code.

A handout holds no patient data: only the pages chosen and an optional short note that the
form asks clinicians to keep free of anything that could identify the patient.
"""

import secrets

from django.db import IntegrityError, models, transaction
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from treatments.models import Treatment

# No 0/o, 1/l/i: a code read off paper is typed without guessing. 31**10 ≈ 8 × 10**14 codes.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 10
MIN_CODE_LENGTH = 8
MAX_ITEMS = 20
NOTE_MAX_LENGTH = 500


def new_code():
    """A random code from the operating system's secure source: never a counter."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def is_well_formed_code(code):
    return MIN_CODE_LENGTH <= len(code) <= CODE_LENGTH and all(char in CODE_ALPHABET for char in code)


class HandoutQuerySet(models.QuerySet):
    def with_code(self, code):
        """The handout with `code`; a malformed code matches nothing without asking the database."""
        if not is_well_formed_code(code):
            return self.none()
        return self.filter(code=code)

    def create_pack(self, *, articles=(), treatments=(), compared=(), note="", kind=None):
        """Create a handout with its pages, drawing a new code in the unlikely event of a clash."""
        attempts = 5
        for attempt in range(1, attempts + 1):
            code = new_code()
            try:
                with transaction.atomic():
                    handout = self.create(code=code, note=note, kind=kind or Handout.Kind.SUMMARY)
                    handout.articles.set(articles)
                    handout.treatments.set(treatments)
                    handout.compared_treatments.set(compared)
                    return handout
            except IntegrityError:
                if attempt == attempts or not self.filter(code=code).exists():
                    raise
        raise RuntimeError("No free handout code")  # not reached: the loop returns or raises


class Handout(models.Model):
    class Kind(models.TextChoices):
        SUMMARY = "summary", _("Summary pack: the key points, short answers and one reference list")
        FULL = "full", _("Full pack: every page printed in full")

    kind = models.CharField(
        _("kind of pack"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.SUMMARY,
        help_text=_("A short summary (the default) or every page in full."),
    )
    code = models.CharField(
        _("code"),
        max_length=CODE_LENGTH,
        unique=True,
        editable=False,
        help_text=_("The random part of the short link /h/<code>/."),
    )
    note = models.TextField(
        _("note for the patient"),
        max_length=NOTE_MAX_LENGTH,
        blank=True,
        help_text=_("Plain text shown at the top of the handout. Never anything that identifies the patient."),
    )
    articles = models.ManyToManyField(
        Article, related_name="handouts", blank=True, verbose_name=_("articles"), help_text=_("Articles to include.")
    )
    treatments = models.ManyToManyField(
        Treatment,
        related_name="handouts",
        blank=True,
        verbose_name=_("treatments"),
        help_text=_("Treatment pages to include."),
    )
    compared_treatments = models.ManyToManyField(
        Treatment,
        related_name="handout_comparisons",
        blank=True,
        verbose_name=_("compared treatments"),
        help_text=_("Treatments shown side by side in one comparison table."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = HandoutQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("handout")
        verbose_name_plural = _("handouts")
        constraints = [
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("code"), MIN_CODE_LENGTH),
                name="handout_code_long_enough",
                violation_error_message=_("A handout code has at least 8 characters."),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), NOTE_MAX_LENGTH),
                name="handout_note_short",
                violation_error_message=_("The note can be at most 500 characters long."),
            ),
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("handouts:detail", kwargs={"code": self.code})
