from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.db import transaction

from crm.models import WebhookDelivery, WebhookSubscription
from crm.services.contacts import contact_create
from crm.errors import TransientError
from crm.services.events import webhook_deliver, webhook_deliveries_resend_stale
from tests.fakes.http_server import ScriptedResponse

pytestmark = pytest.mark.django_db(transaction=True)


def test_event_is_delivered_signed(http_server):
    WebhookSubscription.objects.create(name="n8n", url=f"{http_server.url}/hook",
                                       events=["contact.created"], secret="topsecret")
    contact = contact_create(first_name="Ana", email="ana@example.com")
    request = http_server.wait_for(1)[0]
    body = request.body
    timestamp = request.headers["X-CRM-Timestamp"]
    expected = hmac.new(b"topsecret", timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert request.headers["X-CRM-Signature"] == f"sha256={expected}"
    assert request.headers["X-CRM-Event"] == "contact.created"
    assert json.loads(body)["data"]["contact_id"] == contact.pk
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered" and delivery.attempts == 1


def test_unsubscribed_events_are_not_sent(http_server):
    WebhookSubscription.objects.create(name="orders only", url=http_server.url, events=["order.created"])
    contact_create(first_name="Ana")
    assert WebhookDelivery.objects.count() == 0


def test_server_error_is_retried_then_delivered_once(http_server):
    http_server.queue(ScriptedResponse(status=500), ScriptedResponse(status=503), ScriptedResponse(status=200))
    WebhookSubscription.objects.create(name="flaky", url=http_server.url)
    contact_create(first_name="Ana")  # first attempt: 500, the task asks Celery for a retry
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1 and delivery.next_attempt_at
    with pytest.raises(TransientError, match="HTTP 503"):
        webhook_deliver(delivery_id=delivery.pk)
    webhook_deliver(delivery_id=delivery.pk)
    webhook_deliver(delivery_id=delivery.pk)  # a repeated run sends nothing more
    http_server.wait_for(3)
    assert len(http_server.requests) == 3
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert delivery.attempts == 3
    ids = {r.headers["X-CRM-Delivery"] for r in http_server.requests}
    assert len(ids) == 1  # the same delivery id, so the receiver can drop repeats


def test_client_error_is_not_retried(http_server):
    http_server.queue(ScriptedResponse(status=410, body="gone"))
    subscription = WebhookSubscription.objects.create(name="gone", url=http_server.url)
    contact_create(first_name="Ana")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and delivery.attempts == 1
    assert "HTTP 410" in delivery.last_error
    subscription.refresh_from_db()
    assert "HTTP 410" in subscription.last_error


def test_nothing_is_sent_when_the_transaction_rolls_back(http_server):
    WebhookSubscription.objects.create(name="n8n", url=http_server.url)
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            contact_create(first_name="Ana")
            raise RuntimeError("rolled back")
    assert http_server.requests == []
    assert WebhookDelivery.objects.count() == 0


def test_stale_pending_deliveries_are_sent_again(http_server):
    from datetime import timedelta

    from django.utils import timezone

    subscription = WebhookSubscription.objects.create(name="n8n", url=http_server.url)
    stale = WebhookDelivery.objects.create(subscription=subscription, event="contact.created", payload={"a": 1})
    WebhookDelivery.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(hours=1))
    fresh = WebhookDelivery.objects.create(subscription=subscription, event="contact.created", payload={"a": 2})
    assert webhook_deliveries_resend_stale() == 1
    http_server.wait_for(1)
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == "delivered" and fresh.status == "pending"
