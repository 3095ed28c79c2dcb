"""Outbound event webhooks: signed HTTP POSTs to the integrations that subscribed.

``event_publish`` records one delivery per interested subscription and sends each after the
surrounding transaction commits; a delivery is retried with backoff on timeouts and 5xx
answers, and its attempts are kept for inspection in admin.

Each request carries ``X-CRM-Event``, ``X-CRM-Delivery`` (unique id — receivers use it to
ignore repeats), ``X-CRM-Timestamp`` and ``X-CRM-Signature: sha256=<hex>``, the HMAC-SHA256
of ``"<timestamp>.<body>"`` with the subscription's secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any

import requests
import structlog
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone

from crm.dispatch import dispatch_on_commit
from crm.errors import PermanentError, TransientError
from crm.models import WebhookDelivery, WebhookSubscription

logger = structlog.get_logger(__name__)

RETRY_BACKOFF_SECONDS = 30
RETRY_BACKOFF_MAX_SECONDS = 3600


def event_publish(event: str, data: dict[str, Any]) -> list[WebhookDelivery]:
    """Queue ``event`` for every active subscription that wants it."""
    subscriptions = [s for s in WebhookSubscription.objects.filter(active=True) if s.wants(event)]
    return _queue_deliveries(subscriptions, event, data)


def webhook_send_test(*, subscription: WebhookSubscription) -> WebhookDelivery:
    """Queue a ``webhook.test`` event for one subscription, whatever events it chose."""
    return _queue_deliveries([subscription], "webhook.test", {"subscription": subscription.name})[0]


def _queue_deliveries(
    subscriptions: list[WebhookSubscription], event: str, data: dict[str, Any]
) -> list[WebhookDelivery]:
    if not subscriptions:
        return []
    payload = json.loads(json.dumps(
        {"event": event, "occurred_at": timezone.now().isoformat(), "data": data},
        cls=DjangoJSONEncoder,
    ))
    event_id = uuid.uuid4()
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(subscription=s, event=event, event_id=event_id, payload=payload)
        for s in subscriptions
    )
    from crm.tasks import deliver_event_webhook

    for delivery in deliveries:
        dispatch_on_commit(deliver_event_webhook, delivery.pk)
    return deliveries


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def webhook_deliver(*, delivery_id: int, final_attempt: bool = False) -> WebhookDelivery:
    """POST one delivery. Raises TransientError when it should be tried again."""
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    if delivery.status == WebhookDelivery.Status.DELIVERED:
        return delivery  # a repeated task run sends nothing twice
    subscription = delivery.subscription
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "ai-crm-webhooks/1.0",
        "X-CRM-Event": delivery.event,
        "X-CRM-Delivery": str(delivery.event_id),
        "X-CRM-Timestamp": timestamp,
    }
    if subscription.secret:
        headers["X-CRM-Signature"] = webhook_signature(subscription.secret, timestamp, body)
    delivery.attempts += 1
    now = timezone.now()
    try:
        response = requests.post(
            subscription.url, data=body, headers=headers,
            timeout=settings.EVENT_WEBHOOK_TIMEOUT_SECONDS, allow_redirects=False,
        )
    except requests.RequestException as exc:
        error: Exception = TransientError(f"{type(exc).__name__}: {exc}")
        delivery.response_status = None
    else:
        delivery.response_status = response.status_code
        if 200 <= response.status_code < 300:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = now
            delivery.last_error = ""
            delivery.save()
            WebhookSubscription.objects.filter(pk=subscription.pk).update(last_success_at=now)
            return delivery
        message = f"HTTP {response.status_code}: {response.text[:300]}"
        retryable = response.status_code in (408, 425, 429) or response.status_code >= 500
        error = TransientError(message) if retryable else PermanentError(message)

    delivery.last_error = str(error)
    give_up = isinstance(error, PermanentError) or final_attempt
    delivery.status = WebhookDelivery.Status.FAILED if give_up else WebhookDelivery.Status.PENDING
    # The task retries with exponential backoff (30 s doubling, at most an hour).
    delivery.next_attempt_at = None if give_up else now + timezone.timedelta(
        seconds=min(RETRY_BACKOFF_MAX_SECONDS, RETRY_BACKOFF_SECONDS * 2 ** (delivery.attempts - 1))
    )
    delivery.save()
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        last_error=str(error)[:500], last_error_at=now
    )
    logger.warning("webhook_delivery_failed", delivery_id=delivery.pk, crm_event=delivery.event,
                   attempt=delivery.attempts, error=str(error)[:300])
    if give_up:
        return delivery
    raise error


def webhook_deliveries_resend_stale(*, older_than_minutes: int = 15) -> int:
    """Queue again deliveries still pending long after they were created.

    A delivery whose task was lost (worker restarted before acking, broker flushed) would
    otherwise stay pending forever; running the delivery twice is harmless because a
    delivered row is never sent again.
    """
    from crm.tasks import deliver_event_webhook

    cutoff = timezone.now() - timezone.timedelta(minutes=older_than_minutes)
    never_tried = Q(next_attempt_at__isnull=True, created_at__lt=cutoff)
    retry_overdue = Q(next_attempt_at__lt=cutoff)
    stale = list(
        WebhookDelivery.objects.filter(never_tried | retry_overdue, status=WebhookDelivery.Status.PENDING)
        .values_list("pk", flat=True)[:1000]
    )
    for pk in stale:
        dispatch_on_commit(deliver_event_webhook, pk)
    return len(stale)
