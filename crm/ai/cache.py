"""Per-process snapshots that every process drops together.

Provider chains, prompt templates, the catalogue and the active offline model are read on
every AI call, so each process keeps a snapshot instead of querying each time. A token in
the shared Django cache (Redis in production) says which snapshot is current: changing the
configuration deletes the token, and every web and worker process reloads on its next call
— nothing depends on one process's memory. ``max_age`` bounds staleness if the shared cache
is down or local.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

T = TypeVar("T")
_snapshots: dict[str, tuple[str, float, Any]] = {}
_lock = threading.Lock()


def _token_key(name: str) -> str:
    return f"ai:snapshot:{name}"


def snapshot(name: str, loader: Callable[[], T], *, max_age: float) -> T:
    token = cache.get(_token_key(name))
    if token is None:
        token = uuid.uuid4().hex
        cache.add(_token_key(name), token, timeout=None)
        token = cache.get(_token_key(name)) or token
    now = time.monotonic()
    current = _snapshots.get(name)
    if current and current[0] == token and now - current[1] < max_age:
        return current[2]
    value = loader()
    with _lock:
        _snapshots[name] = (token, now, value)
    return value


def invalidate(*names: str) -> None:
    """Make every process reload these snapshots on its next call."""
    for name in names:
        cache.delete(_token_key(name))
        with _lock:
            _snapshots.pop(name, None)
