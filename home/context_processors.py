from django.conf import settings

from articles.models import Category
from core.links import absolute_url


def site(request):
    """Site-wide values for base.html: no database queries here (every page pays for them)."""
    return {
        "site_name": settings.SITE_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "nav_categories": Category.choices,
        # Views may pass their own canonical_url (the comparison keeps its `t` values).
        "canonical_url": absolute_url(request, request.path) if request else "",
    }
