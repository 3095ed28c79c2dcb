"""A real Celery worker, in its own process, on the local Redis broker and the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from crm.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def _test_database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs a shared database: run with PostgreSQL (make test does)")
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


class WorkerProcess:
    def __init__(self, broker_url: str, queues: str, concurrency: int = 2, name: str = "w1") -> None:
        env = {**os.environ, "CELERY_BROKER_URL": broker_url, "CELERY_TASK_ALWAYS_EAGER": "false",
               "DATABASE_URL": _test_database_url(), "LOG_FORMAT": "console", "LOG_LEVEL": "INFO"}
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "crm", "worker", "-Q", queues, "-n", f"{name}@%h",
             "--pool", "threads", "--concurrency", str(concurrency), "--without-gossip",
             "--without-mingle", "--loglevel", "INFO"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(" ready." in line for line in self.lines):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError("worker did not start:\n" + "".join(self.lines[-40:]))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _forget_connections() -> None:
    """Make the app open new connections to whatever broker_url now says."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def celery_worker_process(redis_broker_url, transactional_db):
    """Start workers on demand; the test process sends its tasks to the same Redis."""
    import redis

    redis.Redis.from_url(redis_broker_url).flushdb()
    previous = {"broker_url": celery_app.conf.broker_url,
                "task_always_eager": celery_app.conf.task_always_eager}
    celery_app.conf.broker_url = redis_broker_url
    celery_app.conf.broker_transport_options = {}
    celery_app.conf.task_always_eager = False
    _forget_connections()
    workers: list[WorkerProcess] = []

    def start(queues: str = "default", concurrency: int = 2) -> WorkerProcess:
        worker = WorkerProcess(redis_broker_url, queues, concurrency, name=f"w{len(workers) + 1}")
        workers.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in workers:
        worker.stop()
    _forget_connections()
    celery_app.conf.broker_url = previous["broker_url"]
    celery_app.conf.task_always_eager = previous["task_always_eager"]
