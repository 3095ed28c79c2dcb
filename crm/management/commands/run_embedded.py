"""Run the whole CRM in one terminal: web server, Celery worker and beat.

Used by `make run` in the embedded default (SQLite + kombu's filesystem broker), so the
periodic jobs fire without installing Redis. Ctrl-C stops all three.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from crm.celery import prepare_embedded_broker

QUEUES = "default,ai,email_urgent,email_high,email_normal,email_low"


def _die_with_parent() -> None:
    """Linux: have the child killed if this command is killed, so no worker is orphaned."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: Ctrl-C and SIGTERM still stop the children through stop()


class Command(BaseCommand):
    help = "Start the web server, a Celery worker and Celery beat together (development)."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000", help="Web server address:port.")
        parser.add_argument("--no-worker", action="store_true", help="Web server only.")

    def handle(self, *args, addr, no_worker, **options):
        prepare_embedded_broker()
        python = sys.executable
        processes: list[tuple[str, subprocess.Popen]] = []
        env = os.environ.copy()
        if not no_worker and not settings.CELERY_TASK_ALWAYS_EAGER:
            processes.append(("worker", subprocess.Popen(
                [python, "-m", "celery", "-A", "crm", "worker", "-Q", QUEUES, "--pool", "threads",
                 "--concurrency", "4", "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
                env=env, preexec_fn=_die_with_parent,
            )))
            processes.append(("beat", subprocess.Popen(
                [python, "-m", "celery", "-A", "crm", "beat", "--loglevel", "INFO",
                 "--schedule", str(settings.VAR_DIR / "celerybeat-schedule")],
                env=env, preexec_fn=_die_with_parent,
            )))
        processes.append(("web", subprocess.Popen(
            [python, "manage.py", "runserver", addr, "--noreload"], env=env, preexec_fn=_die_with_parent,
        )))
        self.stdout.write(self.style.SUCCESS(
            f"CRM running at http://{addr}/admin/ (" + ", ".join(n for n, _ in processes) +
            "). Ctrl-C stops everything."
        ))

        def stop(*_):
            for _, process in processes:
                if process.poll() is None:
                    process.terminate()
            deadline = time.monotonic() + 10
            for _, process in processes:
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()

        signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
        try:
            while True:
                for name, process in processes:
                    if process.poll() is not None:
                        self.stderr.write(f"{name} exited with code {process.returncode}; stopping.")
                        stop()
                        sys.exit(process.returncode or 1)
                time.sleep(1)
        except KeyboardInterrupt:
            stop()
