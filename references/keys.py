"""The set of reference keys, read once per content load instead of once per rendered text.

Every article and treatment text checks its [@key] citations against the references. Outside a
load each check reads the keys afresh (an editor may just have added one). Inside
`keys_remembered()` (load_content wraps its writes in it) the first check reads them and later
ones reuse that set, until a reference is saved or deleted in the block.
"""

import contextvars
from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save

_remembered = contextvars.ContextVar("remembered_reference_keys", default=None)


def known_keys():
    from .models import Reference

    holder = _remembered.get()
    if holder is None:
        return set(Reference.objects.values_list("key", flat=True))
    if holder.get("keys") is None:
        holder["keys"] = frozenset(Reference.objects.values_list("key", flat=True))
    return holder["keys"]


@contextmanager
def keys_remembered():
    token = _remembered.set({"keys": None})
    try:
        yield
    finally:
        _remembered.reset(token)


def _forget(sender, **kwargs):
    holder = _remembered.get()
    if holder is not None:
        holder["keys"] = None


def connect():
    from .models import Reference

    for signal in (post_save, post_delete):
        signal.connect(_forget, sender=Reference, dispatch_uid=f"references-keys-{signal}")
