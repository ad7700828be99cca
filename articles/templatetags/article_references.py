"""The article's reference list, rendered once per distinct list instead of on every request.

Profiling the article page (cProfile of the test client) showed about a third of its time in
this list: one `{% include %}` per reference. What it shows changes only when a citation or a
cited reference changes, so the rendered HTML is kept in this process, keyed by everything it
is made of (each citation's number and every stored field of its reference) and the language.
A changed reference or numbering makes a new key, so the list can never be stale, whichever
process or command made the change; nothing has to be told to forget it.
"""

import threading
from collections import OrderedDict

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language

register = template.Library()

MAX_LISTS = 256  # a few MB per worker at most; synthetic copies of an article share one entry

_rendered = OrderedDict()
_lock = threading.Lock()


def _fingerprint(citations):
    rows = [get_language()]
    for citation in citations:
        reference = citation.reference
        rows.append(
            (citation.number, *(getattr(reference, field.attname) for field in reference._meta.concrete_fields))
        )
    return repr(rows)  # a string key, whatever types the reference's fields hold


@register.simple_tag
def article_reference_list(citations):
    """`includes/reference_list.html` for `citations` (prefetched with their references)."""
    citations = list(citations)
    if not citations:
        return ""
    if settings.DEBUG:  # templates may be edited while the development server runs
        return render_to_string("includes/reference_list.html", {"citations": citations})
    key = _fingerprint(citations)
    with _lock:
        html = _rendered.get(key)
        if html is not None:
            _rendered.move_to_end(key)
            return html
    # Autoescaped template output: a SafeString whose every field value was escaped.
    html = render_to_string("includes/reference_list.html", {"citations": citations})
    with _lock:
        _rendered[key] = html
        while len(_rendered) > MAX_LISTS:
            _rendered.popitem(last=False)
    return html


def forget_rendered_lists():
    """For tests: start with nothing kept."""
    with _lock:
        _rendered.clear()
