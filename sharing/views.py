from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from .cards import card_kinds, card_png, current_version, default_title

# A card asked for by its current version may be kept by caches for long; any other address
# (an old `v` after a rename, or none) is answered with the current card and a short lifetime.
LONG_CACHE = 60 * 60 * 24 * 30
SHORT_CACHE = 60 * 60


def _png_response(request, png, version):
    response = HttpResponse(png, content_type="image/png")
    max_age = LONG_CACHE if request.GET.get("v") == version else SHORT_CACHE
    patch_cache_control(response, public=True, max_age=max_age)
    return response


@require_GET
def card(request, kind, slug):
    card_kind = card_kinds().get(kind)
    if card_kind is None:
        raise Http404("No such kind of page")
    page = get_object_or_404(card_kind.public_queryset().only(card_kind.title_field, "slug"), slug=slug)
    title = card_kind.title_of(page)
    return _png_response(request, card_png(title, card_kind.kicker), current_version(title, card_kind.kicker))


@require_GET
def default_card(request):
    title = default_title()
    return _png_response(request, card_png(title), current_version(title))
