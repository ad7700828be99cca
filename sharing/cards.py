"""Which pages get a link-preview card of their own, and where each card is served."""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .og_images import cached_card, card_version


@dataclass(frozen=True)
class CardKind:
    model_label: str
    kicker: str
    title_field: str = "title"

    def public_queryset(self):
        """Only public pages get a card, so a draft's title never leaks through its image.

        A model with a `published()` queryset method has drafts; one without has none.
        """
        manager = apps.get_model(self.model_label).objects
        return manager.published() if hasattr(manager, "published") else manager.all()

    def title_of(self, obj):
        return getattr(obj, self.title_field)


# The URL segment of each kind of page that gets a card of its own; the model needs a `slug`.
CARD_KINDS = {
    "articles": CardKind("articles.Article", _("Article")),
    "treatments": CardKind("treatments.Treatment", _("Treatment option"), title_field="name"),
}


def kind_of(obj):
    for name, kind in CARD_KINDS.items():
        if getattr(getattr(obj, "_meta", None), "label", None) == kind.model_label:
            return name
    return None


def default_title():
    return gettext("Hemifacial spasm, explained in plain words")


def tagline():
    return gettext("Plain-language information about hemifacial spasm")


def card_png(title, kicker=""):
    return cached_card(title, kicker=str(kicker), site_name=settings.SITE_NAME, tagline=tagline())


def current_version(title, kicker=""):
    return card_version(title, str(kicker), settings.SITE_NAME, tagline())


def card_path(obj=None):
    """The site-relative address of the card for `obj`, or of the default card.

    The `v` parameter changes with the title, so messaging apps that cache previews by address
    fetch the new card after a rename.
    """
    kind = kind_of(obj) if obj is not None else None
    if kind is None:
        return f"{reverse('sharing:default-card')}?v={current_version(default_title())}"
    card_kind = CARD_KINDS[kind]
    path = reverse("sharing:card", kwargs={"kind": kind, "slug": obj.slug})
    return f"{path}?v={current_version(card_kind.title_of(obj), card_kind.kicker)}"
