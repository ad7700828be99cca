"""Machinery for `load_content`: parse shipped files with line numbers, then sync rows.

A step parses everything first (raising ContentError naming the file and line), and only then
writes, inside the command's single transaction, so a bad file leaves the database untouched.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

# The C parser when PyYAML was built with libyaml (several times faster), else the Python one.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FILE_BYTES = 1_000_000
MAX_NESTING = 50

# The load steps, registered by each content app's AppConfig.ready(). Apps are ready in
# INSTALLED_APPS order, which lists lower layers first, so references load before the pages
# that cite them.
_STEPS = []


def register_step(step):
    """Add a load step: an object with parse(content_dir) and write(parsed, *, force, report)."""
    if not any(type(existing) is type(step) for existing in _STEPS):
        _STEPS.append(step)


def registered_steps():
    return list(_STEPS)


# Context managers a load runs its writes inside (for example a cache of what every record
# looks up), registered by the apps that provide them.
_LOAD_CONTEXTS = []


def register_load_context(factory):
    if factory not in _LOAD_CONTEXTS:
        _LOAD_CONTEXTS.append(factory)


def load_contexts():
    return [factory() for factory in _LOAD_CONTEXTS]


# The editorial rules for the loader's writes, connected by the editorial app in its
# AppConfig.ready() (core may not import editorial). `held(obj)` says why a row must be left
# alone (for example a change to it waits for review), or returns None; `record(obj, write)`
# runs `write()` and records the change. Without them (editorial not installed) rows are
# simply written.
_EDITORIAL_HOOKS = {}


def register_editorial_hooks(*, held, record):
    _EDITORIAL_HOOKS.update(held=held, record=record)


def _held(obj):
    held = _EDITORIAL_HOOKS.get("held")
    return held(obj) if held else None


def _write_recorded(obj, write, *, label):
    record = _EDITORIAL_HOOKS.get("record")
    if record is None:
        write()
    else:
        record(obj, write, label=label)


class ContentError(Exception):
    def __init__(self, path, line, message):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}, line {line}: {message}")


# The history reason every row a load writes carries, so one load reads as one line of history.
LOAD_REASON_PREFIX = "load_content"


def load_reason(when=None):
    when = when or timezone.now()
    return f"{LOAD_REASON_PREFIX} {when:%Y-%m-%d %H:%M:%S.%f}"


@dataclass
class Report:
    change_reason: str = field(default_factory=load_reason)
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    held: list = field(default_factory=list)  # "label: why", left alone whatever --force says


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


def read_text(path):
    """The file's text, refused with its line when it is too large or not UTF-8."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ContentError(str(path), 1, f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(str(path), line, f"the file is not UTF-8 text (byte {raw[exc.start]:#04x})") from None


def _check_events(text, path, first_line):
    """Refuse anchors and aliases (an alias bomb expands exponentially) and deep nesting, from the
    parser's events alone: nothing has been built yet when a file is refused."""
    depth = 0
    for event in yaml.parse(text, Loader=SafeLoader):
        line = first_line + event.start_mark.line
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ContentError(path, line, "YAML anchors and aliases (& and *) are not allowed; write the value out")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise ContentError(path, line, f"the data is nested more than {MAX_NESTING} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_yaml(text, path, first_line=1):
    """Parse YAML, returning (data, node) so callers can find each item's line."""
    try:
        _check_events(text, path, first_line)
        loader = SafeLoader(text)
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
    """The keys that identify a record (its slug or key) must be there before anything else."""
    missing = [key for key in keys if record.data.get(key) in (None, "")]
    if missing:
        raise record.error(f"missing required field(s): {', '.join(missing)}")


def value_of(record, key, default=None):
    """A field's value as the file gives it, for the model's own validation to judge.

    Only the shape is checked here: a list or mapping is refused (a text field would store its
    repr). Text is stripped, as the admin's forms strip it.
    """
    value = record.data.get(key)
    if value is None:  # a key left empty counts as missing
        value = default
    if isinstance(value, list | dict):
        raise record.error(f"{key} must be a single value, not a list or a mapping", key)
    if isinstance(value, float):
        # As a form would receive it: 91.1 stays 91.1 for a decimal field (not 91.0999…), and an
        # infinity is refused by the number fields instead of overflowing.
        return repr(value)
    return value.strip() if isinstance(value, str) else value


def loaded_fields(model, *, exclude=()):
    """The fields a content file controls: the editable, non-relation fields, the model's own
    before the ones it inherits from abstract models (the order fingerprints are taken in)."""
    inherited = {
        field.name
        for base in model.__mro__[1:]
        if getattr(getattr(base, "_meta", None), "abstract", False)
        for field in base._meta.fields
    }
    fields = [
        field.name
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and not field.is_relation and field.name not in exclude
    ]
    return [name for name in fields if name not in inherited] + [name for name in fields if name in inherited]


def field_values(model, record, names, defaults=None):
    """{name: value from the file}; a missing key takes `defaults`, else the model field's default."""
    defaults = defaults or {}
    return {
        name: value_of(record, name, defaults.get(name, model._meta.get_field(name).get_default())) for name in names
    }


def validate(obj, record, *, exclude=None):
    """Run the model's own validation (fields, clean(), constraints); errors name the file and line."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise invalid(record, exc) from exc


def invalid(record, exc):
    """A ContentError for a ValidationError, at the line of the first field it names."""
    messages = "; ".join(
        " ".join(errors) if key == NON_FIELD_ERRORS else f"{key}: {' '.join(errors)}"
        for key, errors in exc.message_dict.items()
    )
    first_key = next(iter(exc.message_dict), None)
    return record.error(messages, first_key if first_key in record.key_lines else None)


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
        reason = _held(obj)
        if reason:
            report.held.append(f"{label}: {reason}")
            return None
        report.updated.append(label)
    else:
        obj = model(**lookup)
        report.created.append(label)

    def write():
        for name, value in values.items():
            setattr(obj, name, value)
        obj.source_hash = source
        obj._change_reason = report.change_reason  # read by django-simple-history
        validate(obj, record)
        obj.save()
        if after_save:
            after_save(obj)

    _write_recorded(obj, write, label=label)
    obj.refresh_from_db()
    # Stored with update() so the fingerprint describes the row exactly as it now reads back.
    model.objects.filter(pk=obj.pk).update(loaded_fingerprint=fingerprint(obj, fields, extra(obj) if extra else None))
    return obj
