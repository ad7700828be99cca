"""/sitemap.xml: one file while the site is small, Django's sitemap index once it is large.

Search engines read at most 50,000 addresses per file, and one file of thousands of articles is
slow to build on every request. Past `SITEMAP_LIMIT` addresses, /sitemap.xml becomes an index
whose entries are the sections (/sitemap-articles.xml?p=2, ...), each with the real time its
newest page changed. Readers' copies are kept by the page cache (core.http), renewed on every
publish.
"""

from django.contrib.sitemaps import views

SITEMAP_LIMIT = 1000


def limited(sitemaps):
    """The same sections, `SITEMAP_LIMIT` addresses to a file."""
    return {
        name: type(sitemap_class.__name__, (sitemap_class,), {"limit": SITEMAP_LIMIT})
        for name, sitemap_class in sitemaps.items()
    }


def sitemap_or_index(request, *, sitemaps):
    sections = {name: sitemap_class() for name, sitemap_class in sitemaps.items()}
    for section in sections.values():
        # Counted here and listed (or paged) below: work out each section's items once.
        items = section.items()
        section.items = lambda items=items: items
    if sum(section.paginator.count for section in sections.values()) <= SITEMAP_LIMIT:
        return views.sitemap(request, sitemaps=sections)
    return views.index(request, sitemaps=sections, sitemap_url_name="sitemap-section")


def section(request, *, section, sitemaps):
    return views.sitemap(request, sitemaps=sitemaps, section=section)
