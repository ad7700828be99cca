"""`{% fragment "name" value ... %}...{% endfragment %}`: a part of a public page, rendered once
per content generation (see core.fragments). Everything the part shows beyond the content, the
language and the date must be named by its values."""

from django import template

from core.fragments import cached_html

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context):
        parts = (self.name.resolve(context), *(value.resolve(context) for value in self.values))
        return cached_html(context.get("request"), parts, lambda: self.nodelist.render(context))


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'fragment' needs a name: {% fragment \"name\" value ... %}")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])
