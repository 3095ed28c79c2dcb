"""Print the shell exports `make test` runs under.

The suite uses the local PostgreSQL and Redis when they answer (DATABASE_URL / REDIS_URL
already set are respected), else SQLite and local memory; it says loudly what it skipped.
Only the standard library is used: this runs before Django is configured.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import sys


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def main() -> None:
    exports = {"CELERY_TASK_ALWAYS_EAGER": "true", "DEBUG": "false", "LOG_LEVEL": "WARNING"}
    notes = []
    if os.environ.get("DATABASE_URL"):
        notes.append("database: DATABASE_URL from the environment")
    elif answers("127.0.0.1", 5432):
        exports["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/crm"
        notes.append("database: local PostgreSQL (test database test_crm)")
    else:
        notes.append("database: SQLite — PostgreSQL is not answering on 127.0.0.1:5432")
    if os.environ.get("REDIS_URL") and os.environ.get("TEST_CELERY_BROKER_URL"):
        notes.append("cache and integration broker: REDIS_URL / TEST_CELERY_BROKER_URL from the environment")
    elif answers("127.0.0.1", 6379):
        exports["REDIS_URL"] = "redis://127.0.0.1:6379/15"
        exports["TEST_CELERY_BROKER_URL"] = "redis://127.0.0.1:6379/14"
        notes.append("cache and integration broker: local Redis")
    else:
        notes.append("Redis is not answering: *** tests that need a real Celery worker and "
                     "broker will be SKIPPED ***")
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not shutil.which(chromium) and not os.path.exists(chromium):
        notes.append(f"*** {chromium} is missing: the real-browser tests will be SKIPPED "
                     "(apt-get install chromium) ***")
    for note in notes:
        print(f"make test: {note}", file=sys.stderr)
    for key, value in exports.items():
        print(f"export {key}={shlex.quote(value)}")


if __name__ == "__main__":
    main()
