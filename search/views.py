from django.shortcuts import render
from django.views.decorators.http import require_GET

from .cache import cached_search
from .engine import MAX_CHARS

RESULTS_PER_PAGE = 10


@require_GET
def results(request):
    """/search/?q=...: the best pages for the words, or a kind word and somewhere to go next."""
    outcome = cached_search(request.GET.get("q", ""), limit=RESULTS_PER_PAGE)
    response = render(request, "search/results.html", {"outcome": outcome, "max_chars": MAX_CHARS})
    # Result pages are for the reader who asked, not for search engines or shared caches.
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, max-age=0"
    # The same page for everyone who asks this: this server keeps it (core.http), no one else.
    response.cache_on_server = True
    return response
