"""Queue Celery tasks only once the data they read is committed.

A task queued inside a transaction could run before the commit (and read nothing) or after a
rollback (and act on data that never existed). ``robust=True`` matters as much: the data is
already committed when the callback runs, so a broker that is down must not turn the
caller's success into an error — the failure is logged and the periodic sweeps of each app
pick the row up again.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction


def dispatch_on_commit(task, *args: Any, queue: str | None = None, countdown: float | None = None,
                       **kwargs: Any) -> None:
    options = {k: v for k, v in {"queue": queue, "countdown": countdown}.items() if v is not None}
    transaction.on_commit(lambda: task.apply_async(args=args, kwargs=kwargs, **options), robust=True)
