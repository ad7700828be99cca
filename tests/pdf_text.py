"""Reading type sizes back from a PDF made by the site (pypdf)."""

import math


def text_sizes(reader):
    """The size, in points, at which each piece of text is drawn (text matrix times page matrix)."""
    sizes = []
    for page in reader.pages:

        def visit(text, cm, tm, font_dict, font_size):
            if text.strip():
                a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
                c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
                sizes.append(round(font_size * math.sqrt(abs(a * d - b * c)), 2))

        page.extract_text(visitor_text=visit)
    return sizes
