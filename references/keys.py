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


def remembered(name, compute):
    """compute() outside a load; inside one, its first result until a reference changes."""
    holder = _remembered.get()
    if holder is None:
        return compute()
    if holder.get(name) is None:
        holder[name] = compute()
    return holder[name]


def known_keys():
    from .models import Reference

    return remembered("keys", lambda: frozenset(Reference.objects.values_list("key", flat=True)))


@contextmanager
def keys_remembered():
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def _forget(sender, **kwargs):
    holder = _remembered.get()
    if holder is not None:
        holder.clear()


def connect():
    from .models import Reference

    for signal in (post_save, post_delete):
        signal.connect(_forget, sender=Reference, dispatch_uid=f"references-keys-{signal}")
