"""Health of the parts the CRM depends on: database, broker and cache, each reported."""

from __future__ import annotations

import os
import time
import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from kombu import Connection


def _timed(check) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        detail = check()
        status = "ok"
    except Exception as exc:  # every failure is reported, none is raised
        detail = f"{type(exc).__name__}: {exc}"[:300]
        status = "error"
    return {"status": status, "detail": detail,
            "latency_ms": round((time.perf_counter() - started) * 1000, 1)}


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_cache() -> str:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("value written to the cache could not be read back")
    cache.delete(key)
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager (tasks run in-process)"
    if settings.CELERY_EMBEDDED_BROKER:
        folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]
        if not (os.path.isdir(folder) and os.access(folder, os.W_OK)):
            raise RuntimeError(f"embedded broker folder {folder} is missing or read-only")
        return "filesystem"
    with Connection(
        settings.CELERY_BROKER_URL,
        connect_timeout=settings.HEALTH_CHECK_TIMEOUT_SECONDS,
        transport_options={"socket_timeout": settings.HEALTH_CHECK_TIMEOUT_SECONDS},
    ) as broker:
        broker.ensure_connection(max_retries=1, timeout=settings.HEALTH_CHECK_TIMEOUT_SECONDS)
        return broker.transport_cls if isinstance(broker.transport_cls, str) else broker.transport.driver_name


def health_report() -> dict[str, Any]:
    checks = {
        "database": _timed(check_database),
        "broker": _timed(check_broker),
        "cache": _timed(check_cache),
    }
    healthy = all(c["status"] == "ok" for c in checks.values())
    return {"status": "ok" if healthy else "error", "checks": checks}
