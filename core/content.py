"""Machinery for `load_content`: parse shipped files with line numbers, then sync rows.

A step parses everything first (raising ContentError naming the file and line), and only then
writes, inside the command's single transaction, so a bad file leaves the database untouched.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

import yaml
from django.core.exceptions import ValidationError
from django.utils import timezone


class ContentError(Exception):
    def __init__(self, path, line, message):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}, line {line}: {message}")


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


@dataclass
class Record:
    """One item read from a file: its data and where it came from, for error messages."""

    data: dict
    path: str
    line: int
    key_lines: dict = field(default_factory=dict)

    def line_of(self, key):
        return self.key_lines.get(key, self.line)

    def error(self, message, key=None):
        return ContentError(self.path, self.line_of(key) if key else self.line, message)


def load_yaml(text, path, first_line=1):
    """Parse YAML, returning (data, node) so callers can find each item's line."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem_mark", None)
        context = getattr(exc, "context_mark", None)
        line = first_line + (problem or context).line if (problem or context) else first_line
        message = f"invalid YAML: {getattr(exc, 'problem', None) or exc}"
        if problem and context and context.line != problem.line:
            message += f" ({exc.context} that starts on line {first_line + context.line})"
        raise ContentError(path, line, message) from exc
    return data, node


def mapping_key_lines(node, first_line=1):
    """{key: line} for a YAML mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: first_line + k.start_mark.line for k, _ in node.value}


def records_from_yaml_list(text, path):
    data, node = load_yaml(text, path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise ContentError(path, 1, "expected a list of items")
    records = []
    for item, item_node in zip(data, node.value, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            raise ContentError(path, line, "each item must be a mapping of field: value")
        records.append(Record(item, path, line, mapping_key_lines(item_node)))
    return records


def to_date(record, key):
    value = record.data.get(key)
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise record.error(f"{key} must be a date like 2026-11-20, not {value!r}", key) from None


def to_datetime(record, key):
    value = record.data.get(key)
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        parsed = value
    elif isinstance(value, datetime.date):
        parsed = datetime.datetime.combine(value, datetime.time())
    else:
        try:
            parsed = datetime.datetime.fromisoformat(str(value))
        except ValueError:
            raise record.error(f"{key} must be a date and time like 2026-11-01T09:00:00Z", key) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    return parsed


def require(record, *keys):
    missing = [key for key in keys if record.data.get(key) in (None, "")]
    if missing:
        raise record.error(f"missing required field(s): {', '.join(missing)}")


def _digest(value):
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def fingerprint(obj, fields, extra=None):
    values = [obj._meta.get_field(name).value_to_string(obj) for name in fields]
    return _digest([values, extra])


def sync_object(model, *, lookup, values, record, fields, force, report, label, after_save=None, extra=None):
    """Create or update one row from a shipped record, never clobbering an editor's change.

    fields: the model fields the file controls (compared to detect edits made in admin).
    extra: a callable obj -> JSON-able state of related rows that also belong to the record.
    Returns the object, or None when it was skipped because an editor changed it.
    """
    source = _digest(record.data)
    obj = model.objects.filter(**lookup).first()
    if obj is not None:
        current = fingerprint(obj, fields, extra(obj) if extra else None)
        edited = bool(obj.loaded_fingerprint) and current != obj.loaded_fingerprint
        if edited and not force:
            report.skipped.append(label)
            return None
        if obj.source_hash == source and not edited:
            report.unchanged.append(label)
            return obj
        report.updated.append(label)
    else:
        obj = model(**lookup)
        report.created.append(label)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.source_hash = source
    try:
        obj.full_clean()
    except ValidationError as exc:
        messages = "; ".join(f"{key}: {' '.join(errs)}" for key, errs in exc.message_dict.items())
        first_key = next(iter(exc.message_dict), None)
        raise record.error(messages, first_key if first_key in record.key_lines else None) from exc
    obj.save()
    if after_save:
        after_save(obj)
    obj.refresh_from_db()
    # Stored with update() so the fingerprint describes the row exactly as it now reads back.
    model.objects.filter(pk=obj.pk).update(loaded_fingerprint=fingerprint(obj, fields, extra(obj) if extra else None))
    return obj
