from django.shortcuts import render
from django.views.decorators.http import require_GET

from .cache import kept_search
from .engine import MAX_CHARS

RESULTS_PER_PAGE = 10


@require_GET
def results(request):
    """/search/?q=...: the best pages for the words, or a kind word and somewhere to go next."""
    outcome, asked_before = kept_search(request.GET.get("q", ""), limit=RESULTS_PER_PAGE)
    response = render(request, "search/results.html", {"outcome": outcome, "max_chars": MAX_CHARS})
    # Result pages are for the reader who asked, not for search engines or shared caches.
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, max-age=0"
    # The same page for everyone who asks this: this server keeps it (core.http), no one else,
    # and only once it has been asked before (its results were kept: search.cache). Most searches
    # are asked once: each then writes its results alone to the cache, not its page too, and
    # cannot push kept articles out of it.
    response.cache_on_server = asked_before
    return response
