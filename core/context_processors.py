from django.conf import settings


def site(request):
    """Site-wide values for base.html: no database queries here (every page pays for them)."""
    from articles.models import Category

    return {
        "site_name": settings.SITE_NAME,
        "contact_email": settings.CONTACT_EMAIL,
        "nav_categories": Category.choices,
        "canonical_url": request.build_absolute_uri(request.path) if request else "",
    }
