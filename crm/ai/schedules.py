"""Periodic jobs of the AI gateway, installed by `manage.py setup_periodic_tasks`."""

from crm.services.schedules import Schedule

SCHEDULES = [
    Schedule(
        name="ai: check providers",
        task="crm.ai.tasks.ai_providers_check",
        every_minutes=60,
        queue="ai",
        description="One tiny call to every enabled vendor provider; the admin list shows the result "
        "(last success / last error). Costs a few tokens per provider per run.",
    ),
    Schedule(
        name="ai: purge old call log",
        task="crm.ai.tasks.ai_call_logs_purge",
        crontab={"minute": "30", "hour": "3"},
        queue="ai",
        description="Deletes AI call-log rows older than AI_CALL_LOG_RETENTION_DAYS (default 90).",
    ),
]
