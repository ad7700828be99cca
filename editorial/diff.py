"""Differences between two saved versions of a page, for the admin's "Compare versions" view."""

import difflib
import re
from dataclasses import dataclass, field

from django.db import models

TOKEN_RE = re.compile(r"\s+|[^\s]+")
# Unchanged stretches longer than this many tokens are shortened to their ends.
CONTEXT_TOKENS = 40


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    is_text: bool = False
    segments: list = field(default_factory=list)  # [(op, text)], op in "equal", "insert", "delete", "skip"


def _display(model_field, value):
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _shorten(tokens):
    text = "".join(tokens)
    if len(tokens) <= CONTEXT_TOKENS * 2:
        return [("equal", text)]
    return [
        ("equal", "".join(tokens[:CONTEXT_TOKENS])),
        ("skip", "…"),
        ("equal", "".join(tokens[-CONTEXT_TOKENS:])),
    ]


def text_segments(old, new):
    """Word-level differences between two texts, as (op, text) pairs in reading order."""
    before, after = TOKEN_RE.findall(old or ""), TOKEN_RE.findall(new or "")
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    segments = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.extend(_shorten(before[a1:a2]))
            continue
        if op in ("delete", "replace"):
            segments.append(("delete", "".join(before[a1:a2])))
        if op in ("insert", "replace"):
            segments.append(("insert", "".join(after[b1:b2])))
    return segments


def compare_versions(older, newer):
    """The fields that differ between two historical records of the same object."""
    model = older.instance_type
    delta = newer.diff_against(older, foreign_keys_are_objs=True)
    changes = []
    for change in delta.changes:
        model_field = model._meta.get_field(change.field)
        is_text = isinstance(model_field, models.TextField)
        changes.append(
            FieldChange(
                name=change.field,
                label=str(model_field.verbose_name),
                old=_display(model_field, change.old),
                new=_display(model_field, change.new),
                is_text=is_text,
                segments=text_segments(change.old, change.new) if is_text else [],
            )
        )
    return changes
