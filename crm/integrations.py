"""Integrations of the core: outbound webhook subscriptions and the periodic tasks."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from crm.access.integrations import IntegrationStatus, State
from crm.models import WebhookDelivery, WebhookSubscription

# Beat checks its schedule every few seconds; a job this late means beat is not running
# (or the job keeps failing to start).
PERIODIC_TASK_GRACE = timedelta(minutes=15)


def _webhook_status(subscription: WebhookSubscription, failed: int) -> IntegrationStatus:
    failing = bool(subscription.last_error_at) and (
        subscription.last_success_at is None or subscription.last_error_at > subscription.last_success_at
    )
    if not subscription.active:
        state, summary = State.OFF, "Switched off."
    elif failing:
        state, summary = State.ATTENTION, "The receiver is refusing or not answering our events."
    elif subscription.last_success_at:
        state, summary = State.WORKING, "Receives events."
    else:
        state, summary = State.UNKNOWN, "No event sent yet — use “Send a test event”."
    return IntegrationStatus(
        kind="Outbound webhook", name=subscription.name, enabled=subscription.active, state=state,
        summary=summary, admin_url=reverse("admin:crm_webhooksubscription_change", args=[subscription.pk]),
        last_success_at=subscription.last_success_at, last_error=subscription.last_error,
        last_error_at=subscription.last_error_at,
        details={"url": subscription.url, "events": ", ".join(subscription.events) or "all",
                 "failed deliveries": failed, "signed": bool(subscription.secret)},
    )


def _periodic_task_status(task: PeriodicTask, now) -> IntegrationStatus:
    overdue = None
    if task.enabled and task.last_run_at is not None:
        try:
            remaining = task.schedule.remaining_estimate(task.last_run_at)
        except (AttributeError, TypeError, ValueError):
            remaining = None  # a schedule kind that cannot estimate its next run
        if remaining is not None and remaining < -PERIODIC_TASK_GRACE:
            overdue = -remaining
    if not task.enabled:
        state, summary = State.OFF, "Switched off."
    elif overdue is not None:
        state, summary = State.ATTENTION, f"Late by {int(overdue.total_seconds() // 60)} minutes — is beat running?"
    elif task.last_run_at is None:
        state, summary = State.UNKNOWN, "Has not run yet."
    else:
        state, summary = State.WORKING, "Runs on schedule."
    return IntegrationStatus(
        kind="Periodic task", name=task.name, enabled=task.enabled, state=state, summary=summary,
        admin_url=reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]),
        last_success_at=task.last_run_at,
        details={"task": task.task, "schedule": str(task.interval or task.crontab or task.clocked or task.solar),
                 "queue": task.queue or "default", "total runs": task.total_run_count},
    )


def integration_statuses() -> list[IntegrationStatus]:
    from django.db.models import Count, Q

    now = timezone.now()
    subscriptions = WebhookSubscription.objects.annotate(
        failed=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.FAILED))
    )
    statuses = [_webhook_status(s, s.failed) for s in subscriptions]
    tasks = PeriodicTask.objects.select_related("interval", "crontab", "clocked", "solar").exclude(
        name="celery.backend_cleanup")
    statuses += [_periodic_task_status(task, now) for task in tasks]
    return statuses
