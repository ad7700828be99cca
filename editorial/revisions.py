"""The mechanics of pending revisions: a page and its parts as JSON, applied later, compared with live.

A *tree* is an object (an article, a treatment, an answer, an aspect…) plus the parts that are
edited on its admin page (an article's what-changed notes, a treatment's answers, outcomes and
fits, an answer's points). A snapshot is that tree serialized by Django's JSON serializer:

    {"root": ["articles.article", 5], "objects": [...], "new": [[label, pk], ...],
     "deleted": [[label, pk], ...]}

`new` lists objects that did not exist when the change was made (their pks came from a save that
was rolled back, so they are never reused); `deleted` lists parts the change removes. A pending
change also keeps `base`, the tree as it was live when the change was made, so it can be carried
over onto a newer live version when the two do not touch the same field (`rebase`).
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.apps import apps
from django.core import serializers
from django.db import models

from .diff import FieldChange, text_segments

# Parts edited on each model's admin page: label -> [(part label, foreign key to the parent)].
PARTS = {
    "articles.article": [("articles.articlechangenote", "article")],
    "treatments.treatment": [
        ("treatments.answer", "treatment"),
        ("treatments.outcome", "treatment"),
        ("treatments.priorityfit", "treatment"),
    ],
    "treatments.answer": [("treatments.point", "answer")],
}
# Bookkeeping and derived fields: never part of what counts as a change, never copied back.
IGNORED_FIELDS = {
    "created_at",
    "updated_at",
    "uploaded_at",
    "body_html",
    "toc",
    "reading_minutes",
    "reading_grade",
    "source_hash",
    "loaded_fingerprint",
    "last_reviewed",
    "next_review_due",
    "reviewer_name",
    "reviewer_credentials",
    "changed_since_review",
}


def is_ignored(name):
    """Bookkeeping, or text stored rendered on save (every `*_html` field, references.rendering)."""
    return name in IGNORED_FIELDS or name.endswith("_html")


def label_of(obj_or_model):
    return obj_or_model._meta.label_lower


def tree(root):
    """The root object and its parts, root first."""
    objects = [root]
    for part_label, fk_name in PARTS.get(label_of(root), []):
        part_model = apps.get_model(part_label)
        parts = part_model._default_manager.filter(**{fk_name: root}).order_by("pk")
        # The serializer reads prefetched many-to-many rows instead of one query per part.
        many_to_many = [field.name for field in part_model._meta.many_to_many]
        objects.extend(parts.prefetch_related(*many_to_many) if many_to_many else parts)
    return objects


def keys(objects):
    return {(label_of(obj), obj.pk) for obj in objects}


def serialize(objects):
    return json.loads(serializers.serialize("json", objects))


def normalised(value):
    # Browsers send textarea lines ending in CRLF, and forms strip the ends: neither is an edit.
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


def fingerprint(entries):
    """What counts as a change: the content fields of every object in the tree (not bookkeeping)."""
    content = sorted(
        (
            entry["model"],
            entry["pk"],
            sorted((k, normalised(v)) for k, v in entry["fields"].items() if not is_ignored(k)),
        )
        for entry in entries
    )
    return hashlib.sha256(json.dumps(content, default=str, sort_keys=True).encode()).hexdigest()


def live_fingerprint(root):
    return fingerprint(serialize(tree(root))) if root is not None and root.pk else ""


def make_snapshot(root, *, before, after, new):
    """`before`/`after`: the tree's objects before and after the change; `new`: keys created by it."""
    return {
        "root": [label_of(root), root.pk],
        "objects": serialize(after),
        "new": sorted([list(key) for key in new]),
        "deleted": sorted([list(key) for key in keys(before) - keys(after)]),
    }


def _deserialized(entries):
    return list(serializers.deserialize("json", json.dumps(entries), ignorenonexistent=True))


def _point_at_created(obj, created):
    """Foreign keys to objects the snapshot adds point at the rows they got now."""
    for model_field in obj._meta.concrete_fields:
        if isinstance(model_field, models.ForeignKey):
            target = (label_of(model_field.related_model), getattr(obj, model_field.attname))
            if target in created:
                setattr(obj, model_field.attname, created[target])


def _write_over_live(obj):
    """Copy the snapshot's content fields onto the live row; None when the row was deleted since."""
    live = type(obj)._default_manager.filter(pk=obj.pk).first()
    if live is None:
        return None
    for model_field in obj._meta.concrete_fields:
        if not model_field.primary_key and not is_ignored(model_field.name):
            setattr(live, model_field.attname, getattr(obj, model_field.attname))
    live.save()
    return live


def apply_snapshot(snapshot):
    """Write the snapshot over the live rows (call inside a transaction); returns the root object."""
    new_keys = {tuple(key) for key in snapshot["new"]}
    created = {}  # (label, snapshot pk) -> the pk it got now
    root = None
    for item in _deserialized(snapshot["objects"]):
        obj = item.object
        key = (label_of(obj), obj.pk)
        _point_at_created(obj, created)
        if key in new_keys:
            obj.pk = None
            obj._state.adding = True
            obj.save()
            created[key] = obj.pk
            live = obj
        else:
            live = _write_over_live(obj)
            if live is None:  # deleted since: nothing to change
                continue
        for name, values in (item.m2m_data or {}).items():
            getattr(live, name).set(values)
        root = root or live
    for label, pk in snapshot["deleted"]:
        apps.get_model(label)._default_manager.filter(pk=pk).delete()
    return root


def snapshot_root(snapshot):
    """The root as the snapshot has it (unsaved), for labels and rendering."""
    return _deserialized(snapshot["objects"][:1])[0].object


@dataclass
class ObjectChange:
    action: str  # "added", "changed", "deleted"
    kind: str
    name: str
    fields: list = field(default_factory=list)  # [FieldChange]


def _display(model_field, value):
    if value in (None, "", []):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(model_field, models.ManyToManyField):
        related = model_field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(str(obj) for obj in related)
    return str(value)


def _field_changes(model, old_fields, new_fields):
    changes = []
    for model_field in model._meta.get_fields():
        if not getattr(model_field, "concrete", False) or is_ignored(model_field.name):
            continue
        if model_field.primary_key or not getattr(model_field, "editable", True):
            continue
        name = model_field.name
        old, new = old_fields.get(name), new_fields.get(name)
        if normalised(old) == normalised(new) or (old in (None, "") and new in (None, "")):
            continue
        is_text = isinstance(model_field, models.TextField)
        changes.append(
            FieldChange(
                name=name,
                label=str(model_field.verbose_name),
                old=_display(model_field, old),
                new=_display(model_field, new),
                is_text=is_text,
                segments=text_segments(old, new) if is_text else [],
            )
        )
    return changes


def diff_entries(before, after):
    """What differs between two lists of serialized objects, object by object, in `after`'s order."""
    old = {(entry["model"], entry["pk"]): entry for entry in before}
    new_keys = [(entry["model"], entry["pk"]) for entry in after]
    result = []
    for entry in after:
        key = (entry["model"], entry["pk"])
        model = apps.get_model(entry["model"])
        previous = old.get(key)
        fields = _field_changes(model, previous["fields"] if previous else {}, entry["fields"])
        if previous is None or fields:
            obj = _deserialized([entry])[0].object
            result.append(
                ObjectChange(
                    action="changed" if previous else "added",
                    kind=str(model._meta.verbose_name),
                    name=_safe_str(obj),
                    fields=fields,
                )
            )
    for key, entry in old.items():
        if key not in new_keys:
            model = apps.get_model(entry["model"])
            obj = _deserialized([entry])[0].object
            result.append(ObjectChange(action="deleted", kind=str(model._meta.verbose_name), name=_safe_str(obj)))
    return result


def diff_against_live(snapshot):
    """The snapshot compared with the live rows as they are now."""
    root_label, root_pk = snapshot["root"]
    model = apps.get_model(root_label)
    live_root = model._default_manager.filter(pk=root_pk).first()
    before = serialize(tree(live_root)) if live_root is not None else []
    return diff_entries(before, snapshot["objects"])


def _safe_str(obj):
    try:
        return str(obj)
    except Exception:  # a part whose parent does not exist yet  # noqa: BLE001
        return str(obj._meta.verbose_name)


class Conflict(Exception):
    """The change and the newer live version both changed the same thing."""

    def __init__(self, labels):
        super().__init__(", ".join(labels))
        self.labels = labels


def _content(entry):
    return {k: normalised(v) for k, v in entry["fields"].items() if k not in IGNORED_FIELDS}


def _label(key, entry, name=None):
    model = apps.get_model(key[0])
    what = str(model._meta.verbose_name)
    if name is None:
        return what
    try:
        return f"{what}: {model._meta.get_field(name).verbose_name}"
    except Exception:  # noqa: BLE001 - a field this version no longer has
        return f"{what}: {name}"


def _rebase_object(key, entry, before, now):
    """(the entry carried onto the live one or None when it is gone, [conflicting labels])."""
    if before is None:
        return None, [_label(key, entry)]
    if now is None:  # removed from the live page since: fine unless the change edited it
        return None, [_label(key, entry)] if _content(entry) != _content(before) else []
    mine, theirs, was = entry["fields"], now["fields"], before["fields"]
    fields, conflicts = dict(theirs), []
    for name, value in mine.items():
        if name in IGNORED_FIELDS or normalised(value) == normalised(was.get(name)):
            continue  # the change left it alone: the live value stands
        if normalised(theirs.get(name)) in (normalised(was.get(name)), normalised(value)):
            fields[name] = value
        else:
            conflicts.append(_label(key, entry, name))
    return {**entry, "fields": fields}, conflicts


def rebase(snapshot, live_entries):
    """The snapshot's change carried onto `live_entries` (the tree as it is live now).

    Field by field: what the change left alone takes the live value, what only the change
    touched keeps the change. A field (or a part) both changed differently raises Conflict.
    Returns the new snapshot, whose `base` is the live tree.
    """
    if "base" not in snapshot:
        raise Conflict([])
    base = {(e["model"], e["pk"]): e for e in snapshot["base"]}
    live = {(e["model"], e["pk"]): e for e in live_entries}
    new_keys = {tuple(key) for key in snapshot["new"]}
    conflicts, objects = [], []
    for entry in snapshot["objects"]:
        key = (entry["model"], entry["pk"])
        if key in new_keys:
            objects.append(entry)
            continue
        if key not in live and list(key) == list(snapshot["root"]):
            raise Conflict([_label(key, entry)])  # the page itself is gone
        merged, clashes = _rebase_object(key, entry, base.get(key), live.get(key))
        conflicts.extend(clashes)
        if merged is not None:
            objects.append(merged)
    deleted = []
    for label, pk in snapshot["deleted"]:
        key = (label, pk)
        if key in live and key in base and _content(live[key]) != _content(base[key]):
            conflicts.append(_label(key, live[key]))  # changed live since, and this change deletes it
        elif key in live:
            deleted.append([label, pk])
    if conflicts:
        raise Conflict(conflicts)
    return {**snapshot, "objects": objects, "deleted": deleted, "base": live_entries}
