"""`make run`'s embedded default, end to end: SQLite, filesystem broker, worker, beat, web."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
SERVICE_VARIABLES = ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "CELERY_TASK_ALWAYS_EAGER")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_embedded_default_serves_pages_and_runs_tasks(tmp_path, http_server):
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    env.update({"DATA_DIR": str(tmp_path), "DEBUG": "true", "LOG_LEVEL": "WARNING"})

    def manage(*args: str) -> str:
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    manage("migrate", "--noinput")
    manage("setup_periodic_tasks")
    assert "Demo data created" in manage("seed_demo", "--contacts", "40", "--if-empty")
    assert (tmp_path / "db.sqlite3").exists()

    port = _free_port()
    server = subprocess.Popen([sys.executable, "manage.py", "run_embedded", "--addr", f"127.0.0.1:{port}"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                status, _ = _get(f"{base}/admin/login/")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        status, login = _get(f"{base}/admin/login/")
        assert status == 200 and "csrfmiddlewaretoken" in login
        status, schema = _get(f"{base}/api/schema/")
        assert status == 200 and "/api/v1/contacts/" in schema
        status, docs = _get(f"{base}/api/docs/")
        assert status == 200 and "swagger" in docs.lower()
        status, health = _get(f"{base}/health")
        assert status == 200, health
        assert json.loads(health)["checks"]["broker"]["detail"] == "filesystem"

        # A task queued by another process reaches the embedded worker through the broker.
        manage("shell", "-c",
               "from crm.models import WebhookSubscription as W; from crm.services.events import webhook_send_test;"
               f"webhook_send_test(subscription=W.objects.create(name='t', url='{http_server.url}/hook'))")
        request = http_server.wait_for(1, timeout=60)[0]
        assert request.json()["event"] == "webhook.test"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
