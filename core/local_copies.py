"""A process's own copies of values from the shared cache, held within a size.

core.http keeps whole pages this way (LocalPages) and core.fragments the parts of pages
(LocalParts). Each copy is named by what makes it current (the content generation among them), so
nothing here has to hear of a change: copies no request names again age out.
"""

import threading
from collections import OrderedDict


class LocalCopies:
    """Values by key, at most `max_bytes` of them as `size_of` counts, the least recently used
    dropped first. A value larger than the whole room is not kept (and drops nothing)."""

    def __init__(self, max_bytes, size_of=len):
        self.max_bytes = max_bytes
        self._size_of = size_of
        self._values = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()  # gthread workers share one copy between threads

    def get(self, key):
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key, value):
        size = self._size_of(value)
        if size > self.max_bytes:
            return
        with self._lock:
            self._drop(key)
            self._values[key] = value
            self._size += size
            while self._size > self.max_bytes:
                self._drop(next(iter(self._values)))

    def discard(self, key):
        with self._lock:
            self._drop(key)

    def clear(self):
        with self._lock:
            self._values.clear()
            self._size = 0

    def __contains__(self, key):
        return key in self._values

    def __len__(self):
        return len(self._values)

    @property
    def size(self):
        return self._size

    def _drop(self, key):  # with the lock held
        if key in self._values:
            self._size -= self._size_of(self._values.pop(key))
