from __future__ import annotations

import pytest

from crm.models import WebhookDelivery, WebhookSubscription
from crm.services.contacts import contact_create

pytestmark = [pytest.mark.integration]


def test_real_worker_on_redis_delivers_the_event_webhook(celery_worker_process, http_server):
    worker = celery_worker_process(queues="default")
    WebhookSubscription.objects.create(name="n8n", url=f"{http_server.url}/hook", secret="k")
    contact = contact_create(first_name="Ana", email="ana@example.com")

    request = http_server.wait_for(1, timeout=30)[0]
    assert request.json()["data"]["contact_id"] == contact.pk
    delivery = WebhookDelivery.objects.get()
    for _ in range(50):
        delivery.refresh_from_db()
        if delivery.status == "delivered":
            break
        __import__("time").sleep(0.1)
    assert delivery.status == "delivered"
    assert any("deliver_event_webhook" in line for line in worker.lines)
