from django import template

from search.structured_data import for_page, script_tag

register = template.Library()


@register.simple_tag(takes_context=True)
def structured_data(context):
    """<script type="application/ld+json"> describing the page (data, never run: CSP does not apply)."""
    return script_tag(for_page(context))
