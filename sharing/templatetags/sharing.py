from django import template
from django.conf import settings
from django.utils.translation import gettext

from sharing.cards import card_kinds, card_path, default_title, kind_of
from sharing.links import absolute_url, short_url
from sharing.qr import qr_svg

register = template.Library()


@register.simple_tag
def qr_code(url, label=""):
    """Inline SVG QR code of `url`; `label` is read out by screen readers."""
    return qr_svg(url, label or gettext("QR code of the address %(url)s") % {"url": url})


@register.simple_tag(takes_context=True)
def page_url(context, obj):
    """The public address of a model instance's page."""
    return absolute_url(context.get("request"), obj.get_absolute_url())


@register.filter
def shorten_url(url):
    return short_url(url) if url else ""


@register.inclusion_tag("includes/og_meta.html", takes_context=True)
def og_meta(context, obj=None, title=None, description=None, og_type=None):
    """Open Graph and Twitter card tags; `obj` (an article or treatment) supplies the defaults."""
    request = context.get("request")
    kind = card_kinds().get(kind_of(obj)) if obj is not None else None
    title = title or (kind.title_of(obj) if kind else "") or default_title()
    description = description or (getattr(obj, "summary", "") if kind else "")
    image_alt = f"{kind.kicker}: {title}" if kind else title
    return {
        "site_name": settings.SITE_NAME,
        "og_type": og_type or ("article" if kind else "website"),
        "og_title": title,
        "og_description": description,
        "og_url": context.get("canonical_url", ""),
        "og_image": absolute_url(request, card_path(obj)),
        "og_image_alt": image_alt,
    }
