"""Periodic jobs of the crm app, installed by `manage.py setup_periodic_tasks`."""

from crm.services.schedules import Schedule

SCHEDULES = [
    Schedule(
        name="crm: resend stale webhook deliveries",
        task="crm.tasks.webhook_deliveries_resend_stale",
        every_minutes=15,
        description="Queues again outbound event deliveries left pending (e.g. after a worker "
        "restart). Safe to run any time: delivered rows are never sent again.",
    ),
]
