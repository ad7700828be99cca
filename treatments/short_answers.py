"""Each option's answer to each question in about one sentence, for the short printouts (the
decision guide's summary and the handouts' summary pack).

The one place to swap in the glance comparison's own one-sentence answers once they exist.
"""

import re
from dataclasses import dataclass

from .comparison import aspect_rows

# The end of a sentence: a full stop, question or exclamation mark before a space and a capital.
SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z])")
CITATION = re.compile(r"\[@[^\]]*\]")
# A first sentence shorter than this ("No.", "Unknown.") says too little on its own.
MIN_SENTENCE = 40


def _cited_keys(text):
    return [key.strip().lstrip("@") for group in CITATION.findall(text) for key in group[2:-1].split(";")]


def one_sentence(text):
    """The opening of a Markdown answer, about one sentence long, still citing every source the
    whole answer cites, so no figure loses its reference."""
    text = " ".join((text or "").split())
    end = 0
    for match in SENTENCE_END.finditer(text):
        end = match.end()
        if end >= MIN_SENTENCE:
            break
    else:
        return text
    short = text[:end]
    kept = set(_cited_keys(short))
    missing = [key for key in dict.fromkeys(_cited_keys(text)) if key not in kept]
    if missing:
        short = f"{short[:-1]} [@{'; @'.join(missing)}]{short[-1]}"
    return short


@dataclass
class ShortRow:
    question: str
    cells: list  # (treatment, the answer's stored short HTML or None), in column order


def shorten(rows):
    """treatments.comparison.AspectRow rows with each answer cut to about one sentence (stored on
    save in Answer.short_html)."""
    return [
        ShortRow(
            row.aspect.question,
            [(treatment, answer.short_html if answer else None) for treatment, answer in row.cells],
        )
        for row in rows
    ]


def short_rows(treatments, aspects):
    """One row per question any of `treatments` (answers prefetched) answers, each cell short."""
    return shorten(aspect_rows(treatments, aspects))
