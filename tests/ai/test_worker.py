"""The AI tasks on a real Celery worker consuming only the ``ai`` queue, over Redis, with
PostgreSQL shared between the test and the worker."""

from __future__ import annotations

import time

import pytest

from crm.ai import tasks
from crm.ai.models import CallLog, LocalModel, Provider
from tests.ai.conftest import API_KEY

pytestmark = [pytest.mark.integration]


def _wait_for(check, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError("the worker did not finish in time")


def test_ai_tasks_run_on_the_ai_queue_of_a_real_worker(celery_worker_process, openai_server, admin_user):
    worker = celery_worker_process(queues="ai", concurrency=1)
    provider = Provider.objects.create(name="fake-openai", kind="openai-compatible", base_url=openai_server.url,
                                       model="gpt-fake-mini", api_key=API_KEY, timeout_seconds=5)
    openai_server.queue_json({"text": "ok"}, prompt_tokens=10, completion_tokens=2)

    tasks.ai_providers_check.delay()  # routed to "ai" by the settings; the worker reads nothing else
    log = _wait_for(lambda: CallLog.objects.filter(provider=provider).first(), timeout=60)
    assert (log.outcome, log.caller, log.total_tokens) == ("ok", "task:health_check", 12)
    assert openai_server.requests[0].headers["authorization"] == f"Bearer {API_KEY}"
    provider.refresh_from_db()
    assert provider.last_success_at is not None

    tasks.ai_local_model_train.delay(admin_user.pk)
    model = _wait_for(lambda: LocalModel.objects.filter(is_active=True).first(), timeout=240)
    assert model.origin == "admin" and model.trained_by == admin_user
    assert model.metrics["intent"]["macro_f1"] >= 0.85
    _wait_for(lambda: any("ai_local_model_train" in line and "succeeded" in line for line in worker.lines), 30)
    assert not any(API_KEY in line for line in worker.lines)


@pytest.mark.django_db(transaction=True)
def test_call_log_rows_are_committed_when_the_gateway_runs_outside_a_transaction():
    from django.db import connection

    from crm.ai.gateway import ai_detect_intent

    assert not connection.in_atomic_block  # the PostgreSQL asynchronous-commit path
    response = ai_detect_intent(text="Hola, ¿a qué hora abren mañana?", caller="test")
    assert CallLog.objects.filter(request_id=response.request_id, outcome="ok", caller="test").count() == 1
