from __future__ import annotations

from celery import shared_task

from crm.errors import TransientError
from crm.services import events

WEBHOOK_MAX_RETRIES = 6


@shared_task(
    bind=True,
    autoretry_for=(TransientError,),
    retry_backoff=events.RETRY_BACKOFF_SECONDS,
    retry_backoff_max=events.RETRY_BACKOFF_MAX_SECONDS,
    max_retries=WEBHOOK_MAX_RETRIES,
)
def deliver_event_webhook(self, delivery_id: int) -> None:
    events.webhook_deliver(
        delivery_id=delivery_id, final_attempt=self.request.retries >= WEBHOOK_MAX_RETRIES
    )


@shared_task
def webhook_deliveries_resend_stale() -> int:
    return events.webhook_deliveries_resend_stale()
