"""Which pages get a link-preview card of their own, and where each card is served."""

from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from .og_images import cached_card, card_version


@dataclass(frozen=True)
class CardKind:
    model: type
    kicker: str
    title_field: str = "title"

    def public_queryset(self):
        """Only public pages get a card, so a draft's title never leaks through its image.

        A model with a `published()` queryset method has drafts; one without has none.
        """
        manager = self.model.objects
        return manager.published() if hasattr(manager, "published") else manager.all()

    def title_of(self, obj):
        return getattr(obj, self.title_field)


@lru_cache(maxsize=1)
def card_kinds():
    """{URL segment: CardKind} for every model that declares a `share_card_kicker` (it also has a
    `slug` and a `title_field`). The segment is the model's app label: one card kind per app."""
    return {
        model._meta.app_label: CardKind(model, model.share_card_kicker, getattr(model, "title_field", "title"))
        for model in apps.get_models()
        if hasattr(model, "share_card_kicker")
    }


def kind_of(obj):
    for name, kind in card_kinds().items():
        if getattr(getattr(obj, "_meta", None), "concrete_model", None) is kind.model:
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
    card_kind = card_kinds()[kind]
    path = reverse("sharing:card", kwargs={"kind": kind, "slug": obj.slug})
    return f"{path}?v={current_version(card_kind.title_of(obj), card_kind.kicker)}"
