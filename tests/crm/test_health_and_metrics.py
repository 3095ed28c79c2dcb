from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_health_reports_each_part(client, settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_EMBEDDED_BROKER = True
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path)}
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "broker", "cache"}
    assert all(check["status"] == "ok" for check in body["checks"].values())


def test_health_reports_a_running_redis_broker(client, settings, redis_broker_url):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_EMBEDDED_BROKER = False
    settings.CELERY_BROKER_URL = redis_broker_url
    response = client.get("/health")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["broker"]["detail"] == "redis"


def test_health_reports_a_stopped_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_EMBEDDED_BROKER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    settings.HEALTH_CHECK_TIMEOUT_SECONDS = 0.5
    response = client.get("/health")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["broker"]["status"] == "error"
    assert "refused" in checks["broker"]["detail"].lower() or "error" in checks["broker"]["detail"].lower()
    assert checks["database"]["status"] == "ok" and checks["cache"]["status"] == "ok"


def test_health_reports_a_missing_embedded_broker_folder(client, settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_EMBEDDED_BROKER = True
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path / "missing")}
    response = client.get("/health")
    assert response.status_code == 503
    assert "missing" in response.json()["checks"]["broker"]["detail"]


def test_metrics_are_exposed_in_prometheus_format(client):
    client.get("/health")
    response = client.get("/metrics")
    assert response.status_code == 200
    text = response.content.decode()
    assert "django_http_requests_total_by_method_total" in text


def test_metrics_token_is_enforced_when_set(client, settings):
    settings.METRICS_TOKEN = "m-token"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer m-token").status_code == 200
